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
 * @param chainTimeout how long a venue's option chain may take ({@code chain-timeout}); later, the bot's structures are
 *     refused for want of it
 * @param chainBand the strikes a venue's chain is asked for: within this fraction of the underlying's price
 *     ({@code chain-band})
 */
public record ScanSettings(
    Duration interval, int historyBars, Duration askTimeout, int maxPaperPositions, Duration regimeMaxAge, Clock clock,
    DataQuality.Limits dataLimits, ChainQuality.Limits chainLimits, Duration chainTimeout, double chainBand) {
  public static final Duration DEFAULT_CHAIN_TIMEOUT = Duration.ofSeconds(30);
  public static final double DEFAULT_CHAIN_BAND = 0.15;

  public ScanSettings {
    chainLimits = chainLimits == null ? ChainQuality.Limits.DEFAULT : chainLimits;
    chainTimeout = chainTimeout == null ? DEFAULT_CHAIN_TIMEOUT : chainTimeout;
    if (!(chainBand > 0)) throw new IllegalArgumentException("chain-band must be > 0, was " + chainBand);
  }

  public ScanSettings(Duration interval, int historyBars, Duration askTimeout, int maxPaperPositions,
      Duration regimeMaxAge, Clock clock, DataQuality.Limits dataLimits, ChainQuality.Limits chainLimits) {
    this(interval, historyBars, askTimeout, maxPaperPositions, regimeMaxAge, clock, dataLimits, chainLimits, null,
        DEFAULT_CHAIN_BAND);
  }

  /** The same, with venue chains asked within {@code timeout}. */
  public ScanSettings withChainTimeout(Duration timeout) {
    return new ScanSettings(interval, historyBars, askTimeout, maxPaperPositions, regimeMaxAge, clock, dataLimits,
        chainLimits, timeout, chainBand);
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
        chainLimits(scan.getConfig("chain-quality")), scan.getDuration("chain-timeout"), scan.getDouble("chain-band"));
  }

  static ChainQuality.Limits chainLimits(Config c) {
    return new ChainQuality.Limits(c.getDuration("max-quote-age"), c.getDouble("max-spread-pct"),
        c.getDouble("min-wide-spread"), c.getDouble("wide-factor"), c.getDouble("model-greeks-factor"));
  }
}
