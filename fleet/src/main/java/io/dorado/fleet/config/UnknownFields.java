package io.dorado.fleet.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds a field the target records do not have, before binding. Jackson reports unknown fields of a
 * record only after calling its constructor, whose own checks (a required field that the typo left
 * out) would otherwise hide the real mistake.
 */
final class UnknownFields {
  private UnknownFields() {}

  /** The first unknown field under {@code node} read as {@code type}, with the names that are known. */
  record Unknown(FieldPath path, String known) {}

  static Optional<Unknown> find(ObjectMapper mapper, JsonNode node, JavaType type, FieldPath at) {
    if (node == null || node.isNull()) return Optional.empty();
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (!node.isArray()) return Optional.empty();
      for (int i = 0; i < node.size(); i++) {
        var found = find(mapper, node.get(i), type.getContentType(), at.then(i));
        if (found.isPresent()) return found;
      }
      return Optional.empty();
    }
    if (type.isMapLikeType()) {
      if (!node.isObject()) return Optional.empty();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        var found = find(mapper, e.getValue(), type.getContentType(), at.then(e.getKey()));
        if (found.isPresent()) return found;
      }
      return Optional.empty();
    }
    Class<?> raw = type.getRawClass();
    if (!node.isObject() || !raw.isRecord()) return Optional.empty();
    BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
    var props = new TreeMap<String, JavaType>();
    var aliases = new TreeMap<String, JavaType>(); // @JsonAlias names are read too
    for (BeanPropertyDefinition p : bean.findProperties()) {
      props.put(p.getName(), p.getPrimaryType());
      for (var alias : p.findAliases()) aliases.put(alias.getSimpleName(), p.getPrimaryType());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      JavaType propType = props.getOrDefault(e.getKey(), aliases.get(e.getKey()));
      if (propType == null) return Optional.of(new Unknown(at.then(e.getKey()), String.join(", ", props.keySet())));
      var found = find(mapper, e.getValue(), propType, at.then(e.getKey()));
      if (found.isPresent()) return found;
    }
    return Optional.empty();
  }
}
