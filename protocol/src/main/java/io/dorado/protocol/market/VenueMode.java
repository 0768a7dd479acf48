package io.dorado.protocol.market;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where orders go: a simulation, a paper account, or real money.
 * Paper is the default; live is refused unless the operator enabled it explicitly.
 */
public enum VenueMode {
  @JsonProperty("simulation") SIMULATION,
  @JsonProperty("paper") PAPER,
  @JsonProperty("live") LIVE;

  public static final VenueMode DEFAULT = PAPER;

  /**
   * The mode to run in: {@code requested} (or paper when absent), refusing live unless
   * {@code liveTradingEnabled} is set in configuration.
   */
  public static VenueMode resolve(VenueMode requested, boolean liveTradingEnabled) {
    VenueMode mode = requested == null ? DEFAULT : requested;
    if (mode == LIVE && !liveTradingEnabled) {
      throw new IllegalArgumentException(
          "venue_mode live is refused: set dorado.venues.live-trading-enabled = true"
              + " (env DORADO_LIVE_TRADING_ENABLED=true) to trade real money");
    }
    return mode;
  }
}
