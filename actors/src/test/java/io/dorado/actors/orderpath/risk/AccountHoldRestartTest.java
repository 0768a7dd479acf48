package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A reconciliation hold is in the guardian's journal: it survives a restart and only an acknowledgement lifts it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountHoldRestartTest {
  private final ActorTestKit kit = ActorTestKit.create("account-hold-restart", TestConfigs.eventSourced());
  private final MutableClock clock = new MutableClock(T0);
  private final TestProbe<Venue.Command> venue = kit.createTestProbe();
  private final RiskGuardianActor.Settings settings = new RiskGuardianActor.Settings("guardian-hold", d("100000"),
      Duration.ofSeconds(30), AckSigner.ofSecret("account-hold-restart-secret-0123456789"), clock, false);

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  private ActorRef<RiskGuardian.Command> spawn() {
    return kit.spawn(RiskGuardianActor.create(settings, Fixtures.engine(Fixtures.noReview()),
        VenueDirectory.of(Map.of(VENUE, venue.ref())), new AccountReconciliation(d("10"), d("0.001"))));
  }

  private static RiskGuardian.AccountReported report(String cash) {
    return new RiskGuardian.AccountReported(VENUE, "live",
        new AccountSnapshot(VENUE, "USD", Map.of(), d(cash), null, null, List.of(), T0), List.of(), List.of(), T0);
  }

  private RiskGuardian.AccountView account(ActorRef<RiskGuardian.Command> guardian) {
    TestProbe<RiskGuardian.AccountsView> probe = kit.createTestProbe();
    guardian.tell(new RiskGuardian.GetAccounts(probe.ref()));
    return probe.receiveMessage().accounts().stream().filter(a -> a.account().equals(VENUE)).findFirst().orElseThrow();
  }

  @Test
  void a_held_account_stays_reducing_after_a_restart_until_an_operator_acknowledges_it() {
    var guardian = spawn();
    guardian.tell(new RiskGuardian.MarkPrice("AAPL", d("100"), T0));
    guardian.tell(report("25000"));
    guardian.tell(report("24000"));
    assertEquals("MISMATCH", account(guardian).reconciliation());
    TestProbe<Object> watcher = kit.createTestProbe();
    guardian.tell(new RiskGuardian.Stop());
    watcher.expectTerminated(guardian, Duration.ofSeconds(5));

    var restarted = spawn();
    RiskGuardian.AccountView held = account(restarted);
    TestProbe<OrderReport> bot = kit.createTestProbe();
    restarted.tell(new RiskGuardian.AcknowledgeOrder(market("bot-b", "AAPL", Side.BUY, "1"), bot.ref()));

    assertEquals(TradingState.REDUCING, held.tradingState());
    assertTrue(held.reducingReason().contains("cash"), held.reducingReason());
    assertEquals(DenialReason.TRADING_REDUCING, assertInstanceOf(OrderReport.Denied.class, bot.receiveMessage()).reason());

    TestProbe<RiskGuardian.AccountReply> operator = kit.createTestProbe();
    restarted.tell(new RiskGuardian.AcknowledgeReconciliation(VENUE, "ops", "checked the venue", operator.ref()));
    assertTrue(operator.receiveMessage().done());
    restarted.tell(new RiskGuardian.AcknowledgeOrder(market("bot-b", "AAPL", Side.BUY, "1"), bot.ref()));

    assertInstanceOf(Venue.Submit.class, venue.fishForMessage(Duration.ofSeconds(3), m -> m instanceof Venue.Submit
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0));
    assertEquals(TradingState.ACTIVE, account(restarted).tradingState());
    assertEquals(0, d("24000").compareTo(account(restarted).cash()));
  }
}
