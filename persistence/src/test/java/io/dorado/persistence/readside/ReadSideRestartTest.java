package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.dorado.protocol.bot.BotEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Restarts: offsets are stored, and a projection that stops mid-stream, loses its offsets, or dies
 * half way through an event neither loses an event nor counts one twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadSideRestartTest {

  private ReadSideFixture fx;

  @BeforeAll
  void start() {
    fx = new ReadSideFixture("read-side-restart-test");
  }

  @AfterAll
  void stop() {
    fx.close();
  }

  /** Everything the queries say about a bot, to compare before and after a replay. */
  private record Snapshot(List<OrderView> orders, List<FillView> fills, List<ClosedTrade> trades, List<AuditEntry> audit,
                          PnlSummary profit) {}

  private Snapshot snapshot(String bot) {
    return new Snapshot(
        await(fx.queries.orders().byBot(bot, 100, null)).items(),
        await(fx.queries.fills().byBot(bot, 100, null)).items(),
        await(fx.queries.trades().byBot(bot, 100, null)).items(),
        await(fx.queries.audit().forBot(bot, 1000, null)).items(),
        await(fx.queries.trades().profit(bot, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31"))));
  }

  /** What two trades (BotStory.twoTrades) must leave in the read side, counted once. */
  private void assertTwoTradesExactlyOnce(String bot, int events) {
    Snapshot s = snapshot(bot);
    assertEquals(4, s.orders().size(), bot);
    for (OrderView o : s.orders()) {
      assertEquals(OrderView.Status.FILLED, o.status(), o.toString());
      assertEquals(0, o.quantity().compareTo(o.filledQuantity()), "filled exactly once: " + o);
    }
    assertEquals(5, s.fills().size(), bot);
    assertEquals(2, s.trades().size(), bot);
    assertEquals(0, new BigDecimal("33").compareTo(s.profit().realizedPnl()), s.profit().toString());
    List<Long> expected = new ArrayList<>();
    for (long seq = events; seq >= 1; seq--) expected.add(seq);
    assertEquals(expected, s.audit().stream().map(AuditEntry::seqNr).toList(), "every event audited once");
  }

  @Test
  void a_read_side_stopped_and_started_while_bots_keep_writing_loses_nothing_and_counts_nothing_twice() {
    Instant start = Instant.parse("2026-05-04T13:00:00Z");
    List<String> bots = List.of(BotStory.newBotId("restart-a"), BotStory.newBotId("restart-b"), BotStory.newBotId("restart-c"));
    List<List<BotEvent>> stories = bots.stream().map(b -> new BotStory(b, start).twoTrades(Duration.ofHours(2))).toList();
    int events = stories.get(0).size();

    ReadSide first = fx.startReadSide();
    AtomicInteger written = new AtomicInteger();
    // Half the story is written before the stop, the rest only once it happened: the stop always falls
    // mid-stream (a writer left to itself could finish first on a fast run).
    int half = events / 4 * 2;
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < events; i += 2) { // the three bots' commands interleaved, two events each
        if (i == half) stopped.join();
        for (int b = 0; b < bots.size(); b++) {
          fx.writeBot(bots.get(b), stories.get(b).subList(i, Math.min(events, i + 2)));
          written.addAndGet(Math.min(2, events - i));
        }
      }
    });

    fx.awaitApplied(bots.get(0), 4); // the read side is under way ...
    ReadSideFixture.stop(first);     // ... and stops mid-stream
    int writtenWhileRunning = written.get();
    stopped.complete(null);
    ReadSideFixture.eventually(() -> CompletableFuture.completedFuture(written.get()),
        n -> n >= writtenWhileRunning + 12); // bots keep writing while no projection runs
    ReadSide second = fx.startReadSide();
    writing.join();
    try {
      assertTrue(writtenWhileRunning < 3 * events, "the stop came before the bots were done");
      for (String bot : bots) fx.awaitApplied(bot, events);
      for (String bot : bots) assertTwoTradesExactlyOnce(bot, events);

      // Offsets are stored per slice in the projection offset store.
      Set<String> keys = fx.session.execute("SELECT projection_name, projection_key FROM pekko_projection.offset_store")
          .all().stream().map(r -> r.getString(0) + "/" + r.getString(1)).collect(Collectors.toSet());
      for (String bot : bots) {
        String slice = ReadSide.BOT_TAG + "-" + Math.floorMod(bot.hashCode(), ReadSide.BOT_TAG_SLICES);
        assertTrue(keys.contains(ReadSide.BOT_PROJECTION + "/" + slice), keys.toString());
      }
    } finally {
      ReadSideFixture.stop(second);
    }
  }

  @Test
  void events_delivered_again_after_lost_offsets_and_a_half_applied_event_change_nothing() {
    String bot = BotStory.newBotId("replay");
    List<BotEvent> events = new BotStory(bot, Instant.parse("2026-05-05T13:00:00Z")).twoTrades(Duration.ofHours(2));
    ReadSide first = fx.startReadSide();
    fx.awaitApplied(bot, fx.writeInChunks(bot, events, 3));
    ReadSideFixture.stop(first);
    Snapshot before = snapshot(bot);
    BotLedger ledgerBefore = await(fx.tables.ledger(bot)).orElseThrow();

    // A crash after the rows of the first fill were written but before its ledger was: the ledger is
    // as it was before that fill, every row after it is already there. Then the offsets are lost too.
    int firstFill = 0;
    while (!(events.get(firstFill) instanceof BotEvent.FillApplied)) firstFill++;
    BotLedger rolledBack = BotLedger.initial(bot);
    for (int i = 0; i < firstFill; i++) rolledBack = rolledBack.next(i + 1, events.get(i)).ledger();
    await(fx.tables.saveLedger(rolledBack));
    // A truncate flushes and snapshots the table: on a busy machine it takes longer than a query.
    fx.session.execute(SimpleStatement.newInstance("TRUNCATE pekko_projection.offset_store")
        .setTimeout(Duration.ofSeconds(30)));

    ReadSide second = fx.startReadSide();
    try {
      fx.awaitApplied(bot, events.size()); // only a replay from the first fill on can bring the ledger back
      assertEquals(ledgerBefore, await(fx.tables.ledger(bot)).orElseThrow());
      assertEquals(before, snapshot(bot));
      assertTwoTradesExactlyOnce(bot, events.size());
    } finally {
      ReadSideFixture.stop(second);
    }
  }
}
