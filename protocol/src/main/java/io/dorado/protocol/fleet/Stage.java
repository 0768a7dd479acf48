package io.dorado.protocol.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dorado.protocol.market.VenueMode;

/**
 * A bot's step on the promotion ladder (PRD §3.3): paper, then canary (live at a fraction of the
 * target size, its paper twin alongside), then full. A bot climbs one step at a time; live steps
 * need live trading enabled.
 */
public enum Stage {
  @JsonProperty("paper") PAPER,
  @JsonProperty("canary") CANARY,
  @JsonProperty("full") FULL;

  /** Where a bot starts: a paper bot on the first step, a bot configured live on the last. */
  public static Stage initial(VenueMode mode) {
    return mode == VenueMode.LIVE ? FULL : PAPER;
  }

  /** The next step, or null at the top. */
  public Stage next() {
    return this == FULL ? null : values()[ordinal() + 1];
  }
}
