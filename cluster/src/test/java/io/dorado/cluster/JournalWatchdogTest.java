package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.alert.Alert.JournalHealth.Condition;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog as an actor on an in-memory journal whose writes are made to fail: the guardian is asked for
 * REDUCING (until it answers), the alerts go out, a recovery is alerted, and the exit happens when the journal
 * plugin's actor stops. {@link JournalWatchTest} covers the decisions; JournalWatchdogOnCassandraTest the real plugin.
 */
class JournalWatchdogTest {
  private static final JournalWatch.Settings FAST =
      new JournalWatch.Settings(Duration.ofMillis(100), Duration.ofMillis(500), 2, Duration.ZERO, Duration.ZERO);

  private final ActorTestKit kit = ActorTestKit.create("journal-watchdog", ConfigFactory.parseString("""
          pekko.loglevel = WARNING
          pekko.actor.allow-java-serialization = off
          """).withFallback(PersistenceTestKitPlugin.getInstance().config())
      .withFallback(PersistenceTestKitSnapshotPlugin.config())
      .withFallback(ConfigFactory.load()));
  private final PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
  private final TestProbe<RiskGuardian.Command> guardian = kit.createTestProbe();
  private final TestProbe<Alert> alerts = kit.createTestProbe();
  private final CopyOnWriteArrayList<String> exits = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private void start(JournalWatch.Settings settings) {
    kit.system().eventStream().tell(new EventStream.Subscribe<>(Alert.class, alerts.ref()));
    kit.spawn(JournalWatchdog.create(settings, guardian.ref(), (system, reason) -> exits.add(reason), Clock.systemUTC()),
        "watchdog");
  }

  private Alert.JournalHealth nextJournalAlert() {
    return alerts.fishForMessage(Duration.ofSeconds(10), a -> a instanceof Alert.JournalHealth
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).stream()
        .map(Alert.JournalHealth.class::cast).reduce((a, b) -> b).orElseThrow();
  }

  private RiskGuardian.RestrictTrading expectRestrict() {
    return guardian.expectMessageClass(RiskGuardian.RestrictTrading.class, Duration.ofSeconds(10));
  }

  @Test
  void failing_writes_restrict_trading_alert_and_keep_asking_the_guardian_until_it_answers_then_recovery_is_alerted() {
    journal.failNextNPersisted(1_000_000); // every probe's write fails until cleared
    start(FAST);

    Alert.JournalHealth failing = nextJournalAlert();
    assertEquals(Condition.FAILING, failing.condition());
    RiskGuardian.RestrictTrading first = expectRestrict();
    assertEquals(TradingState.REDUCING, first.atLeast());
    assertTrue(first.by().startsWith("journal-watchdog@"), first.by());
    // The guardian does not answer (its own journal fails): asked again, one ask at a time.
    RiskGuardian.RestrictTrading second = expectRestrict();
    second.replyTo().tell(new RiskGuardian.OperatorReply(TradingState.REDUCING, false, "trading state REDUCING"));

    journal.resetPolicy();
    journal.clearAll();
    Alert.JournalHealth recovered = nextJournalAlert();
    assertEquals(Condition.RECOVERED, recovered.condition());
    assertEquals(failing.since(), recovered.since());
    guardian.expectNoMessage(Duration.ofMillis(700)); // confirmed: not asked again
    assertEquals(0, exits.size(), "restart-after 0: failing probes never exit");
  }

  @Test
  void the_journal_plugin_actor_stopping_restricts_trading_alerts_restarting_and_exits() throws Exception {
    start(FAST);
    var classic = Adapter.toClassic(kit.system());
    var journalActor = Persistence.get(classic).journalFor("", ConfigFactory.empty());
    journalActor.tell(PoisonPill.getInstance(), org.apache.pekko.actor.ActorRef.noSender());

    Alert.JournalHealth restarting = nextJournalAlert();
    assertEquals(Condition.RESTARTING, restarting.condition());
    assertTrue(restarting.detail().contains("stopped"), restarting.detail());
    assertEquals(TradingState.REDUCING, expectRestrict().atLeast());
    io.dorado.protocol.testing.Eventually.eventually(Duration.ofSeconds(5), () -> List.copyOf(exits), e -> e.size() == 1);
    guardian.expectNoMessage(Duration.ofMillis(300));
    assertEquals(1, exits.size(), "exited once: " + exits);
  }
}
