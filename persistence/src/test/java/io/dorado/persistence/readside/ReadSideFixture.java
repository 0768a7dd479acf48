package io.dorado.persistence.readside;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.BotEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * An actor system on the shared test Cassandra with events by tag tuned for tests (a single node and a
 * single writer, so a short eventual-consistency delay is safe), the read side's session and queries,
 * and writers that persist events the way the real entities do.
 */
final class ReadSideFixture implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The guardian these tests write as: the read side follows one guardian by persistence id, as a node does. */
  final String guardian = BotStory.newBotId("guardian");

  final ActorTestKit testKit;
  final CqlSession session;
  final ReadSideQueries queries;
  final ReadSideTables tables;
  private final Map<String, ActorRef<EventWriter.Write<CborSerializable>>> writers = new ConcurrentHashMap<>();

  ReadSideFixture(String name) {
    testKit = ActorTestKit.create(name, config());
    session = ReadSide.session(testKit.system()).toCompletableFuture().join();
    queries = ReadSideQueries.create(session);
    tables = new ReadSideTables(session);
  }

  static Config config() {
    // Scanning for tagged events starts here; the default (2015) would walk every hour bucket since then.
    String firstBucket = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC)
        .format(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS));
    return TestCassandra.pekkoConfig(ConfigFactory.parseString("""
        pekko.loglevel = WARNING
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms
        pekko.persistence.cassandra.events-by-tag.first-time-bucket = "%s"
        pekko.persistence.cassandra.query.refresh-interval = 200ms
        pekko.projection.at-least-once.save-offset-after-duration = 100ms
        """.formatted(firstBucket)));
  }

  /** The read side, with the audit projection of the guardian these tests write as ({@link #guardian}). */
  ReadSide startReadSide() {
    return ReadSide.start(testKit.system(), session, List.of("RiskGuardian|" + guardian));
  }

  static void stop(ReadSide readSide) {
    readSide.stop().toCompletableFuture().join();
  }

  /** Persists the events in one atomic write as bot {@code botId}; returns the last sequence number. */
  long writeBot(String botId, List<? extends BotEvent> events) {
    return write(writers.computeIfAbsent("bot:" + botId, id -> testKit.spawn(EventWriter.<CborSerializable>bot(botId))), events);
  }

  long writeGuardian(String guardianId, List<? extends CborSerializable> events) {
    return write(writers.computeIfAbsent("guardian:" + guardianId, id -> testKit.spawn(EventWriter.<CborSerializable>guardian(guardianId))),
        events);
  }

  @SuppressWarnings("unchecked")
  private long write(ActorRef<EventWriter.Write<CborSerializable>> writer, List<? extends CborSerializable> events) {
    TestProbe<Long> probe = testKit.createTestProbe();
    writer.tell(new EventWriter.Write<>((List<CborSerializable>) events, probe.ref()));
    return probe.receiveMessage(TIMEOUT);
  }

  /** Writes a story's events command by command (a few events per write, as a bot does). */
  long writeInChunks(String botId, List<BotEvent> events, int chunk) {
    long last = 0;
    for (int i = 0; i < events.size(); i += chunk) {
      last = writeBot(botId, events.subList(i, Math.min(events.size(), i + chunk)));
    }
    return last;
  }

  /** Waits until the bot projection has applied the bot's event {@code seqNr}. */
  void awaitApplied(String botId, long seqNr) {
    long head = eventually(() -> tables.botHead(botId), h -> h.orElse(0L) >= seqNr).orElse(0L);
    assertTrue(head >= seqNr, "bot " + botId + " applied up to " + head + ", expected " + seqNr);
  }

  /** Polls a query until the condition holds or {@link #TIMEOUT} passes; returns the last answer. */
  static <T> T eventually(Supplier<CompletionStage<T>> query, Predicate<T> condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T value = query.get().toCompletableFuture().join();
    while (!condition.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      value = query.get().toCompletableFuture().join();
    }
    return value;
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Override
  public void close() {
    testKit.shutdownTestKit(); // closes the session with the system
  }
}
