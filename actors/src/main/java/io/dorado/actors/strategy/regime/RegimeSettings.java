package io.dorado.actors.strategy.regime;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;

/**
 * Regime radar settings ({@code dorado.regime} in reference.conf).
 *
 * @param referenceSymbol the instrument the macro HMM reads (the PRD's macro features arrive later)
 * @param states HMM states, 2..5, labelled calm to stressed
 * @param historyBars bars asked of each market-data actor per refresh
 * @param refreshInterval how often the radar recomputes on its own
 * @param maxAge readers treat an older snapshot as missing (and let every gate pass)
 * @param askTimeout how long a market-data actor may take to answer
 * @param seed the HMM's seed, so a refresh on the same history gives the same regime
 */
public record RegimeSettings(
    String referenceSymbol,
    int states,
    int historyBars,
    Duration refreshInterval,
    Duration maxAge,
    Duration askTimeout,
    long seed,
    Clock clock) {

  public RegimeSettings {
    MacroRegimes.labels(states); // fails for an unsupported count
    if (historyBars < 2) throw new IllegalArgumentException("history-bars must be >= 2");
  }

  public static RegimeSettings from(Config c, Clock clock) {
    return new RegimeSettings(c.getString("reference-symbol"), c.getInt("states"), c.getInt("history-bars"),
        c.getDuration("refresh-interval"), c.getDuration("max-age"), c.getDuration("ask-timeout"), c.getLong("seed"),
        clock);
  }

  public RegimeSettings withReference(String symbol) {
    return new RegimeSettings(symbol, states, historyBars, refreshInterval, maxAge, askTimeout, seed, clock);
  }
}
