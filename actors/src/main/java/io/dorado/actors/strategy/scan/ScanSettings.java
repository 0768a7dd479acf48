package io.dorado.actors.strategy.scan;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;

/**
 * Scanner settings ({@code dorado.scan}, plus {@code dorado.regime.max-age}).
 *
 * @param interval scheduled scans; zero turns the schedule off (scans then run only on demand)
 * @param dataLimits the data-quality gate: {@code data-max-age-bars}, {@code data-max-age-floor},
 *     {@code data-quality-window}
 * @param chainLimits the option chain's quality checks ({@code chain-quality.*}, {@link ChainQuality})
 */
public record ScanSettings(
    Duration interval, int historyBars, Duration askTimeout, int maxPaperPositions, Duration regimeMaxAge, Clock clock,
    DataQuality.Limits dataLimits, ChainQuality.Limits chainLimits) {

  public ScanSettings {
    chainLimits = chainLimits == null ? ChainQuality.Limits.DEFAULT : chainLimits;
  }

  public ScanSettings(Duration interval, int historyBars, Duration askTimeout, int maxPaperPositions,
      Duration regimeMaxAge, Clock clock, DataQuality.Limits dataLimits) {
    this(interval, historyBars, askTimeout, maxPaperPositions, regimeMaxAge, clock, dataLimits, null);
  }

  public ScanSettings(Duration interval, int historyBars, Duration askTimeout, int maxPaperPositions,
      Duration regimeMaxAge, Clock clock) {
    this(interval, historyBars, askTimeout, maxPaperPositions, regimeMaxAge, clock, DataQuality.Limits.DEFAULT);
  }

  public static ScanSettings from(Config dorado, Clock clock) {
    Config scan = dorado.getConfig("scan");
    return new ScanSettings(scan.getDuration("interval"), scan.getInt("history-bars"), scan.getDuration("ask-timeout"),
        scan.getInt("max-paper-positions"), dorado.getDuration("regime.max-age"), clock,
        new DataQuality.Limits(scan.getDouble("data-max-age-bars"), scan.getDuration("data-max-age-floor"),
            scan.getInt("data-quality-window")),
        chainLimits(scan.getConfig("chain-quality")));
  }

  static ChainQuality.Limits chainLimits(Config c) {
    return new ChainQuality.Limits(c.getDuration("max-quote-age"), c.getDouble("max-spread-pct"),
        c.getDouble("min-wide-spread"), c.getDouble("wide-factor"), c.getDouble("model-greeks-factor"));
  }
}
