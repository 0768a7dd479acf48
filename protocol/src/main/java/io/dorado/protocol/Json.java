package io.dorado.protocol;

/** Small helpers shared by the protocol's value types. */
public final class Json {
  private Json() {}

  /** Fails with a message naming the field, so bad config and bad input explain themselves. */
  public static <T> T required(T value, String field) {
    if (value == null) throw new IllegalArgumentException(field + " is required");
    return value;
  }

  public static String requiredText(String value, String field) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is required");
    return value;
  }
}
