package io.dorado.protocol.market;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where orders go: a simulation, our paper venue, the venue's own paper/testnet endpoint
 * ({@code broker_paper}: a real API, no real money), or real money. Paper is the default; live is refused
 * unless the operator enabled it explicitly. Only {@link #LIVE} moves real money ({@link #isLiveMoney}).
 */
public enum VenueMode {
  @JsonProperty("simulation") SIMULATION,
  @JsonProperty("paper") PAPER,
  /** The venue's own testnet or paper endpoint (Binance spot testnet): its real API, no real money. */
  @JsonProperty("broker_paper") BROKER_PAPER,
  @JsonProperty("live") LIVE;

  public static final VenueMode DEFAULT = PAPER;

  /** Whether orders in this mode move real money: only live does. */
  public boolean isLiveMoney() {
    return this == LIVE;
  }

  /** The mode as configuration and the API spell it: {@code paper}, {@code broker_paper}, {@code live}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A mode from its configuration name (case-insensitive), or empty. */
  public static java.util.Optional<VenueMode> fromConfigName(String name) {
    if (name == null) return java.util.Optional.empty();
    for (VenueMode m : values()) if (m.configName().equalsIgnoreCase(name.trim())) return java.util.Optional.of(m);
    return java.util.Optional.empty();
  }

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
