package io.dorado.fleet.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A path to a field in a config file, shown as {@code bots[1].sizing.risk_pct} and looked up as the
 * JSON pointer {@code /bots/1/sizing/risk_pct}.
 */
record FieldPath(List<Object> steps) {
  static final FieldPath ROOT = new FieldPath(List.of());

  FieldPath {
    steps = List.copyOf(steps);
  }

  static FieldPath of(Object... steps) {
    return new FieldPath(List.of(steps));
  }

  static FieldPath of(List<JsonMappingException.Reference> refs) {
    var steps = new ArrayList<Object>();
    for (var r : refs) {
      if (r.getFieldName() != null) steps.add(r.getFieldName());
      else if (r.getIndex() >= 0) steps.add(r.getIndex());
    }
    return new FieldPath(steps);
  }

  FieldPath then(Object... more) {
    var all = new ArrayList<>(steps);
    all.addAll(List.of(more));
    return new FieldPath(all);
  }

  FieldPath then(FieldPath more) {
    var all = new ArrayList<>(steps);
    all.addAll(more.steps);
    return new FieldPath(all);
  }

  FieldPath parent() {
    return steps.isEmpty() ? this : new FieldPath(steps.subList(0, steps.size() - 1));
  }

  boolean isRoot() {
    return steps.isEmpty();
  }

  JsonPointer pointer() {
    JsonPointer p = JsonPointer.empty();
    for (Object s : steps) p = s instanceof Integer i ? p.appendIndex(i) : p.appendProperty(s.toString());
    return p;
  }

  @Override
  public String toString() {
    var sb = new StringBuilder();
    for (Object s : steps) {
      if (s instanceof Integer i) sb.append('[').append(i).append(']');
      else sb.append(sb.isEmpty() ? "" : ".").append(s);
    }
    return sb.toString();
  }
}
