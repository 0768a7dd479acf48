package io.dorado.actors.strategy.marketdata;

import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Aggregates trades into OHLCV bars aligned to the epoch; a period with no trade has no bar. */
public final class TradeBars {
  private TradeBars() {}

  public static List<Bar> aggregate(List<Trade> trades, String symbol, Duration period) {
    long size = period.getSeconds();
    if (size <= 0) throw new IllegalArgumentException("bar period must be at least a second, was " + period);
    var bars = new ArrayList<Bar>();
    long bucket = Long.MIN_VALUE;
    BigDecimal open = null, high = null, low = null, close = null, volume = BigDecimal.ZERO;
    for (Trade t : trades) {
      long b = Math.floorDiv(t.at().getEpochSecond(), size);
      if (b != bucket) {
        if (open != null) bars.add(new Bar(symbol, Instant.ofEpochSecond((bucket + 1) * size), period, open, high, low, close, volume));
        if (b < bucket) throw new IllegalArgumentException("trades must be in time order; " + t.at() + " came late");
        bucket = b;
        open = high = low = t.price();
        volume = BigDecimal.ZERO;
      }
      high = high.max(t.price());
      low = low.min(t.price());
      close = t.price();
      volume = volume.add(t.amount());
    }
    if (open != null) bars.add(new Bar(symbol, Instant.ofEpochSecond((bucket + 1) * size), period, open, high, low, close, volume));
    return bars;
  }
}
