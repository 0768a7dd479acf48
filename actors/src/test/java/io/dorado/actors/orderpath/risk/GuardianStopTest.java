package io.dorado.actors.orderpath.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.testing.SlowWrites;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guardian's {@link RiskGuardian.Stop}, the message the cluster stops the singleton with on a hand-over:
 * it is handled after the write in flight, and what was decided but not yet written is written and acted on
 * before the guardian stops (Pekko's default PoisonPill waits for the write in flight but drops the pending batch).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardianStopTest {
  private static final Duration SLOW_WRITE = Duration.ofSeconds(1);
  private final ActorTestKit kit = ActorTestKit.create("guardian-stop", TestConfigs.eventSourced());
  /** Persistence ids whose journal writes take {@link #SLOW_WRITE}. */
  private final Set<String> slowWrites = SlowWrites.install(kit.system(), SLOW_WRITE);

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  /** The guardian has recovered and written its first prices (a loaded machine: longer than the rig's 3 s). */
  private void recovered(GuardianRig rig) {
    TestProbe<RiskGuardian.GuardianStatus> status = kit.createTestProbe();
    rig.guardian.tell(new RiskGuardian.GetStatus(status.ref()));
    status.receiveMessage(Duration.ofSeconds(30));
  }

  @Test
  void a_stop_during_a_write_waits_for_it_then_writes_and_answers_what_was_decided_meanwhile_and_stops() throws Exception {
    var rig = new GuardianRig(kit, RiskPolicy.DEFAULT);
    recovered(rig);
    slowWrites.add(rig.persistenceId());
    TestProbe<RiskGuardian.OperatorReply> operator = kit.createTestProbe();

    rig.guardian.tell(new RiskGuardian.SetTradingState(TradingState.REDUCING, "ops", "first", operator.ref()));
    Thread.sleep(SLOW_WRITE.toMillis() / 3); // its write is under way: what follows is stashed behind it
    rig.guardian.tell(new RiskGuardian.SetTradingState(TradingState.HALTED, "ops", "second", operator.ref()));
    rig.guardian.tell(new RiskGuardian.Stop());

    assertEquals(TradingState.REDUCING, operator.receiveMessage(Duration.ofSeconds(10)).tradingState());
    assertEquals(TradingState.HALTED, operator.receiveMessage(Duration.ofSeconds(10)).tradingState(),
        "the decision still pending at the stop is written and answered before the guardian stops");
    operator.expectTerminated(rig.guardian, Duration.ofSeconds(10));

    slowWrites.remove(rig.persistenceId());
    var next = rig.respawn();
    TestProbe<RiskGuardian.GuardianStatus> status = kit.createTestProbe();
    next.tell(new RiskGuardian.GetStatus(status.ref()));
    assertEquals(TradingState.HALTED, status.receiveMessage(Duration.ofSeconds(10)).tradingState(),
        "the next incarnation recovers everything the stopped one decided");
  }

  @Test
  void a_stop_with_nothing_pending_stops_at_once() {
    var rig = new GuardianRig(kit, RiskPolicy.DEFAULT);
    recovered(rig);
    rig.guardian.tell(new RiskGuardian.Stop());
    kit.createTestProbe().expectTerminated(rig.guardian, Duration.ofSeconds(10));
  }
}
