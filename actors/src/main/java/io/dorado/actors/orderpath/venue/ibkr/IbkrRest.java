package io.dorado.actors.orderpath.venue.ibkr;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The gateway's REST API on {@link HttpClient}, every request through the account's {@link VenueRateLimiter}.
 *
 * <p><b>Pacing</b> (IBKR Web API documentation, "Pacing Limitations":
 * https://www.interactivebrokers.com/campus/ibkr-api-page/cpapi-v1/#pacing-limitations, now also
 * https://www.interactivebrokers.com/docs/web-api/trading/usage-and-availability/pacing-limitations): the gateway takes
 * 10 requests per second in all; some endpoints less — {@code /iserver/account/orders}, {@code /iserver/account/trades}
 * and {@code /portfolio/accounts} 1 per 5 seconds, {@code /tickle} 1 per second, {@code /iserver/marketdata/snapshot}
 * 10 per second. One budget per endpoint class ({@link #documentedLimiter}), each request charged to it and to the
 * global one. A request beyond answers 429 and
 * the IP goes to a penalty box for 10 minutes (repeat offenders are blocked). A 429 was refused before processing,
 * so the limiter's gate is closed for its Retry-After (the penalty box when there is none) and the request is sent
 * once more when the gate opens; a wait beyond the limiter's maxWait fails it as not sent.
 *
 * <p><b>Failures.</b> 401: {@link IbkrApiException.Kind#SESSION}; 5xx or an unreadable body:
 * {@link IbkrApiException.Kind#UNAVAILABLE}; a timeout: {@link java.net.http.HttpTimeoutException}. Any other answer,
 * an {@code {"error":...}} body included, is returned to the caller, which knows what a refusal means there.
 */
final class IbkrRest {
  static final String GLOBAL = "IBKR_GLOBAL";
  static final String LIVE_ORDERS = "IBKR_LIVE_ORDERS";
  static final String TRADES = "IBKR_TRADES";
  static final String TICKLE = "IBKR_TICKLE";
  static final String SNAPSHOT = "IBKR_SNAPSHOT";
  static final String PORTFOLIO_ACCOUNTS = "IBKR_PORTFOLIO_ACCOUNTS";

  /** IBKR's numbers as written: exact decimals. */
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  /** An answer that was not a failure: its HTTP status and body. */
  record Answer(int status, JsonNode body) {
    /** IBKR's refusal text, when the body is {@code {"error":...}} (or a one-element array of one). */
    String error() {
      JsonNode n = body.isArray() && body.size() == 1 ? body.get(0) : body;
      return n.path("error").isTextual() ? n.path("error").asText() : null;
    }
  }

  private final URI base;
  private final Duration timeout;
  private final VenueRateLimiter limiter;
  private final Duration rateLimitPause;
  private final HttpClient http;

  IbkrRest(IbkrSettings settings, VenueRateLimiter limiter) {
    this(settings.baseUrl(), settings.requestTimeout(), settings.rateLimitPause(), settings.sslContext(), limiter);
  }

  /** A gateway's REST without an account (market data: {@link IbkrMarketData}). */
  IbkrRest(URI base, Duration timeout, Duration rateLimitPause, javax.net.ssl.SSLContext ssl, VenueRateLimiter limiter) {
    this.base = base;
    this.timeout = timeout;
    this.limiter = limiter;
    this.rateLimitPause = rateLimitPause;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
    if (ssl != null) b.sslContext(ssl);
    this.http = b.build();
  }

  HttpClient http() {
    return http;
  }

  /** IBKR's published budgets as a limiter: 10/s in all, the per-endpoint ones above. */
  static VenueRateLimiter documentedLimiter(String venue, Duration maxWait) {
    return VenueRateLimiter.create(venue, List.of(
        new VenueRateLimiter.Budget(GLOBAL, 10, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(LIVE_ORDERS, 1, Duration.ofSeconds(5)),
        new VenueRateLimiter.Budget(TRADES, 1, Duration.ofSeconds(5)),
        new VenueRateLimiter.Budget(TICKLE, 1, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(SNAPSHOT, 10, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(PORTFOLIO_ACCOUNTS, 1, Duration.ofSeconds(5))), maxWait);
  }

  CompletionStage<Answer> get(String path) {
    return call("GET", path, null, null);
  }

  CompletionStage<Answer> get(String path, String budget) {
    return call("GET", path, null, budget);
  }

  CompletionStage<Answer> post(String path, Object body) {
    return call("POST", path, body, null);
  }

  CompletionStage<Answer> post(String path, Object body, String budget) {
    return call("POST", path, body, budget);
  }

  CompletionStage<Answer> delete(String path) {
    return call("DELETE", path, null, null);
  }

  private CompletionStage<Answer> call(String method, String path, Object body, String budget) {
    VenueRateLimiter.Cost cost = VenueRateLimiter.Cost.of(GLOBAL, 1);
    if (budget != null) cost = cost.and(budget, 1);
    VenueRateLimiter.Cost c = cost;
    return attempt(method, path, body, c).handle((answer, error) -> {
      if (error == null) return CompletableFuture.completedFuture(answer);
      Throwable cause = unwrap(error);
      if (cause instanceof IbkrApiException api && api.kind() == IbkrApiException.Kind.RATE_LIMITED) {
        return attempt(method, path, body, c); // refused before processing: once more when the gate opens
      }
      return CompletableFuture.<Answer>failedFuture(cause);
    }).thenCompose(s -> s);
  }

  private CompletionStage<Answer> attempt(String method, String path, Object body, VenueRateLimiter.Cost cost) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base.toString() + path)).timeout(timeout)
        .header("User-Agent", "dorado-fleet").header("Accept", "application/json");
    if (body != null) {
      String text;
      try {
        text = JSON.writeValueAsString(body);
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
      r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
    } else {
      r.method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("")
          : HttpRequest.BodyPublishers.noBody());
    }
    HttpRequest request = r.build();
    return limiter.call(cost, () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(this::answer));
  }

  private Answer answer(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 429) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      limiter.rateLimited(429, retryAfter == null ? rateLimitPause
          : VenueRateLimiter.parseRetryAfter(retryAfter, java.time.Clock.systemUTC()).orElse(rateLimitPause));
      throw new IbkrApiException(IbkrApiException.Kind.RATE_LIMITED, status, "429 Too Many Requests");
    }
    if (status == 401) {
      throw new IbkrApiException(IbkrApiException.Kind.SESSION, status, "401: the brokerage session is not authenticated");
    }
    if (status >= 500) throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, status, "HTTP " + status);
    String text = response.body();
    if (text == null || text.isBlank()) return new Answer(status, MissingNode.getInstance());
    try {
      return new Answer(status, JSON.readTree(text));
    } catch (IOException e) {
      throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, status, "HTTP " + status + " with an unreadable body");
    }
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
