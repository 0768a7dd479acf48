package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.protocol.market.VenueMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How an {@link IbkrAdapter} reaches one account through the Client Portal gateway (or its fake).
 *
 * @param accountId the IBKR account the orders clear to (DU... for a paper account, U... for a live one)
 * @param baseUrl the gateway's REST base, {@code https://localhost:5000/v1/api} by default
 * @param webSocketUrl the gateway's WebSocket ({@code wss://localhost:5000/v1/api/ws}); null: derived from baseUrl
 * @param symbols universe symbol to IBKR contract: a conid (digits) or a stock ticker, looked up once through
 *     {@code /iserver/secdef/search} and cached
 * @param tickleInterval how often {@code POST /tickle} keeps the session alive (IBKR: about once a minute)
 * @param tradesLookBackDays the {@code days} of {@code /iserver/account/trades} for a gap-fill from nothing (1 to 7:
 *     IBKR keeps at most 7 days there)
 * @param rateLimitPause how long everything holds after a 429 without Retry-After (IBKR's penalty box: 10 minutes)
 * @param sslContext trusts the gateway's certificate (a configured trust store, {@link #trustStore}); null: the JDK's
 *     default trust (a gateway with a certificate from a public CA, or plain http to a fake)
 */
public record IbkrSettings(String venueId, VenueMode mode, String accountId, URI baseUrl, URI webSocketUrl,
    Map<String, String> symbols, Duration requestTimeout, Duration tickleInterval, int tradesLookBackDays,
    Duration reconnectBackoff, Duration maxReconnectBackoff, Duration rateLimitPause, SSLContext sslContext) {

  public static final URI DEFAULT_BASE = URI.create("https://localhost:5000/v1/api");
  /** IBKR's penalty box after a 429 (Web API "Pacing Limitations"). */
  public static final Duration PENALTY_BOX = Duration.ofMinutes(10);

  public IbkrSettings {
    if (accountId == null || accountId.isBlank()) throw new IllegalArgumentException("ibkr needs an account id");
    if (symbols == null || symbols.isEmpty()) throw new IllegalArgumentException("ibkr venue " + venueId + " maps no symbols");
    symbols = Map.copyOf(symbols);
    baseUrl = baseUrl == null ? DEFAULT_BASE : baseUrl;
    if (webSocketUrl == null) {
      String s = baseUrl.toString().replaceFirst("^http", "ws");
      webSocketUrl = URI.create((s.endsWith("/") ? s : s + "/") + "ws");
    }
    if (tradesLookBackDays < 1 || tradesLookBackDays > 7) {
      throw new IllegalArgumentException("ibkr trades look-back is 1 to 7 days, was " + tradesLookBackDays);
    }
  }

  /** The production defaults for an account: the local gateway, a tickle a minute, one day of trades on a gap-fill. */
  public static IbkrSettings of(String venueId, VenueMode mode, String accountId, URI baseUrl,
      Map<String, String> symbols, SSLContext sslContext) {
    return new IbkrSettings(venueId, mode, accountId, baseUrl, null, symbols, Duration.ofSeconds(10),
        Duration.ofMinutes(1), 1, Duration.ofSeconds(1), Duration.ofSeconds(30), PENALTY_BOX, sslContext);
  }

  public IbkrSettings withTimings(Duration request, Duration tickle, Duration reconnect, Duration ratePause) {
    return new IbkrSettings(venueId, mode, accountId, baseUrl, webSocketUrl, symbols, request, tickle,
        tradesLookBackDays, reconnect, maxReconnectBackoff, ratePause, sslContext);
  }

  /**
   * An SSL context trusting exactly the certificates of a trust store (the gateway's self-signed certificate
   * imported with {@code keytool -importcert}). There is deliberately no trust-all option: a man in the middle of
   * the gateway connection could place orders.
   */
  public static SSLContext trustStore(Path path, char[] password, String type) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
      store.load(in, password);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("ibkr trust store " + path + " cannot be read: " + e.getMessage(), e);
    }
  }
}
