package io.dorado.actors.orderpath.venue.kraken;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.knowm.xchange.kraken.KrakenAuthenticated;
import org.knowm.xchange.kraken.dto.KrakenResult;
import org.knowm.xchange.kraken.dto.trade.KrakenTrade;
import org.knowm.xchange.kraken.dto.trade.results.KrakenTradeHistoryResult.KrakenTradeHistory;
import si.mazi.rescu.ClientConfig;
import si.mazi.rescu.HttpStatusIOException;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.RestProxyFactory;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * The private reads that go through knowm XChange 5.2.0: its raw Kraken REST interface ({@link KrakenAuthenticated})
 * as a rescu proxy on the configured base URL, signed by XChange's {@code KrakenDigest} (the same API-Sign as
 * {@link KrakenSigner}) with the key's one nonce sequence ({@link KrakenRest#nonces()}, handed to the proxy as its
 * {@code nonce} argument), and sent in {@link KrakenRest#privateLane}: one private call at a time with ours, the same
 * request gate, the same re-sign after {@code EAPI:Invalid nonce} and wait after the rate-limit error.
 *
 * <p>Not XChange's high-level {@code KrakenExchange}: its services build the same proxy through
 * {@code ExchangeRestProxyBuilder} with resilience4j decorations (retries outside our gate and lane), sign with
 * {@code BaseExchange.getNonceFactory()} — a {@code CurrentTimeIncrementalNonceFactory(MILLISECONDS)} (javap of
 * {@code BaseExchange.<init>}), milliseconds against our microseconds, so every XChange call would be refused — and
 * turn only the first error string into an exception ({@code KrakenBaseService.checkResult}). Here a
 * {@link KrakenResult} with errors becomes {@link KrakenApiException} with all of Kraken's strings, classified as for
 * our own calls; a non-2xx answer arrives from rescu as {@link HttpStatusIOException} (5xx: UNAVAILABLE).
 *
 * <p>rescu sends on {@code HttpURLConnection}, which sends a POST again when the connection drops after the request
 * went out — measured here too ({@code KrakenXChangeReadsTest}: TradesHistory sent twice, the same body, so the same
 * nonce and signature). If the first arrived, Kraken refuses the copy with {@code EAPI:Invalid nonce} (its nonce is no
 * longer above the highest) and the lane re-signs it with a new nonce: a read asked twice, harmless. Orders never go
 * this way.
 */
final class KrakenXChangeReads {
  private final KrakenRest rest;
  private final KrakenAuthenticated kraken;
  private final String apiKey;
  private final ParamsDigest signer;
  private final SynchronizedValueFactory<Long> nonces;
  /** rescu blocks: its calls run here, still one at a time (the lane waits for each answer). */
  private final ExecutorService blocking = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kraken-xchange");
    t.setDaemon(true);
    return t;
  });

  KrakenXChangeReads(URI base, KrakenCredentials credentials, Duration timeout, KrakenRest rest) {
    this.rest = rest;
    this.apiKey = credentials.apiKey();
    this.signer = credentials.xchangeDigest();
    this.nonces = rest.nonces(); // the key's one sequence, never XChange's own factory (see the class comment)
    ClientConfig config = new ClientConfig();
    config.setHttpConnTimeout((int) timeout.toMillis());
    config.setHttpReadTimeout((int) timeout.toMillis());
    this.kraken = RestProxyFactory.createProxy(KrakenAuthenticated.class, base.toString(), config);
  }

  /**
   * TradesHistory (cost 2 on Kraken's counter) from {@code start} (exclusive, unix seconds), {@code ofs} into the
   * result; {@code trades=false} is sent because XChange's {@code boolean} parameter is always sent (Kraken's default).
   */
  CompletionStage<KrakenTradeHistory> tradesHistory(long start, int ofs) {
    return call(2, api -> api.tradeHistory(null, false, Long.toString(start), null, ofs > 0 ? (long) ofs : null,
        apiKey, signer, nonces));
  }

  /** QueryTrades by trade id (up to 20, Kraken's limit). */
  CompletionStage<Map<String, KrakenTrade>> queryTrades(List<String> tradeIds) {
    return call(1, api -> api.queryTrades(false, String.join(",", tradeIds), apiKey, signer, nonces));
  }

  /** GetWebSocketsToken: the token the authenticated WebSocket subscribes with. */
  CompletionStage<String> webSocketToken() {
    return this.<org.knowm.xchange.kraken.dto.account.KrakenWebsocketToken>call(1,
        api -> api.getWebsocketToken(null, null, apiKey, signer, nonces)).thenApply(t -> t.getToken());
  }

  void close() {
    blocking.shutdownNow();
  }

  @FunctionalInterface
  private interface Call<T> {
    KrakenResult<T> on(KrakenAuthenticated api) throws IOException;
  }

  /** In the private lane: each attempt (the first, and every re-sign) takes a new nonce when rescu builds it. */
  private <T> CompletionStage<T> call(int cost, Call<T> call) {
    return rest.privateLane(cost, () -> CompletableFuture.supplyAsync(() -> result(invoke(call)), blocking));
  }

  private <T> KrakenResult<T> invoke(Call<T> call) {
    try {
      return call.on(kraken);
    } catch (HttpStatusIOException e) {
      if (e.getHttpStatusCode() >= 500) {
        throw new KrakenApiException(KrakenApiException.Kind.UNAVAILABLE, "HTTP " + e.getHttpStatusCode());
      }
      throw new KrakenApiException(KrakenApiException.Kind.OTHER, "HTTP " + e.getHttpStatusCode());
    } catch (IOException e) {
      throw new CompletionException(e); // a timeout or a dropped connection
    }
  }

  private static <T> T result(KrakenResult<T> answer) {
    String[] errors = answer.getError();
    if (errors != null && errors.length > 0) throw new KrakenApiException(Arrays.asList(errors));
    return answer.getResult();
  }
}
