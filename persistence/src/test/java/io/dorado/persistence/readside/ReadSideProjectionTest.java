package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideFixture.await;
import static io.dorado.persistence.readside.ReadSideFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.persistence.readside.ClosedTrade.Direction;
import io.dorado.persistence.readside.OrderView.Status;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The read side on a real Cassandra: events written by entities, projected, and read back through the queries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadSideProjectionTest {

  private ReadSideFixture fx;
  private ReadSide readSide;

  @BeforeAll
  void start() {
    fx = new ReadSideFixture("read-side-test");
    readSide = fx.startReadSide();
  }

  @AfterAll
  void stop() {
    ReadSideFixture.stop(readSide);
    fx.close();
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertNotNull(actual, "expected " + expected + " but was null");
    assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
  }

  @Test
  void two_trades_of_a_bot_fill_its_orders_fills_closed_trades_audit_log_and_pnl() {
    String bot = BotStory.newBotId("life");
    BotStory story = new BotStory(bot, Instant.parse("2026-03-02T14:30:00Z"));
    List<BotEvent> events = story.twoTrades(Duration.ofDays(1));
    fx.awaitApplied(bot, fx.writeInChunks(bot, events, 3));

    // Orders: newest first, with fills folded in.
    Page<OrderView> orders = await(fx.queries.orders().byBot(bot, 10, null));
    assertEquals(List.of(4L, 3L, 2L, 1L), orders.items().stream().map(OrderView::sequence).toList());
    assertNull(orders.nextCursor());
    OrderView entry = orders.items().get(3);
    assertEquals(bot + "-1", entry.clientOrderId());
    assertEquals(Status.FILLED, entry.status());
    assertDecimal("10", entry.filledQuantity());
    assertDecimal("100.3", entry.averagePrice());
    assertEquals("v-" + bot + "-1", entry.venueOrderId());
    assertFalse(entry.reduceOnly());
    assertTrue(orders.items().get(2).reduceOnly(), "the closing order is reduce-only");
    assertEquals(entry, await(fx.queries.orders().byClientOrderId(bot + "-1")).orElseThrow());

    // Fills: newest first, and by time.
    Page<FillView> fills = await(fx.queries.fills().byBot(bot, 10, null));
    assertEquals(5, fills.items().size());
    assertEquals(List.of(bot + "-f5", bot + "-f4", bot + "-f3", bot + "-f2", bot + "-f1"),
        fills.items().stream().map(FillView::fillId).toList());
    Instant secondDay = Instant.parse("2026-03-03T00:00:00Z");
    assertEquals(3, await(fx.queries.fills().byBot(bot, null, secondDay, 10, null)).items().size());
    assertEquals(2, await(fx.queries.fills().byBot(bot, secondDay, null, 10, null)).items().size());

    // Closed trades with exact P&L, newest first.
    List<ClosedTrade> trades = await(fx.queries.trades().byBot(bot, 10, null)).items();
    assertEquals(List.of(Direction.SHORT, Direction.LONG), trades.stream().map(ClosedTrade::direction).toList());
    assertDecimal("-11", trades.get(0).realizedPnl());
    assertDecimal("44", trades.get(1).realizedPnl());
    assertDecimal("100.3", trades.get(1).entryPrice());

    // The audit log: every event, newest first, with the phases it left and entered.
    List<AuditEntry> audit = await(fx.queries.audit().forBot(bot, 100, null)).items();
    assertEquals(events.size(), audit.size());
    assertEquals(events.size(), audit.get(0).seqNr());
    assertEquals("ReturnedToIdle", audit.get(0).eventType());
    assertEquals(Phase.CLOSING.name() + ">" + Phase.IDLE.name(), audit.get(0).fromState() + ">" + audit.get(0).toState());
    AuditEntry approved = audit.stream().filter(a -> a.eventType().equals("ExecutionApproved")).findFirst().orElseThrow();
    assertEquals("approved by alice", approved.reason());
    assertEquals("AWAITING_APPROVAL>EXECUTING", approved.fromState() + ">" + approved.toState());

    // /profit and /daily.
    PnlSummary profit = await(fx.queries.trades().profit(bot, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31")));
    assertEquals(2, profit.trades());
    assertEquals(1, profit.wins());
    assertEquals(1, profit.losses());
    assertDecimal("33", profit.realizedPnl());
    assertDecimal("44", profit.best());
    assertDecimal("-11", profit.worst());
    assertDecimal("4", profit.commission());
    List<DailyPnl> daily = await(fx.queries.trades().daily(bot, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-03")));
    assertEquals(List.of("2026-03-03", "2026-03-02", "2026-03-01"), daily.stream().map(d -> d.day().toString()).toList());
    assertDecimal("-11", daily.get(0).realizedPnl());
    assertDecimal("44", daily.get(1).realizedPnl());
    assertEquals(0, daily.get(2).trades());
  }

  @Test
  void an_order_and_a_protective_one_read_back_with_their_template_and_approving_operator_older_ones_with_nulls() {
    String bot = BotStory.newBotId("prov");
    BotStory story = new BotStory(bot, Instant.parse("2026-03-04T14:30:00Z"));
    List<BotEvent> events = new ArrayList<>(story.created());
    events.addAll(story.entryApproved(Side.BUY, "10", "100")); // its OrderIntended as journals before the fields hold it
    events.addAll(story.fill(Side.BUY, "10", "100", "1", true));
    // The trade's stop rests at the venue, then is cancelled: a protective order, with the entry's approver.
    var stop = new io.dorado.protocol.order.Order(ClientOrderId.of(bot, 100), BotStory.VENUE, BotStory.SYMBOL, Side.SELL,
        io.dorado.protocol.order.OrderType.STOP, BigDecimal.TEN, null, new BigDecimal("95"),
        io.dorado.protocol.order.TimeInForce.GTC, true);
    events.add(new BotEvent.ProtectionIntended(bot, stop, io.dorado.protocol.bot.ProtectiveOrder.Role.STOP, story.now(),
        "equity_momentum", "telegram @alice"));
    events.add(new BotEvent.OrderAccepted(bot, stop.clientOrderId(), "v-stop", story.now()));
    events.add(new BotEvent.ProtectionCancelling(bot, stop.clientOrderId(), "exit signal", story.now()));
    events.add(new BotEvent.ProtectionSettled(bot, stop.clientOrderId(), "cancelled: exit signal", story.now()));
    for (BotEvent e : story.exitStarted(Side.SELL, "10")) {
      events.add(e instanceof BotEvent.OrderIntended oi
          ? new BotEvent.OrderIntended(oi.botId(), oi.order(), oi.at(), "equity_momentum", "telegram @alice") : e);
    }
    fx.awaitApplied(bot, fx.writeInChunks(bot, events, 4));

    OrderView exit = await(fx.queries.orders().byClientOrderId(bot + "-2")).orElseThrow();
    assertEquals("equity_momentum", exit.template());
    assertEquals("telegram @alice", exit.approvedBy());
    OrderView protective = await(fx.queries.orders().byClientOrderId(bot + "-100")).orElseThrow();
    assertEquals(List.of("equity_momentum", "telegram @alice", "STOP", "v-stop"),
        List.of(protective.template(), protective.approvedBy(), protective.type(), protective.venueOrderId()));
    assertEquals(Status.FAILED, protective.status());
    assertEquals("cancelled: exit signal", protective.reason());
    OrderView entry = await(fx.queries.orders().byClientOrderId(bot + "-1")).orElseThrow();
    assertEquals(Status.FILLED, entry.status());
    assertNull(entry.template());
    assertNull(entry.approvedBy());

    // A row written before migration 006 added the columns (only the older ones named) reads them as null.
    String old = BotStory.newBotId("pre006");
    fx.session.execute("INSERT INTO dorado_read.orders_by_bot (bot_id, order_seq, client_order_id, venue, symbol, side, "
        + "order_type, quantity, reduce_only, status, filled_quantity, filled_notional, created_at, updated_at) "
        + "VALUES (?, 1, ?, 'paper', 'AAPL', 'BUY', 'MARKET', 10, false, 'INTENDED', 0, 0, ?, ?)",
        old, old + "-1", story.now(), story.now());
    OrderView before = await(fx.queries.orders().byClientOrderId(old + "-1")).orElseThrow();
    assertEquals(Status.INTENDED, before.status());
    assertNull(before.template());
    assertNull(before.approvedBy());
  }

  @Test
  void an_unknown_or_malformed_client_order_id_gives_an_empty_result_not_an_error() {
    assertTrue(await(fx.queries.orders().byClientOrderId("nobody-42")).isEmpty());
    assertTrue(await(fx.queries.orders().byClientOrderId("not an id")).isEmpty());
    assertTrue(await(fx.queries.orders().byClientOrderId("")).isEmpty());
    assertTrue(await(fx.queries.orders().byBot("nobody", 10, null)).items().isEmpty());
    assertTrue(await(fx.queries.audit().forBot("nobody", 10, null)).items().isEmpty());
  }

  @Test
  void pages_follow_their_cursor_to_the_end_without_gaps_or_repeats() {
    String bot = BotStory.newBotId("page");
    BotStory story = new BotStory(bot, Instant.parse("2026-04-01T10:00:00Z"));
    List<BotEvent> events = new ArrayList<>(story.twoTrades(Duration.ofHours(1)));
    events.addAll(story.entryApproved(Side.BUY, "1", "100")); // a fifth order, still working
    fx.awaitApplied(bot, fx.writeInChunks(bot, events, 4));

    List<Long> sequences = readAll((size, cursor) -> await(fx.queries.orders().byBot(bot, size, cursor)), 2)
        .stream().map(OrderView::sequence).toList();
    assertEquals(List.of(5L, 4L, 3L, 2L, 1L), sequences);
    assertEquals(List.of(3L, 2L), await(fx.queries.orders().before(bot, 4, 2)).stream().map(OrderView::sequence).toList(),
        "a bot's orders older than a sequence, newest first");
    assertEquals(List.of(), await(fx.queries.orders().before(bot, 1, 10)));
    assertEquals(Status.ACCEPTED, await(fx.queries.orders().byClientOrderId(bot + "-5")).orElseThrow().status());

    List<Long> auditSeqs = readAll((size, cursor) -> await(fx.queries.audit().forBot(bot, size, cursor)), 7)
        .stream().map(AuditEntry::seqNr).toList();
    List<Long> expected = new ArrayList<>();
    for (long s = events.size(); s >= 1; s--) expected.add(s);
    assertEquals(expected, auditSeqs);

    List<String> fillIds = readAll((size, cursor) -> await(fx.queries.fills().byBot(bot, size, cursor)), 3)
        .stream().map(FillView::fillId).toList();
    assertEquals(5, fillIds.size());
    assertEquals(5, fillIds.stream().distinct().count());
  }

  private static <T> List<T> readAll(BiFunction<Integer, String, Page<T>> query, int pageSize) {
    List<T> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<T> page = query.apply(pageSize, cursor);
      assertTrue(page.items().size() <= pageSize);
      all.addAll(page.items());
      cursor = page.nextCursor();
      assertTrue(++pages < 100, "cursor never ends");
    } while (cursor != null);
    return all;
  }

  @Test
  void a_cursor_of_another_query_or_a_bad_page_size_fails_the_query_with_the_reason() {
    String bot = BotStory.newBotId("cursor");
    BotStory story = new BotStory(bot, Instant.parse("2026-04-02T10:00:00Z"));
    fx.awaitApplied(bot, fx.writeInChunks(bot, story.twoTrades(Duration.ofHours(1)), 5));
    String ordersCursor = await(fx.queries.orders().byBot(bot, 1, null)).nextCursor();
    assertNotNull(ordersCursor);

    var foreign = assertThrows(CompletionException.class,
        () -> await(fx.queries.fills().byBot(bot, 1, ordersCursor)));
    assertInstanceOf(IllegalArgumentException.class, foreign.getCause());
    var garbage = assertThrows(CompletionException.class, () -> await(fx.queries.orders().byBot(bot, 1, "%%%")));
    assertInstanceOf(IllegalArgumentException.class, garbage.getCause());
    var size = assertThrows(CompletionException.class, () -> await(fx.queries.orders().byBot(bot, 0, null)));
    assertInstanceOf(IllegalArgumentException.class, size.getCause());
  }

  @Test
  void audit_pages_walk_back_through_the_sequence_number_buckets() {
    String bot = BotStory.newBotId("buckets");
    long[] seqs = {3, 9_999, 10_000, 10_001, 20_004, 20_005}; // buckets 0, 0, 1, 1, 2, 2
    for (long s : seqs) {
      await(fx.tables.saveAudit(new AuditEntry(AuditEntry.BOT, bot, s, Instant.parse("2026-04-03T10:00:00Z").plusSeconds(s),
          "Paused", "IDLE", "IDLE", "paused by test", "")));
    }
    await(fx.tables.saveLedger(new BotLedger(bot, 20_005, Phase.IDLE, null, null)));

    Page<AuditEntry> first = await(fx.queries.audit().forBot(bot, 4, null));
    assertEquals(List.of(20_005L, 20_004L, 10_001L, 10_000L), first.items().stream().map(AuditEntry::seqNr).toList());
    Page<AuditEntry> second = await(fx.queries.audit().forBot(bot, 4, first.nextCursor()));
    assertEquals(List.of(9_999L, 3L), second.items().stream().map(AuditEntry::seqNr).toList());
    assertNull(second.nextCursor());
  }

  @Test
  void guardian_decisions_enter_its_audit_log_with_the_trading_state_they_left_and_entered() {
    String guardian = fx.guardian;
    Instant t = Instant.parse("2026-04-04T09:00:00Z");
    long last = fx.writeGuardian(guardian, List.of(
        new GuardianEvent.ReviewDenied("b/s1", "b", RiskDenial.of(DenialReason.HEAT_LIMIT, "heat 6.1% > 6%"), t),
        new GuardianEvent.PricesMarked(Map.of("AAPL", new BigDecimal("101")), t.plusSeconds(1))));
    last = Math.max(last, fx.writeGuardian(guardian, List.of(
        new GuardianEvent.TradingStateChanged(TradingState.REDUCING, "breaker", "drawdown 8% >= 8%", t.plusSeconds(2)),
        new GuardianEvent.KillSwitchEngaged("alice", "venue outage", t.plusSeconds(3)),
        new GuardianEvent.OrderDenied(ClientOrderId.of("b", 2), RiskDenial.of(DenialReason.KILL_SWITCH, "halted"),
            t.plusSeconds(4)),
        new GuardianEvent.TradingStateChanged(TradingState.ACTIVE, "alice", "outage over", t.plusSeconds(5)))));
    long written = last;

    List<AuditEntry> audit = eventually(() -> fx.queries.audit().forGuardian(guardian, 10, null),
        p -> !p.items().isEmpty() && p.items().get(0).seqNr() == written).items();
    assertEquals(List.of("TradingStateChanged HALTED>ACTIVE outage over",
            "OrderDenied HALTED>HALTED KILL_SWITCH",
            "KillSwitchEngaged REDUCING>HALTED kill switch: venue outage",
            "TradingStateChanged ACTIVE>REDUCING drawdown 8% >= 8%",
            "ReviewDenied ACTIVE>ACTIVE HEAT_LIMIT"),
        audit.stream().map(a -> a.eventType() + " " + a.fromState() + ">" + a.toState() + " " + a.reason()).toList());
    assertEquals("review b/s1 of bot b: heat 6.1% > 6%", audit.get(4).detail());
  }

  @Test
  void fleet_profit_and_daily_sum_the_trades_every_bot_closed_on_each_day() {
    // Days of their own (2030), so trades of other tests on this node do not count.
    String a = BotStory.newBotId("fleet-a");
    String b = BotStory.newBotId("fleet-b");
    long lastA = fx.writeInChunks(a, new BotStory(a, Instant.parse("2030-07-01T10:00:00Z")).twoTrades(Duration.ofDays(1)), 6);
    long lastB = fx.writeInChunks(b, new BotStory(b, Instant.parse("2030-07-02T10:00:00Z")).twoTrades(Duration.ofDays(1)), 6);
    fx.awaitApplied(a, lastA);
    fx.awaitApplied(b, lastB);

    List<DailyPnl> daily = await(fx.queries.trades().daily(LocalDate.parse("2030-07-01"), LocalDate.parse("2030-07-03")));
    assertEquals(List.of("2030-07-03 1 -11", "2030-07-02 2 33", "2030-07-01 1 44"),
        daily.stream().map(d -> d.day() + " " + d.trades() + " " + d.realizedPnl().stripTrailingZeros().toPlainString()).toList());
    PnlSummary fleet = await(fx.queries.trades().profit(LocalDate.parse("2030-07-01"), LocalDate.parse("2030-07-03")));
    assertNull(fleet.botId());
    assertEquals(4, fleet.trades());
    assertDecimal("66", fleet.realizedPnl());
    assertEquals(2, await(fx.queries.trades().byDay(LocalDate.parse("2030-07-02"), 10, null)).items().size());

    var tooLong = assertThrows(CompletionException.class,
        () -> await(fx.queries.trades().daily(LocalDate.parse("2030-01-01"), LocalDate.parse("2031-06-01"))));
    assertInstanceOf(IllegalArgumentException.class, tooLong.getCause());
  }
}
