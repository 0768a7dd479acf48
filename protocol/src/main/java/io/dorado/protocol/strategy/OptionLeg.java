package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.strategy.StrategyTemplate.LegPosition;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One leg of an option candidate, priced from its chain (real or synthetic). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptionLeg(
    LegRole role,
    LegPosition position,
    BigDecimal strike,
    LocalDate expiry,
    BigDecimal bid,
    BigDecimal ask,
    Double delta,
    Double impliedVol)
    implements CborSerializable {

  public BigDecimal mid() {
    return bid.add(ask).divide(BigDecimal.valueOf(2));
  }
}
