package io.dorado.actors.orderpath.venue.binance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.knowm.xchange.binance.BinanceAuthenticated;
import org.knowm.xchange.binance.dto.BinanceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import si.mazi.rescu.ClientConfig;
import si.mazi.rescu.HttpStatusIOException;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.RestProxyFactory;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * Binance spot REST on two transports. Most calls go through knowm XChange's raw Binance REST interface
 * ({@link BinanceAuthenticated}, which extends {@code Binance} for the public endpoints) as a rescu proxy on the
 * configured base URL ({@link #xchange}): XChange's DTOs and its {@code BinanceHmacDigest}, rescu's connect/read
 * timeouts, and no resilience4j decoration (rescu adds no retry; its HttpURLConnection may repeat a GET whose
 * connection dropped, harmless for a read). Three calls go on {@link java.net.http.HttpClient} ({@link #signed}):
 * placement, and query and cancel by client order id; the adapter's class comment says why (measured). Both are signed as rest-api.md "SIGNED Endpoint security" / "Timing security" says: the parameters
 * as a query string with {@code recvWindow} and {@code timestamp}, its HMAC-SHA256 as {@code signature}, the key
 * in {@code X-MBX-APIKEY}. Every request first acquires its weight from the account's {@link VenueRateLimiter}
 * (REQUEST_WEIGHT, and ORDERS for a new order); a 429/418 closes the limiter's Retry-After gate, and an answer whose
 * X-MBX-USED-WEIGHT-1M shows the minute's weight (nearly) spent by others on the same IP closes it until the next
 * minute (rest-api.md "IP Limits": the limits are per IP, not per key).
 *
 * <p>Two refusals are sent again, and only these, because Binance answers them <em>before</em> processing the
 * request (nothing reached the matching engine): -1021 INVALID_TIMESTAMP (rest-api.md "Timing security": the
 * timestamp check comes first) after re-reading the server's clock from {@code GET /api/v3/time}, once; and 429
 * (rest-api.md "IP Limits": the limit is checked before the request is served) through the limiter, which waits out
 * the Retry-After when it is short and otherwise fails the stage with {@link VenueRateLimiter.NotSent} (nothing left).
 * A 418 (banned), a 5xx, a timeout or any other failure fails the
 * stage: for an order that is an unknown outcome, which the venue actor resolves by querying, never by sending
 * again.
 */
final class BinanceRest {

  private static final Logger log = LoggerFactory.getLogger(BinanceRest.class);
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** Binance spot's REQUEST_WEIGHT per minute (exchangeInfo rateLimits), and what we keep in hand below it. */
  static final int WEIGHT_PER_MINUTE = 6000;
  static final int WEIGHT_HEADROOM = 100;

  private final HttpClient http;
  /** XChange's raw Binance REST interface, a rescu proxy on {@code base}; blocking, so it runs on {@link #blocking}. */
  private final BinanceAuthenticated xchange;
  private final ExecutorService blocking;
  private final URI base;
  private final BinanceCredentials credentials;
  private final VenueRateLimiter limiter;
  private final Duration requestTimeout;
  private final long recvWindowMillis;
  private final LongSupplier clock;
  /** Binance's clock minus ours, from GET /api/v3/time. */
  private final AtomicLong offsetMillis = new AtomicLong();

  BinanceRest(HttpClient http, URI base, BinanceCredentials credentials, VenueRateLimiter limiter,
      Duration requestTimeout, Duration recvWindow, LongSupplier clock) {
    this.http = http;
    this.base = base;
    this.credentials = credentials;
    this.limiter = limiter;
    this.requestTimeout = requestTimeout;
    this.recvWindowMillis = recvWindow.toMillis();
    this.clock = clock;
    ClientConfig config = new ClientConfig();
    config.setHttpConnTimeout((int) requestTimeout.toMillis());
    config.setHttpReadTimeout((int) requestTimeout.toMillis());
    config.setJacksonConfigureListener(BinanceXChangeDtos::configure);
    this.xchange = RestProxyFactory.createProxy(BinanceAuthenticated.class, base.toString(), config);
    this.blocking = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "binance-rest");
      t.setDaemon(true);
      return t;
    });
  }

  /** One call on XChange's proxy: its arguments for the signed parameters, in the order the interface declares them. */
  @FunctionalInterface
  interface XChangeCall<T> {
    T call(BinanceAuthenticated api, Long recvWindow, SynchronizedValueFactory<Long> timestamp, String apiKey,
        ParamsDigest signature) throws IOException;
  }

  /**
   * A call through XChange's proxy, with the same weight accounting and the same two re-sends (-1021 after a
   * resync, 429 after the wait) as {@link #signed}; every other failure fails the stage.
   */
  <T> CompletionStage<T> xchange(int weight, XChangeCall<T> request) {
    return withRetries(() -> viaXChange(weight, request), true, 0);
  }

  /** An unsigned call through XChange's proxy (exchangeInfo). */
  <T> CompletionStage<T> xchangePublic(int weight, XChangeCall<T> request) {
    return withRetries(() -> viaXChange(weight, request), false, 0);
  }

  private <T> CompletionStage<T> viaXChange(int weight, XChangeCall<T> request) {
    VenueRateLimiter.Cost cost = VenueRateLimiter.Cost.of(VenueRateLimiter.REQUEST_WEIGHT, weight);
    SynchronizedValueFactory<Long> timestamp = this::serverNow;
    return limiter.acquire(cost).thenApplyAsync(v -> {
      try {
        return request.call(xchange, recvWindowMillis, timestamp, credentials.apiKey(), credentials.xchangeSigner());
      } catch (BinanceException e) {
        if (e.getHttpStatusCode() < 400) throw new CompletionException(e); // a 2xx rescu could not read as the DTO
        throw refusal(e.getHttpStatusCode(), e.getCode(), binanceMessage(e), e.getResponseHeaders());
      } catch (HttpStatusIOException e) {
        if (e.getHttpStatusCode() < 400) throw new CompletionException(e);
        JsonNode body = parse(e.getHttpBody());
        throw refusal(e.getHttpStatusCode(), body == null ? 0 : body.path("code").asInt(0),
            body == null ? null : body.path("msg").asText(null), e.getResponseHeaders());
      } catch (IOException e) {
        throw new CompletionException(e); // a timeout or a dropped connection: the outcome is unknown
      }
    }, blocking);
  }

  /** What a non-2xx answer through XChange tells the limiter, as the Binance error it is. */
  private BinanceApiException refusal(int status, int code, String message, Map<String, List<String>> headers) {
    String weight = header(headers, "X-MBX-USED-WEIGHT-1M");
    if (weight != null) usedWeight(weight);
    String retryAfterHeader = header(headers, "Retry-After");
    Duration retryAfter = retryAfterHeader == null ? null : seconds(retryAfterHeader);
    if (status == 429 || status == 418) limiter.rateLimited(status, retryAfter);
    return new BinanceApiException(status, code, message, retryAfter);
  }

  /** BinanceException's message less rescu's " (HTTP status code: 400)" suffix: Binance's own msg. */
  private static String binanceMessage(BinanceException e) {
    String m = e.getMessage();
    int cut = m == null ? -1 : m.lastIndexOf(" (HTTP status code: ");
    return cut >= 0 ? m.substring(0, cut) : m;
  }

  private static String header(Map<String, List<String>> headers, String name) {
    if (headers == null) return null;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
    }
    return null;
  }

  void close() {
    blocking.shutdownNow();
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
    return viaXChange(1, (api, recv, ts, key, sig) -> api.time()).thenAccept(time -> {
      long received = clock.getAsLong();
      long server = time.getServerTime().getTime();
      offsetMillis.set(server - (sent + received) / 2);
      log.info("Binance clock differs from ours by {} ms", offsetMillis.get());
    });
  }

  CompletionStage<JsonNode> signed(String method, String path, Map<String, String> params, int weight) {
    return withRetries(() -> call(method, path, params, true, weight), true, 0);
  }

  private <T> CompletionStage<T> withRetries(
      java.util.function.Supplier<CompletionStage<T>> request, boolean signed, int attempt) {
    return request.get().handle((json, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(json);
      Throwable cause = unwrap(failure);
      if (attempt < 2 && cause instanceof BinanceApiException e) {
        if (signed && e.code() == BinanceApiException.INVALID_TIMESTAMP) {
          // refused before processing (timestamp check first): resync, then the same request may go again
          return syncTime().thenCompose(v -> withRetries(request, signed, attempt + 1));
        }
        if (e.httpStatus() == 429) {
          // refused before it was served; the limiter holds it until Retry-After has elapsed (or gives up: NotSent)
          return withRetries(request, signed, attempt + 1);
        }
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  private CompletionStage<JsonNode> call(String method, String path, Map<String, String> params, boolean signed,
      int weight) {
    VenueRateLimiter.Cost cost = VenueRateLimiter.Cost.of(VenueRateLimiter.REQUEST_WEIGHT, weight);
    if (method.equals("POST") && path.equals("/api/v3/order")) {
      cost = cost.and(VenueRateLimiter.ORDERS, 1).and(VenueRateLimiter.ORDERS_PER_DAY, 1);
    }
    return limiter.acquire(cost).thenCompose(v -> {
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
    response.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(this::usedWeight);
    int status = response.statusCode();
    Duration retryAfter = response.headers().firstValue("Retry-After").map(BinanceRest::seconds).orElse(null);
    if (status == 429 || status == 418) limiter.rateLimited(status, retryAfter);
    JsonNode body = parse(response.body());
    if (status >= 200 && status < 300) {
      if (body == null) throw new BinanceApiException(status, 0, "unreadable body", null);
      return body;
    }
    int code = body == null ? 0 : body.path("code").asInt(0);
    String msg = body == null ? null : body.path("msg").asText(null);
    throw new BinanceApiException(status, code, msg, retryAfter);
  }

  /** Others on this IP spent the minute's weight: nothing leaves before the next minute. */
  private void usedWeight(String header) {
    try {
      int used = Integer.parseInt(header.trim());
      if (used >= WEIGHT_PER_MINUTE - WEIGHT_HEADROOM) {
        long now = clock.getAsLong();
        limiter.rateLimited(429, Duration.ofMillis(60_000 - now % 60_000));
      }
    } catch (NumberFormatException ignored) {
      // a header we cannot read tells us nothing
    }
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
