package io.dorado.actors.orderpath.venue.kraken;

import java.util.List;

/**
 * One universe symbol as Kraken names it, in each of its APIs: the REST pair key ({@code XXBTZUSD}, AssetPairs' key and
 * TradesHistory's {@code pair}), the altname ({@code XBTUSD}, in order descriptions), the WebSocket v1 name
 * ({@code XBT/USD}), the WebSocket v2 symbol ({@code BTC/USD}) and the balance keys of its base and quote assets
 * ({@code XXBT}, {@code ZUSD}).
 */
public record KrakenSymbol(String symbol, String restPair, String altName, String wsName, String wsV2Symbol,
    String baseAsset, String quoteAsset) {

  public KrakenSymbol {
    for (String s : List.of(symbol, restPair, altName, wsName, wsV2Symbol, baseAsset, quoteAsset)) {
      if (s == null || s.isBlank()) throw new IllegalArgumentException("kraken symbol mapping is incomplete");
    }
  }

  /**
   * From the universe symbol, the {@code wsname} (BASE/QUOTE) and the REST pair key, Kraken's legacy naming derived:
   * an 8-character pair key ({@code XXBTZUSD}) splits into the balance keys {@code XXBT} and {@code ZUSD}, and XBT
   * is BTC in WebSocket v2.
   */
  public static KrakenSymbol of(String symbol, String wsName, String restPair) {
    int slash = wsName.indexOf('/');
    if (slash <= 0) throw new IllegalArgumentException("kraken wsname must be BASE/QUOTE, was " + wsName);
    String base = wsName.substring(0, slash);
    String quote = wsName.substring(slash + 1);
    boolean legacy = restPair.length() == 8 && (restPair.startsWith("X") || restPair.startsWith("Z"));
    String baseAsset = legacy ? restPair.substring(0, 4) : base;
    String quoteAsset = legacy ? restPair.substring(4) : quote;
    String v2Base = base.equals("XBT") ? "BTC" : base.equals("XDG") ? "DOGE" : base;
    return new KrakenSymbol(symbol, restPair, base + quote, wsName, v2Base + "/" + quote, baseAsset, quoteAsset);
  }

  /** Whether Kraken's {@code name} (in any of its APIs) is this pair. */
  public boolean names(String name) {
    return restPair.equals(name) || altName.equals(name) || wsName.equals(name) || wsV2Symbol.equals(name);
  }
}
