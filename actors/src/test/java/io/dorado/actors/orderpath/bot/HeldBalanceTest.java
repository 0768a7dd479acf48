package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only a venue's refusal for a held balance lets a close take the protection down; anything else keeps it resting. */
class HeldBalanceTest {

  @Test
  void theVendorsDocumentedHeldBalanceRefusalsAreRecognised() {
    assertTrue(HeldBalance.refused("rejected by the venue: -2010 Account has insufficient balance for requested action."));
    assertTrue(HeldBalance.refused("rejected by the venue: EOrder:Insufficient funds"));
    assertTrue(HeldBalance.refused("rejected by the venue: 403 insufficient qty available for order (requested: 10, available: 0)"));
  }

  @Test
  void anyOtherRefusalOrAGuardianDenialKeepsTheProtection() {
    assertFalse(HeldBalance.refused("rejected by the venue: -1013 Filter failure: LOT_SIZE"));
    assertFalse(HeldBalance.refused("rejected by the venue: market is closed"));
    assertFalse(HeldBalance.refused("denied by the risk guardian: KILL_SWITCH (insufficient balance)"));
    assertFalse(HeldBalance.refused(null));
  }
}
