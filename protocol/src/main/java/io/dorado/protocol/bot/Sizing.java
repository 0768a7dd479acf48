package io.dorado.protocol.bot;

import static io.dorado.protocol.Json.required;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;

/**
 * How a bot sizes its trades. Only the field its method needs is set; the guardian turns risk-based
 * sizing into a quantity because only it knows the equity and the breakers' sizing multiplier.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Sizing(SizingMethod method, BigDecimal quantity, BigDecimal notional, BigDecimal riskPct)
    implements CborSerializable {

  public Sizing {
    required(method, "sizing.method");
    switch (method) {
      case FIXED_QUANTITY -> positive(quantity, "sizing.quantity");
      case FIXED_NOTIONAL -> positive(notional, "sizing.notional");
      case FIXED_RISK_PCT, ADAPTIVE_RULES -> {
        positive(riskPct, "sizing.risk_pct");
        if (riskPct.compareTo(BigDecimal.valueOf(100)) > 0) {
          throw new IllegalArgumentException("sizing.risk_pct must be <= 100, was " + riskPct);
        }
      }
    }
  }

  public static Sizing fixedQuantity(BigDecimal quantity) {
    return new Sizing(SizingMethod.FIXED_QUANTITY, quantity, null, null);
  }

  public static Sizing riskPct(BigDecimal pct) {
    return new Sizing(SizingMethod.FIXED_RISK_PCT, null, null, pct);
  }

  private static void positive(BigDecimal v, String field) {
    if (v == null || v.signum() <= 0) throw new IllegalArgumentException(field + " must be > 0 for this sizing method");
  }
}
