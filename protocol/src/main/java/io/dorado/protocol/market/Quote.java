package io.dorado.protocol.market;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/** Best bid and ask of an instrument at a time. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Quote(String symbol, BigDecimal bid, BigDecimal ask, Instant at) implements CborSerializable {
  public Quote {
    requiredText(symbol, "symbol");
    required(bid, "bid");
    required(ask, "ask");
    required(at, "at");
    if (ask.compareTo(bid) < 0) {
      throw new IllegalArgumentException("ask " + ask.toPlainString() + " < bid " + bid.toPlainString());
    }
  }

  public BigDecimal mid() {
    return bid.add(ask).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
  }
}
