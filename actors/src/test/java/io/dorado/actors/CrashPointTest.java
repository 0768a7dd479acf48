package io.dorado.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The halting itself is exercised by the fleet's CrashPointsTest, which halts child JVMs at every point. */
class CrashPointTest {

  @Test
  void a_point_is_armed_by_name_and_hit_and_the_hit_defaults_to_the_first() {
    var armed = CrashPoint.Armed.parse("submitted:3");
    assertEquals(CrashPoint.SUBMITTED, armed.point());
    assertEquals(3, armed.at());
    assertEquals(1, CrashPoint.Armed.parse("BOT_FILL_WRITTEN").at());
  }

  @Test
  void no_value_arms_nothing_and_a_malformed_one_is_refused_rather_than_ignored() {
    assertNull(CrashPoint.Armed.parse(null));
    assertNull(CrashPoint.Armed.parse(" "));
    for (String bad : new String[] {"SUBMITED:1", "SUBMITTED:0", "SUBMITTED:x", "SUBMITTED:1:2"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> CrashPoint.Armed.parse(bad));
      assertTrue(e.getMessage().contains(CrashPoint.PROPERTY), e.getMessage());
    }
  }

  @Test
  void unarmed_every_point_is_passed_without_effect() {
    assertNull(CrashPoint.armed()); // the test JVM sets no dorado.crash-point
    for (CrashPoint point : CrashPoint.values()) point.reached();
  }
}
