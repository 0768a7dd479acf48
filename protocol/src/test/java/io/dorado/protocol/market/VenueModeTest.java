package io.dorado.protocol.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.protocol.fleet.Stage;
import java.util.Optional;
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

  @Test
  void broker_paper_is_spelled_broker_paper_and_the_old_names_still_read() throws Exception {
    var json = new ObjectMapper();
    assertEquals("\"broker_paper\"", json.writeValueAsString(VenueMode.BROKER_PAPER));
    assertEquals(VenueMode.BROKER_PAPER, json.readValue("\"broker_paper\"", VenueMode.class));
    assertEquals(VenueMode.PAPER, json.readValue("\"paper\"", VenueMode.class));
    assertEquals(VenueMode.LIVE, json.readValue("\"live\"", VenueMode.class));
    assertEquals(VenueMode.SIMULATION, json.readValue("\"simulation\"", VenueMode.class));
    assertEquals(Optional.of(VenueMode.BROKER_PAPER), VenueMode.fromConfigName("broker_paper"));
    assertEquals(Optional.empty(), VenueMode.fromConfigName("testnet"));
  }

  @Test
  void broker_paper_is_not_live_money_needs_no_live_flag_and_starts_a_bot_on_the_paper_step() {
    assertFalse(VenueMode.BROKER_PAPER.isLiveMoney());
    assertTrue(VenueMode.LIVE.isLiveMoney());
    assertEquals(VenueMode.BROKER_PAPER, VenueMode.resolve(VenueMode.BROKER_PAPER, false));
    assertEquals(Stage.PAPER, Stage.initial(VenueMode.BROKER_PAPER));
    assertEquals(Stage.FULL, Stage.initial(VenueMode.LIVE));
  }
}
