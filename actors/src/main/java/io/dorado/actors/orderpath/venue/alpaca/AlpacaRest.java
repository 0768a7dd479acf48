package io.dorado.actors.orderpath.venue.alpaca;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Alpaca's Trading API v2 on the JDK {@link HttpClient} (which never re-sends a POST on its own) with Jackson.
 * Every request carries the key pair as the headers {@code APCA-API-KEY-ID} and {@code APCA-API-SECRET-KEY}
 * ("Authentication": no signature, no timestamp) and first asks the account's {@link VenueRateLimiter}
 * ({@link #BUDGET}: 200 requests per minute per account, Alpaca's published limit).
 *
 * <p><b>429.</b> Alpaca answers 429 with {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (epoch seconds when the counter resets). The limiter's gate closes until that reset
 * (or a {@code Retry-After}, if one is sent; one second when neither is), and the request is sent once more after
 * it: a 429 was refused before it was served. Nothing else is retried here: a 5xx, a timeout or a broken connection
 * fails the stage ({@link AlpacaApiException#isServerError()}, {@link java.net.http.HttpTimeoutException}).
 */
final class AlpacaRest {
  /** The limiter budget for Alpaca's per-account request counter. */
  static final String BUDGET = "ALPACA_REQUESTS";
  static final int RATE_RETRIES = 1;

  /** Alpaca's numbers are strings; the few that are JSON numbers stay exact. */
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private final URI base;
  private final VenueCredentials credentials;
  private final Duration timeout;
  private final VenueRateLimiter limiter;
  private final Clock clock;
  private final HttpClient http;

  AlpacaRest(URI base, VenueCredentials credentials, Duration timeout, VenueRateLimiter limiter, Clock clock) {
    this.base = base;
    this.credentials = credentials;
    this.timeout = timeout;
    this.limiter = limiter;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Alpaca's published budget: 200 requests per minute per account, paper and live alike. */
  static VenueRateLimiter standardLimiter(String venue, Duration maxWait) {
    return VenueRateLimiter.create(venue, List.of(new VenueRateLimiter.Budget(BUDGET, 200, Duration.ofMinutes(1))),
        maxWait);
  }

  URI base() {
    return base;
  }

  CompletionStage<JsonNode> get(String path, Map<String, String> query) {
    return call("GET", path + query(query), null, 0);
  }

  CompletionStage<JsonNode> post(String path, JsonNode body) {
    return call("POST", path, body.toString(), 0);
  }

  CompletionStage<JsonNode> delete(String path) {
    return call("DELETE", path, null, 0);
  }

  private CompletionStage<JsonNode> call(String method, String pathAndQuery, String body, int rateRetries) {
    return limiter.call(VenueRateLimiter.Cost.of(BUDGET, 1), () -> send(method, pathAndQuery, body))
        .handle((result, error) -> {
          if (error == null) return CompletableFuture.completedFuture(result);
          Throwable cause = unwrap(error);
          if (cause instanceof RateLimited limited) {
            limiter.rateLimited(429, limited.wait);
            if (rateRetries < RATE_RETRIES) return call(method, pathAndQuery, body, rateRetries + 1);
            return CompletableFuture.<JsonNode>failedFuture(limited.error);
          }
          return CompletableFuture.<JsonNode>failedFuture(cause);
        }).thenCompose(stage -> stage);
  }

  private CompletionStage<JsonNode> send(String method, String pathAndQuery, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout)
        .header("APCA-API-KEY-ID", credentials.apiKey())
        .header("APCA-API-SECRET-KEY", credentials.secret())
        .header("Accept", "application/json")
        .header("User-Agent", "dorado-fleet");
    if (body != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(this::result);
  }

  private JsonNode result(HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      if (text.isBlank()) return NullNode.getInstance(); // 204 No Content (a cancel)
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        // a 2xx whose body we cannot read: the request was processed, its answer is lost
        throw new AlpacaApiException(status, 0, "unreadable body");
      }
    }
    long code = 0;
    String message = null;
    try {
      JsonNode error = JSON.readTree(text);
      code = error.path("code").asLong(0);
      message = error.path("message").isTextual() ? error.path("message").asText() : null;
    } catch (IOException | RuntimeException e) {
      message = status >= 500 ? "HTTP " + status : text.length() > 200 ? text.substring(0, 200) : text;
    }
    AlpacaApiException error = new AlpacaApiException(status, code, message);
    if (status == 429) throw new RateLimited(error, retryWait(response));
    throw error;
  }

  /** X-RateLimit-Reset (epoch seconds) or Retry-After; null when neither is readable. */
  private Duration retryWait(HttpResponse<String> response) {
    Optional<String> reset = response.headers().firstValue("X-RateLimit-Reset");
    if (reset.isPresent()) {
      try {
        long resetMillis = Long.parseLong(reset.get().trim()) * 1000;
        return Duration.ofMillis(Math.max(0, resetMillis - clock.millis()));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    return response.headers().firstValue("Retry-After")
        .flatMap(h -> VenueRateLimiter.parseRetryAfter(h, clock)).orElse(null);
  }

  /** A 429 with the wait it asked for; handled inside {@link #call}. */
  private static final class RateLimited extends RuntimeException {
    final AlpacaApiException error;
    final Duration wait;

    RateLimited(AlpacaApiException error, Duration wait) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.wait = wait;
    }
  }

  static String query(Map<String, String> params) {
    if (params == null || params.isEmpty()) return "";
    StringBuilder s = new StringBuilder("?");
    params.forEach((k, v) -> {
      if (s.length() > 1) s.append('&');
      s.append(encode(k)).append('=').append(encode(v));
    });
    return s.toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
