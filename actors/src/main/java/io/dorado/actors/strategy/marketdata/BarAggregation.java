package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds finer closed bars into bars of a longer {@code timeframe}, aligned to the epoch (UTC days for {@code 1d}):
 * open of the first, highest high, lowest low, close of the last, volumes summed. A bar closes when the finer bar ending
 * at its end arrives, or, when that one never comes (no trade in its last period), when the first finer bar of a later
 * period does. The first period seen is dropped unless its first finer bar starts it (a run that starts mid-period has
 * only part of it: a bar built from part would be wrong). Finer bars must come in time order (a market-data actor's
 * subscribers see them so); a bar not wholly inside one period (longer than, or not aligned to, the timeframe) is
 * refused. Not thread-safe: one actor owns it.
 */
public final class BarAggregation {
  private final String symbol;
  private final Duration timeframe;
  private final long size;
  private long bucket = Long.MIN_VALUE;
  private boolean partial;
  private boolean first = true;
  private BigDecimal open, high, low, close, volume;

  public BarAggregation(String symbol, Duration timeframe) {
    this.symbol = symbol;
    this.timeframe = timeframe;
    this.size = timeframe.getSeconds();
    if (size <= 0 || timeframe.getNano() != 0) throw new IllegalArgumentException("timeframe must be whole seconds, was " + timeframe);
  }

  /** The bars of the timeframe that {@code bars} close, in order. */
  public static List<Bar> aggregate(List<Bar> bars, String symbol, Duration timeframe) {
    var agg = new BarAggregation(symbol, timeframe);
    var out = new ArrayList<Bar>();
    for (Bar b : bars) agg.add(b).ifPresent(out::addAll);
    return out;
  }

  /**
   * Adds one finer bar; the bars it closes (none, the one in progress, or a gapped one and then this one's).
   *
   * @return empty when the bar is refused (not inside one period, or older than the period in progress)
   */
  public Optional<List<Bar>> add(Bar bar) {
    long b = Math.floorDiv(bar.start().getEpochSecond(), size);
    if (bar.end().getEpochSecond() > (b + 1) * size || bar.start().getNano() != 0 || b < bucket) return Optional.empty();
    var out = new ArrayList<Bar>(2);
    if (b != bucket) {
      if (open != null && !partial) out.add(build());
      bucket = b;
      partial = first && bar.start().getEpochSecond() != b * size;
      first = false;
      open = bar.open();
      high = bar.high();
      low = bar.low();
      volume = BigDecimal.ZERO;
    }
    high = high.max(bar.high());
    low = low.min(bar.low());
    close = bar.close();
    volume = volume.add(bar.volume());
    if (bar.end().getEpochSecond() == (bucket + 1) * size) {
      if (!partial) out.add(build());
      open = null;
    }
    return Optional.of(out);
  }

  private Bar build() {
    return new Bar(symbol, Instant.ofEpochSecond((bucket + 1) * size), timeframe, open, high, low, close, volume);
  }
}
