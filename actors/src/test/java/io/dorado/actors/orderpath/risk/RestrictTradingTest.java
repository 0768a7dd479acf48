package io.dorado.actors.orderpath.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** RestrictTrading (the journal watchdog's REDUCING): only ever stricter, and recorded like an operator's change. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictTradingTest {
  private final ActorTestKit kit = ActorTestKit.create("restrict-trading", TestConfigs.eventSourced());

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  private static RiskGuardian.OperatorReply restrict(GuardianRig rig) {
    rig.guardian.tell(new RiskGuardian.RestrictTrading(TradingState.REDUCING, "journal-watchdog@n1", "journal failing",
        rig.operator.ref()));
    return rig.operator.receiveMessage(java.time.Duration.ofSeconds(20)); // the first write of a cold JVM is slow
  }

  @Test
  void an_active_guardian_goes_reducing_and_keeps_it_after_a_restart() {
    var rig = new GuardianRig(kit, RiskPolicy.DEFAULT);
    assertEquals(TradingState.REDUCING, restrict(rig).tradingState());
    rig.respawn();
    var status = rig.status();
    assertEquals(TradingState.REDUCING, status.tradingState());
    assertTrue(status.reason().contains("journal failing"), status.reason());
  }

  @Test
  void a_halted_guardian_stays_halted_and_the_kill_switch_stays_engaged() {
    var halted = new GuardianRig(kit, RiskPolicy.DEFAULT);
    halted.setState(TradingState.HALTED);
    assertEquals(TradingState.HALTED, restrict(halted).tradingState());
    assertEquals(TradingState.HALTED, halted.status().tradingState());

    var killed = new GuardianRig(kit, RiskPolicy.DEFAULT);
    killed.killSwitch();
    var reply = restrict(killed);
    assertTrue(reply.killSwitch(), reply.toString());
    assertEquals(TradingState.HALTED, killed.status().tradingState());
    assertTrue(killed.status().killSwitch());
  }
}
