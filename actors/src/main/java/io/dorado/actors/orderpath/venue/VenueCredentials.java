package io.dorado.actors.orderpath.venue;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A venue account's API key and secret, read from the environment or secret files at start
 * ({@code dorado.venues.accounts.<venue>.credentials}). Never printed: {@link #toString} and its JSON form are
 * masked, so a log line, an exception message or an API payload that holds one shows {@value #MASKED} instead.
 * Only an adapter calls {@link #apiKey()} and {@link #secret()}, to sign its requests.
 */
public final class VenueCredentials {
  public static final String MASKED = "VenueCredentials[api key ****, secret ****]";

  private final String apiKey;
  private final String secret;

  private VenueCredentials(String apiKey, String secret) {
    this.apiKey = apiKey;
    this.secret = secret;
  }

  public static VenueCredentials of(String apiKey, String secret) {
    if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("the api key is empty");
    if (secret == null || secret.isBlank()) throw new IllegalArgumentException("the secret is empty");
    return new VenueCredentials(apiKey.trim(), secret.trim());
  }

  public String apiKey() {
    return apiKey;
  }

  public String secret() {
    return secret;
  }

  @JsonValue
  @Override
  public String toString() {
    return MASKED;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VenueCredentials c && apiKey.equals(c.apiKey) && secret.equals(c.secret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiKey, secret);
  }
}
