package io.dorado.actors.orderpath.venue.kraken;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Kraken's spot REST API on {@link HttpClient}: public GETs, and private POSTs (form-encoded, signed with
 * {@link KrakenSigner}, each with a nonce); and the private lane every private call of the adapter goes through,
 * ours and XChange's ({@link KrakenXChangeReads}).
 *
 * <p><b>Nonces.</b> Every private call takes its nonce from the key's one {@link KrakenNonces} sequence when it is
 * sent. Kraken refuses a nonce not above the highest it has seen for the key ({@code EAPI:Invalid nonce}), so private
 * calls go out one at a time through {@link #privateLane} (two in flight could arrive out of order), whichever
 * client signs them. On {@code EAPI:Invalid nonce} — which Kraken answers before it processes the request, so nothing
 * was done — the lane reads Kraken's clock ({@code /0/public/Time}), moves the sequence past it and re-signs the same
 * request (a new nonce, a new signature), at most {@link #NONCE_RETRIES} times. No other error is retried here except
 * the rate limit, also refused before processing.
 *
 * <p><b>Failures.</b> A non-empty {@code error} array fails the stage with {@link KrakenApiException}; an HTTP 5xx with
 * {@link KrakenApiException.Kind#UNAVAILABLE}; a timeout with {@link java.net.http.HttpTimeoutException}. The adapter
 * maps them; a failed place is UNKNOWN to the venue actor, which queries.
 */
final class KrakenRest {
  static final int NONCE_RETRIES = 3;
  static final int RATE_RETRIES = 1;
  /** How long everything holds after Kraken's rate-limit error: a full starter-tier point decays in ~3 s. */
  static final Duration DEFAULT_RATE_PAUSE = Duration.ofSeconds(4);

  /** Kraken's numbers as they were written: exact decimals, trailing zeros kept (50010.0 stays 50010.0). */
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  private final URI base;
  private final KrakenCredentials credentials;
  private final Duration timeout;
  private final KrakenRequestGate gate;
  private final Duration ratePause;
  private final HttpClient http;
  private final KrakenNonces nonces;
  /** Private calls, one after the other (see nonces). */
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  KrakenRest(URI base, KrakenCredentials credentials, Duration timeout, KrakenRequestGate gate, Duration ratePause,
      Clock clock) {
    this.base = base;
    this.credentials = credentials;
    this.timeout = timeout;
    this.gate = gate;
    this.ratePause = ratePause;
    this.nonces = new KrakenNonces(clock);
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** GET /0/public/{method}. */
  CompletionStage<JsonNode> publicGet(String method, Map<String, String> params) {
    String query = params.isEmpty() ? "" : "?" + form(params);
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/0/public/" + method + query)).timeout(timeout).GET()
        .header("User-Agent", "dorado-fleet").build();
    return gate.call(1, () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(KrakenRest::result));
  }

  /** POST /0/private/{method}, signed, in the private lane. */
  CompletionStage<JsonNode> privatePost(String method, Map<String, String> params, int cost) {
    return privateLane(cost, () -> send(method, params));
  }

  /**
   * Runs {@code signedRequest} after every private call before it has answered, through the request gate at
   * {@code cost}; it must take its nonce from {@link #nonces()} when called, as it is called again (re-signed) after
   * {@code EAPI:Invalid nonce} and after the rate-limit wait.
   */
  <T> CompletionStage<T> privateLane(int cost, Supplier<CompletionStage<T>> signedRequest) {
    CompletableFuture<T> done = new CompletableFuture<>();
    synchronized (this) {
      CompletableFuture<?> previous = tail;
      tail = previous.handle((x, e) -> null)
          .thenCompose(x -> attempt(signedRequest, cost, 0, 0).toCompletableFuture())
          .whenComplete((r, e) -> {
            if (e != null) done.completeExceptionally(unwrap(e));
            else done.complete(r);
          })
          .handle((x, e) -> null);
    }
    return done;
  }

  /** The key's nonce sequence, for every client that signs private calls. */
  KrakenNonces nonces() {
    return nonces;
  }

  private <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> signedRequest, int cost, int nonceRetries,
      int rateRetries) {
    return gate.call(cost, signedRequest).handle((result, error) -> {
      if (error == null) return CompletableFuture.completedFuture(result);
      Throwable cause = unwrap(error);
      if (cause instanceof KrakenApiException api) {
        if (api.kind() == KrakenApiException.Kind.INVALID_NONCE && nonceRetries < NONCE_RETRIES) {
          return resyncNonce().thenCompose(x -> attempt(signedRequest, cost, nonceRetries + 1, rateRetries));
        }
        if (api.kind() == KrakenApiException.Kind.RATE_LIMITED) {
          gate.rateLimited(ratePause);
          if (rateRetries < RATE_RETRIES) return attempt(signedRequest, cost, nonceRetries, rateRetries + 1);
        }
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  private CompletionStage<JsonNode> send(String method, Map<String, String> params) {
    String path = "/0/private/" + method;
    String nonce = Long.toString(nextNonce());
    Map<String, String> body = new LinkedHashMap<>();
    body.put("nonce", nonce);
    body.putAll(params);
    String postData = form(body);
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("API-Key", credentials.apiKey())
        .header("API-Sign", KrakenSigner.sign(path, nonce, postData, credentials))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .header("User-Agent", "dorado-fleet")
        .POST(HttpRequest.BodyPublishers.ofString(postData)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(KrakenRest::result);
  }

  long nextNonce() {
    return nonces.next();
  }

  /** Moves the nonce sequence past Kraken's clock (and at least a second further than before). */
  private CompletionStage<Void> resyncNonce() {
    return publicGet("Time", Map.of()).handle((result, error) -> {
      nonces.resync(error == null && result.has("unixtime") ? result.get("unixtime").asLong() : null);
      return null;
    });
  }

  private static JsonNode result(HttpResponse<String> response) {
    if (response.statusCode() >= 500) {
      throw new KrakenApiException(KrakenApiException.Kind.UNAVAILABLE, "HTTP " + response.statusCode());
    }
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new KrakenApiException(KrakenApiException.Kind.UNAVAILABLE,
          "HTTP " + response.statusCode() + " with an unreadable body");
    }
    List<String> errors = new ArrayList<>();
    root.path("error").forEach(e -> errors.add(e.asText()));
    if (!errors.isEmpty()) throw new KrakenApiException(errors);
    if (response.statusCode() >= 400) {
      throw new KrakenApiException(KrakenApiException.Kind.OTHER, "HTTP " + response.statusCode());
    }
    return root.path("result");
  }

  static String form(Map<String, String> params) {
    StringBuilder s = new StringBuilder();
    params.forEach((k, v) -> {
      if (s.length() > 0) s.append('&');
      s.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return s.toString();
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
