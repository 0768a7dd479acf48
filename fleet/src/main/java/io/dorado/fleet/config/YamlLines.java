package io.dorado.fleet.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every field and list element of a YAML document, by JSON pointer. Jackson's tree has
 * no locations, so the loader reads the document once more as a token stream to point errors found
 * after binding (cross-file references, ranges) at their line.
 */
final class YamlLines {
  private final Map<String, Integer> lines;

  private YamlLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  static YamlLines index(String yaml) throws IOException {
    var lines = new HashMap<String, Integer>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME || t.isScalarValue() || t.isStructStart()) {
          // At a field name the context's pointer already ends with that name; at a value inside an
          // array it ends with the element's index.
          String pointer = p.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        }
      }
    }
    return new YamlLines(lines);
  }

  /** The line of {@code path}, or of its nearest ancestor present in the file (0 when none is). */
  int lineOf(FieldPath path) {
    for (FieldPath p = path; ; p = p.parent()) {
      Integer line = lines.get(p.pointer().toString());
      if (line != null) return line;
      if (p.isRoot()) return 0;
    }
  }

  boolean has(FieldPath path) {
    return lines.containsKey(path.pointer().toString());
  }
}
