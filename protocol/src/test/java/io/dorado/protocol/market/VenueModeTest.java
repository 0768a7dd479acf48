package io.dorado.protocol.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VenueModeTest {
  @Test
  void paperIsTheDefault() {
    assertEquals(VenueMode.PAPER, VenueMode.resolve(null, false));
  }

  @Test
  void liveIsRefusedUnlessExplicitlyEnabled() {
    var e = assertThrows(IllegalArgumentException.class, () -> VenueMode.resolve(VenueMode.LIVE, false));
    assertTrue(e.getMessage().contains("live-trading-enabled"), e.getMessage());
    assertEquals(VenueMode.LIVE, VenueMode.resolve(VenueMode.LIVE, true));
  }
}
