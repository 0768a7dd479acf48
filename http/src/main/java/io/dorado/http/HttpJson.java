package io.dorado.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import java.util.stream.Collectors;

/**
 * The API's JSON (and YAML, for bot configs): snake_case everywhere, ISO-8601 times and durations,
 * plain decimals, unknown fields refused (a typo in a config is an error, not a silent default).
 */
final class HttpJson {
  private HttpJson() {}

  static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
  static final ObjectMapper YAML = configure(YAMLMapper.builder()).build();

  /** The largest scale (either sign) and number of digits a decimal of the API may have. */
  static final int MAX_DECIMAL_DIGITS = 50;

  /**
   * Decimals as Jackson reads them, refused beyond {@link #MAX_DECIMAL_DIGITS} digits or that scale: {@code 1e999999999}
   * is three characters of JSON, but written back plainly (as the API writes decimals) or rounded it is a billion digits.
   */
  static final class BoundedDecimals extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<java.math.BigDecimal> {
    BoundedDecimals() {
      super(java.math.BigDecimal.class);
    }

    @Override
    public java.math.BigDecimal deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
        throws java.io.IOException {
      java.math.BigDecimal v = com.fasterxml.jackson.databind.deser.std.NumberDeserializers.BigDecimalDeserializer.instance
          .deserialize(p, ctxt);
      if (v != null && (Math.abs((long) v.scale()) > MAX_DECIMAL_DIGITS || v.precision() > MAX_DECIMAL_DIGITS)) {
        throw JsonMappingException.from(p, "a decimal of at most " + MAX_DECIMAL_DIGITS + " digits and exponent "
            + MAX_DECIMAL_DIGITS + " was expected");
      }
      return v;
    }
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B b) {
    return b.addModule(new com.fasterxml.jackson.databind.module.SimpleModule("bounded-decimals")
            .addDeserializer(java.math.BigDecimal.class, new BoundedDecimals()))
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION);
  }

  /** A reason a client can act on: the field and what was wrong, or the validation message of the record itself. */
  static String reasonOf(JsonProcessingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root instanceof IllegalArgumentException && root.getMessage() != null) return root.getMessage();
    String message = e.getOriginalMessage();
    if (message != null) {
      int cut = message.indexOf(" at [Source");
      if (cut > 0) message = message.substring(0, cut);
      // Type names without packages: the client needs "BigDecimal", not our class layout.
      message = message.replaceAll("\\(class [^)]*\\)", "").replaceAll("`(?:[a-z0-9]+\\.)+([A-Za-z0-9_$]+)`", "$1")
          .replace('$', '.').trim();
      if (message.length() > 200) message = message.substring(0, 200) + "...";
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String field = m.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      return field + ": " + message;
    }
    return "malformed input: " + message;
  }
}
