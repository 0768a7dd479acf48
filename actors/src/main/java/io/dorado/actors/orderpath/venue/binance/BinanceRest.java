package io.dorado.actors.orderpath.venue.binance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot REST, signed as rest-api.md "SIGNED Endpoint security" / "Timing security" says: the parameters
 * as a query string with {@code recvWindow} and {@code timestamp}, its HMAC-SHA256 as {@code signature}, the key
 * in {@code X-MBX-APIKEY}. Every request passes the {@link BinanceRateGate} first and reports X-MBX-USED-WEIGHT-1M
 * and Retry-After back to it.
 *
 * <p>Two refusals are sent again, and only these, because Binance answers them <em>before</em> processing the
 * request (nothing reached the matching engine): -1021 INVALID_TIMESTAMP (rest-api.md "Timing security": the
 * timestamp check comes first) after re-reading the server's clock from {@code GET /api/v3/time}, once; and 429
 * (rest-api.md "IP Limits": the limit is checked before the request is served) after its Retry-After has elapsed
 * through the gate, when that wait is short. A 418 (banned), a 5xx, a timeout or any other failure fails the
 * stage: for an order that is an unknown outcome, which the venue actor resolves by querying, never by sending
 * again.
 */
final class BinanceRest {

  private static final Logger log = LoggerFactory.getLogger(BinanceRest.class);
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final HttpClient http;
  private final URI base;
  private final BinanceCredentials credentials;
  private final BinanceRateGate gate;
  private final Duration requestTimeout;
  private final long recvWindowMillis;
  private final Duration longestRetryAfterWait;
  private final LongSupplier clock;
  /** Binance's clock minus ours, from GET /api/v3/time. */
  private final AtomicLong offsetMillis = new AtomicLong();

  BinanceRest(HttpClient http, URI base, BinanceCredentials credentials, BinanceRateGate gate, Duration requestTimeout,
      Duration recvWindow, Duration longestRetryAfterWait, LongSupplier clock) {
    this.http = http;
    this.base = base;
    this.credentials = credentials;
    this.gate = gate;
    this.requestTimeout = requestTimeout;
    this.recvWindowMillis = recvWindow.toMillis();
    this.longestRetryAfterWait = longestRetryAfterWait;
    this.clock = clock;
  }

  /** Our clock corrected by the server's: what signed requests carry as {@code timestamp}. */
  long serverNow() {
    return clock.getAsLong() + offsetMillis.get();
  }

  long recvWindowMillis() {
    return recvWindowMillis;
  }

  /** Re-reads Binance's clock (rest-api.md "Check server time") and keeps the difference to ours. */
  CompletionStage<Void> syncTime() {
    long sent = clock.getAsLong();
    return call("GET", "/api/v3/time", Map.of(), false, 1).thenAccept(json -> {
      long received = clock.getAsLong();
      long server = json.path("serverTime").asLong();
      offsetMillis.set(server - (sent + received) / 2);
      log.info("Binance clock differs from ours by {} ms", offsetMillis.get());
    });
  }

  CompletionStage<JsonNode> signed(String method, String path, Map<String, String> params, int weight) {
    return withRetries(() -> call(method, path, params, true, weight), true, 0);
  }

  CompletionStage<JsonNode> publicGet(String path, Map<String, String> params, int weight) {
    return withRetries(() -> call("GET", path, params, false, weight), false, 0);
  }

  private CompletionStage<JsonNode> withRetries(
      java.util.function.Supplier<CompletionStage<JsonNode>> request, boolean signed, int attempt) {
    return request.get().handle((json, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(json);
      Throwable cause = unwrap(failure);
      if (attempt < 2 && cause instanceof BinanceApiException e) {
        if (signed && e.code() == BinanceApiException.INVALID_TIMESTAMP) {
          // refused before processing (timestamp check first): resync, then the same request may go again
          return syncTime().thenCompose(v -> withRetries(request, signed, attempt + 1));
        }
        if (e.httpStatus() == 429 && e.retryAfter() != null && e.retryAfter().compareTo(longestRetryAfterWait) <= 0) {
          // refused before it was served; the gate holds it until Retry-After has elapsed
          return withRetries(request, signed, attempt + 1);
        }
      }
      return CompletableFuture.<JsonNode>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  private CompletionStage<JsonNode> call(String method, String path, Map<String, String> params, boolean signed,
      int weight) {
    return gate.permit(weight).thenCompose(v -> {
      Map<String, String> all = new LinkedHashMap<>(params);
      if (signed) {
        all.put("recvWindow", Long.toString(recvWindowMillis));
        all.put("timestamp", Long.toString(serverNow()));
      }
      String query = all.entrySet().stream()
          .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
          .collect(Collectors.joining("&"));
      if (signed) query = query + "&signature=" + credentials.sign(query);
      URI uri = URI.create(base.toString().replaceAll("/$", "") + path + (query.isEmpty() ? "" : "?" + query));
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
          .method(method, HttpRequest.BodyPublishers.noBody());
      if (signed) builder.header("X-MBX-APIKEY", credentials.apiKey());
      return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).thenApply(this::answer);
    });
  }

  private JsonNode answer(HttpResponse<String> response) {
    response.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(w -> {
      try {
        gate.usedWeight(Integer.parseInt(w.trim()));
      } catch (NumberFormatException ignored) {
        // a header we cannot read tells the gate nothing
      }
    });
    int status = response.statusCode();
    Duration retryAfter = response.headers().firstValue("Retry-After").map(BinanceRest::seconds).orElse(null);
    if (retryAfter != null && (status == 429 || status == 418)) gate.retryAfter(retryAfter);
    JsonNode body = parse(response.body());
    if (status >= 200 && status < 300) {
      if (body == null) throw new BinanceApiException(status, 0, "unreadable body", null);
      return body;
    }
    int code = body == null ? 0 : body.path("code").asInt(0);
    String msg = body == null ? null : body.path("msg").asText(null);
    throw new BinanceApiException(status, code, msg, retryAfter);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
