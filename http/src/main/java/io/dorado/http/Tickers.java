package io.dorado.http;

import io.dorado.cluster.ops.SymbolNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Maps a ticker as a charting tool writes it ({@code BINANCE:ETHUSDT}, {@code ETHUSD}, {@code ETH/USD},
 * {@code KRAKEN:XBTUSD}) onto a bot's underlying ({@code ETH}, {@code BTC}). A ticker matches when, without its
 * exchange prefix and separators, it is the underlying, one of the venues' symbols for it, or the underlying (or
 * Kraken's alias, XBT for BTC) followed by a quote currency worth the same as the underlying's: a USD underlying takes
 * USD and the USD stablecoins, never EUR or BTC, since the alert's prices are then in another currency. Pairs are for
 * crypto: an equity's ticker is its symbol. Perpetuals and futures are refused: the fleet's venues trade spot.
 */
final class Tickers {
  private Tickers() {}

  /** Quote currencies by the currency they are worth (stablecoins at par). */
  private static final Map<String, List<String>> QUOTES = Map.of(
      "USD", List.of("USD", "USDT", "USDC", "BUSD", "FDUSD", "TUSD", "USDP", "DAI", "PYUSD"),
      "EUR", List.of("EUR", "EURC", "EURT"),
      "GBP", List.of("GBP"),
      "JPY", List.of("JPY"),
      "CHF", List.of("CHF"),
      "CAD", List.of("CAD"),
      "AUD", List.of("AUD"),
      "BTC", List.of("BTC", "XBT"),
      "ETH", List.of("ETH"));
  /** Kraken's names (and back). */
  private static final Map<String, String> ALIASES = Map.of("BTC", "XBT", "XBT", "BTC", "DOGE", "XDG", "XDG", "DOGE");
  private static final Pattern SEPARATORS = Pattern.compile("[/\\-_ ]");
  /** TradingView's perpetual suffix (BINANCE:ETHUSDT.P), PERP names, continuous futures (BTC1!). */
  private static final Pattern DERIVATIVE = Pattern.compile(".*(\\.P|[-_]?PERP|\\d!)$");

  /**
   * The underlying {@code ticker} names, or a 422 naming the ticker and what was expected.
   *
   * @param names the bot's underlying and its outside names
   */
  static String underlyingOf(String ticker, SymbolNames names, String botId) {
    if (ticker == null || ticker.isBlank()) {
      throw ApiProblem.badRequest("ticker is required (TradingView's {{ticker}}): bot '" + botId + "' trades "
          + names.symbol());
    }
    String shown = BotRoutes.abbreviate(ticker.trim());
    String t = ticker.trim().toUpperCase(Locale.ROOT);
    int colon = t.lastIndexOf(':');
    if (colon >= 0) t = t.substring(colon + 1);
    if (isNameOf(compact(t), names)) return names.symbol(); // before the suffixes: a symbol may end like one
    boolean derivative = DERIVATIVE.matcher(t).matches();
    if (derivative) t = t.replaceAll("(\\.P|[-_]?PERP|\\d!)$", "");
    String c = compact(t);
    String quote = names.quoteCurrency().toUpperCase(Locale.ROOT);
    List<String> sameValue = sameValueAs(quote);

    boolean matches = isNameOf(c, names);
    String otherQuote = null;
    if (!matches && names.tradedAsPair()) {
      for (String base : bases(names.symbol())) {
        if (c.equals(base)) {
          matches = true;
          break;
        }
        if (!c.startsWith(base)) continue;
        String q = c.substring(base.length());
        if (sameValue.contains(q)) {
          matches = true;
          break;
        }
        if (isQuote(q)) otherQuote = q;
      }
    }
    if (matches && derivative) {
      throw unprocessable("ticker '" + shown + "' is a perpetual or futures contract; bot '" + botId + "' trades "
          + names.symbol() + " spot (e.g. " + examples(names) + ")");
    }
    if (matches) return names.symbol();
    if (otherQuote != null) {
      throw unprocessable("ticker '" + shown + "' is quoted in " + otherQuote + " but bot '" + botId + "''s "
          + names.symbol() + " is quoted in " + quote + ": its prices would be in the wrong currency (expected e.g. "
          + examples(names) + ")");
    }
    throw unprocessable("ticker '" + shown + "' is not bot '" + botId + "''s underlying " + names.symbol()
        + ": expected e.g. " + examples(names) + ", with or without an exchange prefix (BINANCE:)");
  }

  /** Whether the compacted ticker is the underlying or a venue's symbol for it. */
  private static boolean isNameOf(String c, SymbolNames names) {
    return c.equals(compact(names.symbol())) || names.venueSymbols().stream().anyMatch(v -> c.equals(compact(v)));
  }

  /** The underlying's base asset (BTC-USD's is BTC) and its alias (XBT), each of which a quote may follow. */
  private static List<String> bases(String symbol) {
    var out = new LinkedHashSet<String>();
    out.add(compact(symbol));
    out.add(baseOf(symbol));
    for (String b : List.copyOf(out)) {
      if (ALIASES.containsKey(b)) out.add(ALIASES.get(b));
    }
    return List.copyOf(out);
  }

  private static String baseOf(String symbol) {
    String s = symbol.toUpperCase(Locale.ROOT);
    String[] parts = SEPARATORS.split(s, 2);
    return parts.length == 2 && !parts[0].isEmpty() ? parts[0] : s;
  }

  /** The quotes worth the same as {@code quote}: a USDT underlying also takes USD and USDC. */
  private static List<String> sameValueAs(String quote) {
    return QUOTES.values().stream().filter(list -> list.contains(quote)).findFirst().orElse(List.of(quote));
  }

  private static boolean isQuote(String q) {
    return QUOTES.values().stream().anyMatch(list -> list.contains(q));
  }

  private static String examples(SymbolNames names) {
    var out = new LinkedHashSet<String>();
    out.add(names.symbol());
    if (!names.tradedAsPair()) {
      out.addAll(names.venueSymbols());
      return String.join(", ", out);
    }
    String base = baseOf(names.symbol());
    String quote = names.quoteCurrency().toUpperCase(Locale.ROOT);
    for (String q : sameValueAs(quote).stream().limit(3).toList()) out.add(base + q);
    out.addAll(names.venueSymbols());
    return String.join(", ", out);
  }

  private static String compact(String s) {
    return SEPARATORS.matcher(s.toUpperCase(Locale.ROOT)).replaceAll("");
  }

  private static ApiProblem unprocessable(String reason) {
    return new ApiProblem(StatusCodes.UNPROCESSABLE_CONTENT, reason);
  }
}
