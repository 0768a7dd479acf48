package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.allocation.AllocationMethod;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.allocation.Allocator.Accepted;
import io.dorado.protocol.allocation.Allocator.Budget;
import io.dorado.protocol.allocation.Allocator.Command;
import io.dorado.protocol.allocation.AllocatorEvent;
import io.dorado.protocol.allocation.AllocatorEvent.Reallocated;
import io.dorado.protocol.allocation.AllocatorState;
import io.dorado.protocol.allocation.ArmMode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The allocator in HRP mode, through the actor: rewards in, risk-parity weights with quarter-Kelly caps out. */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HrpAllocatorActorTest {
  private static final Config CONFIG = ConfigFactory.parseString(
          """
          pekko.actor.serialize-messages = on
          pekko.loglevel = WARNING
          """)
      .withFallback(EventSourcedBehaviorTestKit.config())
      .withFallback(PersistenceTestKitSnapshotPlugin.config());

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(CONFIG).withName("hrp-allocator-test").build();

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
  private static final BigDecimal CAPITAL = new BigDecimal("100000.00");
  private static final AllocationPolicy HRP = AllocationPolicy.defaults(ArmMode.BY_BOT, CAPITAL, 42L)
      .withFloorAndCap(0.05, 0.95).withMethod(AllocationMethod.HRP);

  private static void outcome(EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit, String trade,
      String bot, String pnl, String closedOn) {
    Allocator.Ack ack = kit.<Allocator.Ack>runCommand(r -> new Allocator.RecordOutcome(trade, bot, null,
        new BigDecimal(pnl), new BigDecimal("100"), false, Instant.parse(closedOn + "T20:00:00Z"), r)).reply();
    assertInstanceOf(Accepted.class, ack);
  }

  @Test
  @DisplayName("in hrp mode a reallocation weighs the arms by inverse risk of their daily rewards and caps the steady one at quarter-Kelly")
  void hrpModeWeighsByRiskAndCapsAtQuarterKelly() {
    var kit = EventSourcedBehaviorTestKit.<Command, AllocatorEvent, AllocatorState>create(testKit.system(),
        AllocatorActor.create(PersistenceId.ofUniqueId("allocator-hrp-1"), HRP, CLOCK));
    for (String bot : new String[] {"steady", "wild"}) {
      kit.<Allocator.Ack>runCommand(r -> new Allocator.RegisterArm(bot, null, r));
    }
    String[] days = {"2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"};
    String[] steady = {"2", "-10", "10", "10"};   // rewards 0.02, −0.1, 0.1, 0.1
    String[] wild = {"40", "-20", "40", "-20"};    // rewards 0.4, −0.2, 0.4, −0.2
    for (int i = 0; i < 4; i++) {
      outcome(kit, "s-" + i, "steady", steady[i], days[i]);
      outcome(kit, "w-" + i, "wild", wild[i], days[i]);
    }
    var result = kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("operator", r));
    Reallocated e = assertInstanceOf(Reallocated.class, result.events().get(0));

    // Daily sums over the 90-day window (86 days at 0). Sample variances ×89: steady 0.0304 − 0.12²/90 = 0.03024,
    // wild 0.4 − 0.4²/90 = 0.3982222…; uncorrelated or not, two arms bisect into inverse variance:
    double vs = 0.0304 - 0.0144 / 90, vw = 0.4 - 0.16 / 90;
    double hrpSteady = vw / (vs + vw), hrpWild = vs / (vs + vw);
    assertEquals(hrpSteady, e.probabilityBest().get("steady"), 1e-9, "HRP weight before caps");
    assertEquals(hrpWild, e.probabilityBest().get("wild"), 1e-9);
    // Per-trade rewards: steady mean 0.03, sample variance (0.0304 − 4·0.0009)/3 = 0.0268/3 → quarter-Kelly
    // 0.25·0.03·3/0.0268 = 0.8396 < 0.9294: capped. Wild: mean 0.1, variance 0.12 → 0.2083 > 0.0706: not capped.
    double kellySteady = 0.25 * 0.03 * 3 / 0.0268;
    assertEquals(kellySteady, e.weights().get("steady"), 1e-9, "quarter-Kelly caps the steady arm");
    assertEquals(hrpWild, e.weights().get("wild"), 1e-9);
    Budget b = assertInstanceOf(Budget.class, kit.<Allocator.BudgetReply>runCommand(r -> new Allocator.GetBudget("steady", r)).reply());
    assertEquals(AllocatorState.capitalOf(kellySteady, CAPITAL), b.capital());
    System.out.printf(Locale.ROOT, "hrp allocator: steady %.4f (hrp %.4f, quarter-Kelly cap %.4f), wild %.4f; unallocated %.4f%n",
        e.weights().get("steady"), hrpSteady, kellySteady, e.weights().get("wild"),
        1 - e.weights().get("steady") - e.weights().get("wild"));
  }

  @Test
  @DisplayName("in hrp mode arms without any variance yet share equally within floor and cap")
  void hrpModeWithoutHistoryIsEqualWeights() {
    var kit = EventSourcedBehaviorTestKit.<Command, AllocatorEvent, AllocatorState>create(testKit.system(),
        AllocatorActor.create(PersistenceId.ofUniqueId("allocator-hrp-2"), HRP, CLOCK));
    for (String bot : new String[] {"a", "b", "c", "d"}) kit.<Allocator.Ack>runCommand(r -> new Allocator.RegisterArm(bot, null, r));
    for (String bot : new String[] {"a", "b", "c", "d"}) {
      Budget b = assertInstanceOf(Budget.class, kit.<Allocator.BudgetReply>runCommand(r -> new Allocator.GetBudget(bot, r)).reply());
      assertEquals(0.25, b.weight(), 1e-12);
    }
  }
}
