package io.dorado.cluster.venues;

import com.typesafe.config.Config;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.binance.BinanceCredentials;
import io.dorado.actors.orderpath.venue.binance.BinanceSettings;
import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrSettings;
import io.dorado.actors.orderpath.venue.kraken.KrakenCredentials;
import io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapter;
import io.dorado.actors.orderpath.venue.kraken.KrakenSymbol;
import io.dorado.actors.orderpath.venue.oanda.OandaAdapter;
import io.dorado.actors.orderpath.venue.oanda.OandaSettings;
import io.dorado.protocol.market.VenueMode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real venues this build ships, as {@link VenueKind}s: how a configured account (fleet/CONFIG.md, "Venues")
 * becomes its adapter. Binance spot serves its testnet (broker_paper: https://testnet.binance.vision) and live;
 * Kraken spot has no spot testnet, so it serves live only (a broker_paper Kraken account fails the node's start);
 * Alpaca serves its paper endpoint (broker_paper: https://paper-api.alpaca.markets) and live.
 * OANDA serves its fxPractice accounts (broker_paper) and fxTrade (live).
 * Interactive Brokers serves a paper account (broker_paper) or a live one through the Client Portal gateway.
 */
final class RealVenueKinds {
  private RealVenueKinds() {}

  /**
   * {@code kind = binance}: symbols BTC = BTCUSDT; {@code quote-asset} (default USDT); URLs default to the mode's
   * (testnet for broker_paper, api.binance.com for live).
   */
  static VenueKind binance() {
    return VenueKind.real("binance", account -> {
      String quote = setting(account.settings(), "quote-asset", "USDT");
      boolean live = account.mode() == VenueMode.LIVE;
      URI rest = account.restUrl() != null ? URI.create(account.restUrl())
          : live ? BinanceSettings.LIVE_REST : BinanceSettings.TESTNET_REST;
      URI stream = account.streamUrl() != null ? URI.create(account.streamUrl())
          : live ? BinanceSettings.LIVE_WEBSOCKET_API : BinanceSettings.TESTNET_WEBSOCKET_API;
      var settings = new BinanceSettings(account.id(), account.mode(), account.account(), rest, stream, account.symbols(),
          quote, null, null, null, null, null);
      return new BinanceSpotAdapter(settings,
          BinanceCredentials.of(account.credentials().apiKey(), account.credentials().secret()));
    });
  }

  /**
   * {@code kind = kraken}: symbols BTC = "XBT/USD" (Kraken's wsname); the REST pair key is Kraken's legacy name
   * (X + base + Z + quote, XXBTZUSD) unless {@code rest-pairs { BTC = ... }} says otherwise.
   */
  static VenueKind kraken() {
    return new VenueKind("kraken", Set.of(VenueMode.LIVE), true, true, account -> {
      List<KrakenSymbol> symbols = new ArrayList<>();
      for (Map.Entry<String, String> e : account.symbols().entrySet()) {
        String wsName = e.getValue();
        String restPair = setting(account.settings(), "rest-pairs.\"" + e.getKey() + "\"", legacyPair(wsName));
        symbols.add(KrakenSymbol.of(e.getKey(), wsName, restPair));
      }
      if (symbols.isEmpty()) throw new IllegalArgumentException("kraken venue " + account.id() + " maps no symbols");
      var settings = KrakenSpotAdapter.Settings.production();
      if (account.restUrl() != null || account.streamUrl() != null) {
        settings = settings.withEndpoints(
            account.restUrl() != null ? URI.create(account.restUrl()) : settings.restBase(),
            account.streamUrl() != null ? URI.create(account.streamUrl()) : settings.webSocketUrl());
      }
      String quote = setting(account.settings(), "quote-asset", symbols.get(0).quoteAsset());
      return KrakenSpotAdapter.forAccount(account.id(), account.account(), account.mode(),
          KrakenCredentials.of(account.credentials().apiKey(), account.credentials().secret()), settings, symbols, quote);
    });
  }

  /**
   * {@code kind = alpaca}: equities under their own symbol (AAPL), crypto mapped to Alpaca's pair (BTC = "BTC/USD");
   * URLs default to the mode's (paper-api.alpaca.markets for broker_paper, api.alpaca.markets for live).
   */
  static VenueKind alpaca() {
    return VenueKind.real("alpaca", account -> {
      var settings = AlpacaAdapter.Settings.forMode(account.mode());
      if (account.restUrl() != null || account.streamUrl() != null) {
        settings = settings.withEndpoints(
            account.restUrl() != null ? URI.create(account.restUrl()) : settings.restBase(),
            account.streamUrl() != null ? URI.create(account.streamUrl()) : settings.streamUrl());
      }
      return AlpacaAdapter.forAccount(account.id(), account.account(), account.mode(), account.credentials(), settings,
          account.symbols());
    });
  }

  /**
   * {@code kind = oanda}: symbols EUR = EUR_USD (OANDA's instrument names); broker_paper trades an fxPractice account
   * (api-fxpractice / stream-fxpractice.oanda.com), live an fxTrade one (api-fxtrade / stream-fxtrade.oanda.com). The
   * credentials' api key is the OANDA account id (101-004-1234567-001), the secret its personal access token.
   */
  static VenueKind oanda() {
    return VenueKind.real("oanda", account -> {
      var settings = OandaSettings.of(account.id(), account.mode(), account.credentials().apiKey(), account.symbols());
      if (account.restUrl() != null || account.streamUrl() != null) {
        settings = settings.at(
            account.restUrl() != null ? URI.create(account.restUrl()) : settings.restBaseUri(),
            account.streamUrl() != null ? URI.create(account.streamUrl()) : settings.streamBaseUri());
      }
      return OandaAdapter.forAccount(settings, account.credentials());
    });
  }

  /**
   * {@code kind = ibkr}: Interactive Brokers through the Client Portal gateway the operator runs and logs in to
   * ({@code rest-url}, default https://localhost:5000/v1/api; the WebSocket is {@code <rest-url>/ws} unless
   * {@code stream-url} says otherwise). {@code account} is the IBKR account id and is required: broker_paper takes a
   * paper account (IBKR's paper ids start with D: DU…), live refuses one. No credentials: the gateway holds the
   * login. Symbols map to a conid (digits) or a stock ticker (searched once). The gateway's self-signed certificate is
   * trusted through {@code trust-store { path, password, type }} (import it with keytool; the password may come
   * from the environment with HOCON's {@code ${?VAR}}); without one the JDK's default trust applies, which refuses a
   * self-signed certificate. There is no trust-all setting.
   */
  static VenueKind ibkr() {
    return new VenueKind("ibkr", Set.of(VenueMode.BROKER_PAPER, VenueMode.LIVE), false, true, account -> {
      if (!account.settings().hasPath("account")) {
        throw new IllegalArgumentException("ibkr venue " + account.id() + " needs account = <IBKR account id>");
      }
      String id = account.account();
      boolean paperId = id.startsWith("D");
      if (account.mode() == VenueMode.BROKER_PAPER && !paperId) {
        throw new IllegalArgumentException("ibkr venue " + account.id() + " is broker_paper but " + id
            + " is not a paper account (IBKR paper ids start with D)");
      }
      if (account.mode() == VenueMode.LIVE && paperId) {
        throw new IllegalArgumentException("ibkr venue " + account.id() + " is live but " + id + " is a paper account");
      }
      Config s = account.settings();
      javax.net.ssl.SSLContext trust = s.hasPath("trust-store.path")
          ? IbkrSettings.trustStore(Path.of(s.getString("trust-store.path")),
              s.hasPath("trust-store.password") ? s.getString("trust-store.password").toCharArray() : null,
              setting(s, "trust-store.type", "PKCS12"))
          : null;
      URI base = account.restUrl() != null ? URI.create(account.restUrl()) : IbkrSettings.DEFAULT_BASE;
      var settings = IbkrSettings.of(account.id(), account.mode(), id, base, account.symbols(), trust);
      if (account.streamUrl() != null) {
        settings = new IbkrSettings(settings.venueId(), settings.mode(), id, base, URI.create(account.streamUrl()),
            settings.symbols(), settings.requestTimeout(), settings.tickleInterval(), settings.tradesLookBackDays(),
            settings.reconnectBackoff(), settings.maxReconnectBackoff(), settings.rateLimitPause(), trust);
      }
      return IbkrAdapter.forAccount(settings);
    });
  }

  /**
   * XBT/USD → XXBTZUSD: Kraken's legacy pair keys, for its original assets only (X before the crypto, Z before the
   * fiat); a newer pair's key is its altname (SOL/USD → SOLUSD).
   */
  static String legacyPair(String wsName) {
    int slash = wsName.indexOf('/');
    if (slash <= 0) throw new IllegalArgumentException("a kraken symbol is its wsname BASE/QUOTE, was " + wsName);
    String base = wsName.substring(0, slash);
    String quote = wsName.substring(slash + 1);
    boolean legacyBase = Set.of("XBT", "ETH", "LTC", "XRP", "XLM", "ETC", "MLN", "REP", "XDG", "ZEC", "XMR").contains(base);
    boolean legacyQuote = Set.of("USD", "EUR", "GBP", "JPY", "CAD").contains(quote);
    return legacyBase && legacyQuote ? "X" + base + "Z" + quote : base + quote;
  }

  private static String setting(Config settings, String path, String fallback) {
    return settings.hasPath(path) ? settings.getString(path) : fallback;
  }
}
