package io.dorado.actors.orderpath.venue.oanda;

import com.oanda.v20.Context;
import com.oanda.v20.ExecuteException;
import com.oanda.v20.RequestException;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * OANDA's v20 REST API through OANDA's own Java bindings ({@code com.oanda.v20:v20:3.0.25}): a {@link Context} on the
 * configured base URL (fxPractice, fxTrade, or a fake), called once per request, never retried blindly.
 *
 * <p>The library's {@code Context.execute} is synchronous on Apache HttpClient 4.5, so calls run on a small pool of
 * this adapter's own threads. The {@code HttpClient} handed to the {@code Context} ({@link OandaContext}) is ours, because
 * the default ({@code HttpClients.createDefault()}, javap of {@code Context.<init>}) has no socket timeout (a lost
 * answer would hang a thread for ever) and keeps {@code DefaultHttpRequestRetryHandler}: ours sets connect, socket and
 * pool timeouts to {@link OandaSettings#requestTimeout} and {@code disableAutomaticRetries()} (a placement leaves once).
 * The library's {@link RequestException} carries the status, {@code errorCode} and {@code errorMessage} but no headers,
 * so a response interceptor on that client reads a 429's Retry-After into the {@link VenueRateLimiter} before the
 * library sees the answer.
 *
 * <p><b>429.</b> OANDA answers 429 when a client exceeds its request rate (best-practices page: at most 100 requests
 * per second on a persistent connection, 2 new connections per second). A 429 is a refusal before the request was
 * served, so it is sent again once the limiter's gate opens ({@link #MAX_RATE_LIMITED_ATTEMPTS} in all); a wait longer
 * than the limiter allows fails the stage with {@link VenueRateLimiter.NotSent}.
 */
final class OandaRest implements AutoCloseable {

  /** Published budgets: requests per second on a persistent connection, new connections per second. */
  static final String REQUESTS = "REQUESTS";
  static final String CONNECTIONS = "CONNECTIONS";
  static final VenueRateLimiter.Cost ONE_REQUEST = VenueRateLimiter.Cost.of(REQUESTS, 1);
  static final VenueRateLimiter.Cost ONE_CONNECTION = VenueRateLimiter.Cost.of(CONNECTIONS, 1);
  static final int MAX_RATE_LIMITED_ATTEMPTS = 3;

  /** One library call; it may throw the library's checked exceptions. */
  @FunctionalInterface
  interface Call<T> {
    T on(Context context) throws RequestException, ExecuteException;
  }

  private final Context context;
  private final CloseableHttpClient http;
  private final VenueRateLimiter limiter;
  private final ExecutorService pool;

  OandaRest(OandaSettings settings, String token, VenueRateLimiter limiter) {
    this.limiter = limiter;
    int millis = (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
    RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
        .setConnectionRequestTimeout(millis).build();
    this.http = HttpClients.custom()
        .setDefaultRequestConfig(timeouts)
        .disableAutomaticRetries()
        .setMaxConnTotal(8)
        .setMaxConnPerRoute(8)
        .addInterceptorFirst((org.apache.http.HttpResponseInterceptor) (response, ctx) -> onResponse(response))
        .build();
    this.context = new OandaContext(settings.restBaseUri().toString().replaceAll("/+$", ""), token, "dorado-fleet", http);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "oanda-rest-" + settings.venueId() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  static VenueRateLimiter limiter(String venueId, Duration maxWait) {
    return VenueRateLimiter.create(venueId, List.of(
        new VenueRateLimiter.Budget(REQUESTS, 100, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(CONNECTIONS, 2, Duration.ofSeconds(1))), maxWait);
  }

  VenueRateLimiter limiter() {
    return limiter;
  }

  private void onResponse(HttpResponse response) {
    int status = response.getStatusLine().getStatusCode();
    if (status == 429) {
      var header = response.getFirstHeader("Retry-After");
      limiter.rateLimited(status, header == null ? null : header.getValue());
    }
  }

  /** Waits for the limiter, runs the call on this adapter's threads; a 429 is waited out and sent again. */
  <T> CompletionStage<T> call(Call<T> call) {
    return attempt(call, 1);
  }

  private <T> CompletionStage<T> attempt(Call<T> call, int attempt) {
    return limiter.acquire(ONE_REQUEST).thenCompose(x -> CompletableFuture.supplyAsync(() -> {
      try {
        return call.on(context);
      } catch (RequestException | ExecuteException e) {
        throw new CompletionException(e);
      }
    }, pool)).handle((value, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(value);
      Throwable cause = unwrap(failure);
      if (cause instanceof RequestException e && e.getStatus() == 429 && attempt < MAX_RATE_LIMITED_ATTEMPTS) {
        return attempt(call, attempt + 1); // refused before it was served: after the wait it may go again
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The HTTP status of an OANDA error answer, or 0 when the request failed without one (timeout, I/O). */
  static int status(Throwable failure) {
    return unwrap(failure) instanceof RequestException e ? e.getStatus() : 0;
  }

  /** A short text for a failure: OANDA's errorCode and errorMessage, or the exception. */
  static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof RequestException e) {
      return "HTTP " + e.getStatus() + " " + (e.getErrorCode() == null ? "" : e.getErrorCode() + " ")
          + (e.getErrorMessage() == null ? "" : e.getErrorMessage());
    }
    if (cause instanceof ExecuteException e && e.getCause() instanceof IOException io) return io.toString();
    return cause.toString();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      http.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
