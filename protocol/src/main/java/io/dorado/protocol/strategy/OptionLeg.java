package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.strategy.StrategyTemplate.LegPosition;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One leg of an option candidate, priced from its chain (real or synthetic). The raw quote (bid, ask, last, when it
 * was quoted and the underlying's price then) is kept beside the greeks, because a venue's greeks come from its own
 * volatility model (PRD "IBKR's IV model dependency"): {@code greeksSource} says whether {@code delta} and
 * {@code impliedVol} were quoted by the venue or computed here from the raw mid, and {@code greeksModel} which model and
 * inputs. The last five fields are null in legs recorded before they existed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptionLeg(
    LegRole role,
    LegPosition position,
    BigDecimal strike,
    LocalDate expiry,
    BigDecimal bid,
    BigDecimal ask,
    Double delta,
    Double impliedVol,
    BigDecimal last,
    Instant quotedAt,
    BigDecimal underlyingAtQuote,
    GreeksSource greeksSource,
    String greeksModel)
    implements CborSerializable {

  /** Where a leg's greeks came from. */
  public enum GreeksSource {
    /** Sent by the venue with the quote (its model, its inputs). */
    @JsonProperty("venue") VENUE,
    /** Computed here from the raw quote; {@code greeksModel} names the model and its inputs. */
    @JsonProperty("model") MODEL
  }

  /** A leg without its raw quote's provenance (as recorded before the chain-quality fields). */
  public OptionLeg(LegRole role, LegPosition position, BigDecimal strike, LocalDate expiry, BigDecimal bid,
      BigDecimal ask, Double delta, Double impliedVol) {
    this(role, position, strike, expiry, bid, ask, delta, impliedVol, null, null, null, null, null);
  }

  public BigDecimal mid() {
    return bid.add(ask).divide(BigDecimal.valueOf(2));
  }
}
