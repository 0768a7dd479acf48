package io.dorado.protocol.venue;

import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;

/**
 * A venue's trading rules for one instrument, as the venue publishes them (Binance's PRICE_FILTER,
 * LOT_SIZE and NOTIONAL/MIN_NOTIONAL filters; Kraken's tick_size, lot_decimals and ordermin/costmin).
 * The guardian rounds an order to them or denies it with a reason code before it signs, so a venue never
 * rejects for a rule we could have known. A null rule is no rule.
 *
 * @param symbol the universe symbol (BTC)
 * @param venueSymbol the venue's name for it (BTCUSDT, XBT/USD)
 * @param tickSize prices are whole multiples of it
 * @param lotSize quantities are whole multiples of it
 * @param minQuantity the smallest quantity accepted
 * @param minNotional the smallest quantity × price accepted
 * @param pip the venue's unit of price distance (OANDA's {@code 10^pipLocation}: 0.0001 for EUR_USD, 0.01 for
 *     USD_JPY), shown, never enforced; null when the venue has none (a rule recorded before it existed reads null)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstrumentRules(String symbol, String venueSymbol, BigDecimal tickSize, BigDecimal lotSize,
    BigDecimal minQuantity, BigDecimal minNotional, BigDecimal pip) implements CborSerializable {

  public InstrumentRules {
    requiredText(symbol, "symbol");
    venueSymbol = venueSymbol == null ? symbol : venueSymbol;
  }

  /** Rules without a pip (every venue but OANDA). */
  public InstrumentRules(String symbol, String venueSymbol, BigDecimal tickSize, BigDecimal lotSize,
      BigDecimal minQuantity, BigDecimal minNotional) {
    this(symbol, venueSymbol, tickSize, lotSize, minQuantity, minNotional, null);
  }

  /** No rules: any positive price and quantity (the paper venue's default). */
  public static InstrumentRules none(String symbol) {
    return new InstrumentRules(symbol, symbol, null, null, null, null);
  }
}
