package io.dorado.fleet.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.CassandraNode;
import io.dorado.persistence.cassandra.NodeConfig;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.testing.Eventually;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cassandra killed (SIGKILL) under a trading fleet and started again: while the journal is down no
 * order is acknowledged or sent and every request answers with an error (nothing is silently taken),
 * and once it is back the same requests go through, and the guardian's ledger equals the exchange's fills.
 */
class JournalOutageTest {
  private static final BigDecimal MID = new BigDecimal("42000");

  @Test
  void while_the_journal_is_down_nothing_is_acknowledged_and_afterwards_the_fleet_continues_without_loss()
      throws Exception {
    // Durable system tables: with the tests' "unsafe system" speed-up a SIGKILL loses the schema itself.
    NodeConfig nodeConfig = TestCassandra.ownNodeConfig("outage").withUnsafeSystem(false);
    CassandraNode cassandra = CassandraNode.start(nodeConfig);
    Path exchange = nodeConfig.workDir().resolve("exchange.jsonl");
    try {
      SchemaMigration.apply(cassandra.settings(), Replication.singleNode());
      // Find the node again within seconds of its return (the driver's default backs off to a minute).
      Config config = CrashFleet.config(cassandra.settings(), ConfigFactory.parseString("""
          datastax-java-driver.advanced.reconnection-policy.base-delay = 500ms
          datastax-java-driver.advanced.reconnection-policy.max-delay = 2s
          # This test is about the journal itself: nothing is sent while it is down, nothing lost after. The journal
          # watchdog's REDUCING on an outage is tested on its own (JournalWatchdog*Test); here it would restrict
          # trading again while the restarted node settles, which is its job but not this test's subject.
          dorado.journal-watchdog.enabled = off
          """));
      try (FleetNode node = CrashFleet.start(config, exchange, line -> {})) {
        FleetOperations ops = node.operations();
        for (String botId : List.of("holder", "newcomer")) {
          Eventually.eventually(Duration.ofSeconds(60),
              () -> ops.createBot(CrashFleet.bot(botId), "test").toCompletableFuture().get(10, TimeUnit.SECONDS),
              reply -> reply instanceof Fleet.Done);
        }
        CrashFleet.price(node, MID);
        signalUntilTaken(ops, node, "holder", "enter-1", SignalAction.ENTER_LONG);
        awaitPhase(ops, "holder", Phase.MONITORING);
        int sentBefore = DurableExchange.History.read(exchange).placeCalls.size();

        cassandra.kill();
        List<String> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
          CrashFleet.price(node, MID);
          answers.add(answerTo(ops, "holder", new Signal("exit-1", "holder", CrashFleet.SYMBOL, SignalAction.EXIT, MID,
              null, null, "test", Instant.now())));
          answers.add(answerTo(ops, "newcomer", new Signal("enter-2", "newcomer", CrashFleet.SYMBOL,
              SignalAction.ENTER_LONG, MID, null, null, "test", Instant.now())));
        }
        int sentDuringOutage = DurableExchange.History.read(exchange).placeCalls.size() - sentBefore;
        System.out.println("journal outage: answers while Cassandra was down: " + answers);
        assertFalse(answers.stream().anyMatch(a -> a.startsWith("Accepted")), "a signal was taken without a journal: " + answers);
        assertEquals(0, sentDuringOutage, "orders reached the exchange while the journal was down");

        long down = System.nanoTime();
        cassandra = CassandraNode.start(nodeConfig);
        signalUntilTaken(ops, node, "holder", "exit-1", SignalAction.EXIT);
        signalUntilTaken(ops, node, "newcomer", "enter-2", SignalAction.ENTER_LONG);
        awaitPhase(ops, "holder", Phase.IDLE);
        awaitPhase(ops, "newcomer", Phase.MONITORING);
        long recoveredMs = Duration.ofNanos(System.nanoTime() - down).toMillis();

        DurableExchange.History history = DurableExchange.History.read(exchange);
        assertEquals(3, history.placeCalls.size(), "enter, exit and the newcomer's entry were each sent");
        assertFalse(history.placeCalls.values().stream().anyMatch(n -> n > 1), "sent twice: " + history.placeCalls);
        RiskGuardian.GuardianStatus risk = Eventually.eventually(Duration.ofSeconds(30),
            () -> ops.risk().toCompletableFuture().get(10, TimeUnit.SECONDS), r -> r.workingOrders() == 0);
        BigDecimal position = BigDecimal.ZERO;
        BigDecimal cash = CrashFleet.STARTING_CASH;
        for (Fill f : history.fills()) {
          position = position.add(f.signedQuantity());
          cash = cash.subtract(f.signedQuantity().multiply(f.price())).subtract(f.commission());
        }
        assertEquals(0, CrashFleet.QUANTITY.compareTo(position), "one position left open: the newcomer's");
        assertEquals(0, position.compareTo(risk.positions().getOrDefault(CrashFleet.SYMBOL, BigDecimal.ZERO)));
        assertEquals(0, cash.compareTo(risk.cash()), "guardian cash " + risk.cash() + " vs fills " + cash);
        System.out.printf("journal outage: %d requests refused while down, trading again %d ms after the restart "
            + "began, %d orders sent once each, ledger equals %d fills%n", answers.size(), recoveredMs,
            history.placeCalls.size(), history.fills().size());
      }
    } finally {
      cassandra.kill();
      TestCassandra.deleteFolder(nodeConfig.workDir());
    }
  }

  /** What the fleet answered, or the error it failed with, in a few words. */
  private static String answerTo(FleetOperations ops, String botId, Signal signal) {
    try {
      Bot.Ack ack = ops.ingestSignal(botId, signal).toCompletableFuture().get(30, TimeUnit.SECONDS);
      return ack.getClass().getSimpleName();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return "error " + cause.getClass().getSimpleName();
    }
  }

  /** The same signal id again until the bot has it: a retry is never a second intent. */
  private static void signalUntilTaken(FleetOperations ops, FleetNode node, String botId, String signalId,
      SignalAction action) throws InterruptedException {
    Eventually.eventually(Duration.ofSeconds(120), () -> {
      CrashFleet.price(node, MID);
      return ops.ingestSignal(botId, new Signal(signalId, botId, CrashFleet.SYMBOL, action, MID, null, null, "test",
          Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }, ack -> ack instanceof Bot.Accepted || ack instanceof Bot.AlreadyProcessed);
  }

  private static BotState awaitPhase(FleetOperations ops, String botId, Phase phase) throws InterruptedException {
    return Eventually.eventually(Duration.ofSeconds(60),
        () -> ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow(),
        s -> s.phase() == phase);
  }
}
