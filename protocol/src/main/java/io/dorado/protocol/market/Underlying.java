package io.dorado.protocol.market;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/**
 * One tradable underlying of the universe; a bot binds to exactly one (PRD §2.2).
 *
 * @param venueSymbol the venue's name for it (BTC → {@code BTCUSDT} on Binance, {@code XBT/USD} on Kraken); absent:
 *     the symbol itself (the paper venue). Adapters translate with it; orders, positions and the guardian keep
 *     the universe symbol.
 * @param underlying the asset it is, when several symbols of the universe are one (BTCUSDT on Binance and XBT/USD on
 *     Kraken are both {@code BTC}): the guardian's contradictory-position blocker and concentration cap count them as
 *     one; absent: the symbol itself
 * @param calendar the id of the {@link TradingCalendar} its market keeps ({@link TradingCalendars#ids()}); absent: its
 *     asset class's ({@link TradingCalendars#defaultFor}): us-equities, us-options, fx or crypto
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Underlying(
    String symbol, AssetClass assetClass, String venue, String quoteCurrency, String venueSymbol, String calendar,
    String underlying)
    implements CborSerializable {
  public Underlying {
    requiredText(symbol, "symbol");
    required(assetClass, "asset_class");
    requiredText(venue, "venue");
    quoteCurrency = quoteCurrency == null || quoteCurrency.isBlank() ? "USD" : quoteCurrency;
    venueSymbol = venueSymbol == null || venueSymbol.isBlank() ? symbol : venueSymbol.trim();
    calendar = calendar == null || calendar.isBlank() ? TradingCalendars.defaultFor(assetClass).id() : calendar.trim();
    underlying = underlying == null || underlying.isBlank() ? symbol : underlying.trim();
    if (TradingCalendars.find(calendar).isEmpty()) {
      throw new IllegalArgumentException("calendar: unknown calendar '" + calendar + "' (known: "
          + String.join(", ", TradingCalendars.ids()) + ")");
    }
  }

  /** An underlying that is its own asset. */
  public Underlying(String symbol, AssetClass assetClass, String venue, String quoteCurrency, String venueSymbol,
      String calendar) {
    this(symbol, assetClass, venue, quoteCurrency, venueSymbol, calendar, null);
  }

  /** An underlying on its asset class's calendar. */
  public Underlying(String symbol, AssetClass assetClass, String venue, String quoteCurrency, String venueSymbol) {
    this(symbol, assetClass, venue, quoteCurrency, venueSymbol, null);
  }

  /** The calendar of its market: when it trades, and which days count for days to expiry. */
  public TradingCalendar tradingCalendar() {
    return TradingCalendars.find(calendar).orElseThrow();
  }

  /** An underlying the venue calls by its universe symbol. */
  public Underlying(String symbol, AssetClass assetClass, String venue, String quoteCurrency) {
    this(symbol, assetClass, venue, quoteCurrency, null);
  }
}
