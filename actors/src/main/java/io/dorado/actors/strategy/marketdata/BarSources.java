package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketDataSource;
import java.nio.file.Path;
import java.util.List;

/** The finite histories a {@link MarketDataSource} names (replay and CSV); live sources poll instead. */
public final class BarSources {
  private BarSources() {}

  public static List<Bar> history(MarketDataSource source, String symbol) {
    return switch (source.type()) {
      case REPLAY -> Ta4jHistory.bars(source.dataset(), symbol, source.bar());
      case CSV -> CsvBars.read(Path.of(source.path()), symbol, source.bar());
      case HTTP -> throw new IllegalArgumentException(symbol + ": an http source is polled live, it has no history file");
      case BINANCE, KRAKEN, ALPACA, OANDA, IBKR -> throw new IllegalArgumentException(symbol + ": a " + source.type().name().toLowerCase()
          + " source streams live, it has no history file");
    };
  }
}
