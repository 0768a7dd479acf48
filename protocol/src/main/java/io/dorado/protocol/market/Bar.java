package io.dorado.protocol.market;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** One OHLCV bar of an instrument, closed at {@code end}, covering {@code period} before it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Bar(
    String symbol,
    Instant end,
    Duration period,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume)
    implements CborSerializable {

  public Bar {
    requiredText(symbol, "symbol");
    required(end, "end");
    required(period, "period");
    required(open, "open");
    required(high, "high");
    required(low, "low");
    required(close, "close");
    volume = volume == null ? BigDecimal.ZERO : volume;
    if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive");
    if (low.signum() <= 0) throw new IllegalArgumentException("low must be > 0, was " + low.toPlainString());
    if (high.compareTo(low) < 0) {
      throw new IllegalArgumentException("high " + high.toPlainString() + " < low " + low.toPlainString());
    }
  }

  public Instant start() {
    return end.minus(period);
  }
}
