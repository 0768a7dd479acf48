package io.dorado.protocol.order;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/**
 * One leg of a multi-leg (combo) order, as brokers take them (Alpaca's {@code mleg} legs, IBKR's BAG
 * combo legs): the leg's instrument, its side, and how many of it one unit of the combo holds.
 *
 * @param symbol the leg's instrument, e.g. an OCC option symbol ({@link OptionSymbol})
 * @param ratioQty contracts of this leg per structure (positive)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderLeg(String symbol, Side side, int ratioQty) implements CborSerializable {

  public OrderLeg {
    requiredText(symbol, "legs.symbol");
    required(side, "legs.side");
    if (ratioQty <= 0) throw new IllegalArgumentException("legs.ratio_qty must be > 0, was " + ratioQty);
  }

  /** The same leg the other way round: what closing it takes. */
  public OrderLeg reversed() {
    return new OrderLeg(symbol, side.opposite(), ratioQty);
  }
}
