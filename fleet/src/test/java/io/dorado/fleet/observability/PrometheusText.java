package io.dorado.fleet.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus endpoint (text exposition format 0.0.4), read into samples. */
record PrometheusText(String text, List<PrometheusText.Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {
    boolean has(Map<String, String> wanted) {
      return labels.entrySet().containsAll(wanted.entrySet());
    }
  }

  private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static PrometheusText parse(String text) {
    var samples = new ArrayList<Sample>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      var labels = new LinkedHashMap<String, String>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) labels.put(l.group(1), l.group(2));
      }
      samples.add(new Sample(m.group(1), Map.copyOf(labels), Double.parseDouble(m.group(3))));
    }
    return new PrometheusText(text, List.copyOf(samples));
  }

  Set<String> names() {
    var names = new TreeSet<String>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The sum over every sample of {@code name} whose labels include {@code labels}; empty if there is none. */
  OptionalDouble sum(String name, Map<String, String> labels) {
    var matching = samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    return matching.isEmpty() ? OptionalDouble.empty()
        : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
  }

  OptionalDouble sum(String name) {
    return sum(name, Map.of());
  }
}
