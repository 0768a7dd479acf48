package io.dorado.persistence.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Side;
import io.dorado.persistence.readside.ClosedTrade.Direction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The projection's per-bot fold on its own: phases, trades and P&L, audit lines. No Cassandra. */
class BotLedgerTest {

  private static final Instant START = Instant.parse("2026-03-02T14:30:00Z");

  private record Run(BotLedger ledger, List<ClosedTrade> trades, List<AuditEntry> audit) {}

  private static Run fold(String botId, List<BotEvent> events) {
    BotLedger ledger = BotLedger.initial(botId);
    List<ClosedTrade> trades = new ArrayList<>();
    List<AuditEntry> audit = new ArrayList<>();
    long seq = 0;
    for (BotEvent e : events) {
      BotLedger.Step step = ledger.next(++seq, e);
      ledger = step.ledger();
      step.closed().ifPresent(trades::add);
      audit.add(step.audit());
    }
    return new Run(ledger, trades, audit);
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
  }

  @Test
  void two_round_trips_give_two_closed_trades_whose_pnl_sums_to_the_positions_realized_pnl() {
    BotStory story = new BotStory("b1", START);
    Run run = fold("b1", story.twoTrades(Duration.ofDays(1)));

    assertEquals(2, run.trades().size());
    ClosedTrade first = run.trades().get(0);
    assertEquals(Direction.LONG, first.direction());
    assertDecimal("10", first.quantity());
    assertDecimal("100.3", first.entryPrice()); // (4 x 100 + 6 x 100.5) / 10
    assertDecimal("105", first.exitPrice());
    assertDecimal("44", first.realizedPnl());   // 4.7 x 10 - 3 commission
    assertDecimal("3", first.commission());
    assertEquals(3, first.fills());
    ClosedTrade second = run.trades().get(1);
    assertEquals(Direction.SHORT, second.direction());
    assertDecimal("-11", second.realizedPnl()); // -2 x 5 - 1 commission
    assertEquals(LocalDate.ofInstant(second.closedAt(), ZoneOffset.UTC), second.day());

    assertDecimal("33", run.ledger().position().realizedPnl());
    assertTrue(run.ledger().position().isFlat());
    assertNull(run.ledger().openTrade());
    assertEquals(Phase.IDLE, run.ledger().phase());
  }

  @Test
  void a_fill_that_flips_the_position_closes_one_trade_and_opens_the_next_at_the_fill_price() {
    BotStory story = new BotStory("b2", START);
    List<BotEvent> events = new ArrayList<>(story.created());
    events.addAll(story.entryApproved(Side.BUY, "10", "100"));
    events.addAll(story.fill(Side.BUY, "10", "100", "0", true));
    // A late sell of 15 (e.g. an adjustment gone wrong): 10 close the long at 102, 5 open a short at 102.
    events.add(new BotEvent.FillApplied("b2", new Fill("b2-late", ClientOrderId.of("b2", 1), "AAPL", Side.SELL,
        new BigDecimal("15"), new BigDecimal("102"), new BigDecimal("1.5"), START.plusSeconds(60)), START.plusSeconds(60)));
    Run run = fold("b2", events);

    assertEquals(1, run.trades().size());
    assertDecimal("18.5", run.trades().get(0).realizedPnl()); // 2 x 10 - 1.5 commission, all on the closing trade
    BotLedger.OpenTrade open = run.ledger().openTrade();
    assertEquals(Direction.SHORT, open.direction());
    assertDecimal("5", open.maxQuantity());
    assertDecimal("102", open.entryNotional().divide(open.entryQuantity()));
    assertDecimal("18.5", open.realizedAtOpen());
  }

  @Test
  void every_event_is_an_audit_line_with_the_phase_it_left_and_entered_and_why() {
    BotStory story = new BotStory("b3", START);
    List<BotEvent> events = new ArrayList<>(story.created());
    events.addAll(story.entryDenied("100"));
    Run run = fold("b3", events);

    List<String> transitions = run.audit().stream().map(a -> a.fromState() + ">" + a.toState()).toList();
    assertEquals(List.of("NEW>IDLE", "IDLE>SIGNAL_RECEIVED", "SIGNAL_RECEIVED>RISK_CHECK", "RISK_CHECK>REJECTED",
        "REJECTED>IDLE"), transitions);
    AuditEntry denied = run.audit().get(3);
    assertEquals("RiskRejected", denied.eventType());
    assertEquals("MAX_NOTIONAL", denied.reason());
    assertTrue(denied.detail().contains("notional 125000 > max 100000"), denied.detail());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), run.audit().stream().map(AuditEntry::seqNr).toList());
  }

  @Test
  void the_ledger_survives_its_json_round_trip_exactly() {
    BotStory story = new BotStory("b4", START);
    List<BotEvent> events = new ArrayList<>(story.created());
    events.addAll(story.entryApproved(Side.BUY, "10", "100"));
    events.addAll(story.fill(Side.BUY, "3", "100.125", "0.25", false)); // a trade open, partially filled
    BotLedger ledger = fold("b4", events).ledger();

    BotLedger back = ReadSideTables.fromJson(ReadSideTables.toJson(ledger));
    assertEquals(ledger, back);
    assertEquals(ledger.position().averagePrice().scale(), back.position().averagePrice().scale());
  }

  @Test
  void an_event_at_or_below_the_ledgers_sequence_number_counts_as_applied() {
    BotLedger ledger = fold("b5", new BotStory("b5", START).created()).ledger();
    assertTrue(ledger.hasApplied(1));
    assertTrue(ledger.hasApplied(0));
    assertFalse(ledger.hasApplied(2));
  }

  @Test
  void an_iron_condors_leg_fills_make_one_closed_trade_at_its_net_credit_and_debit_with_the_legs_pnl() {
    BotStory story = new BotStory("ic", START);
    List<BotEvent> events = new ArrayList<>(story.created());
    String[] legs = {"AAPL  130621P00400000", "AAPL  130621P00395000", "AAPL  130621C00460000", "AAPL  130621C00465000"};
    Side[] open = {Side.SELL, Side.BUY, Side.SELL, Side.BUY};
    String[] entry = {"2.40", "0.95", "1.10", "0.45"};
    String[] exit = {"1.20", "0.40", "0.35", "0.10"};
    for (int i = 0; i < 4; i++) {
      events.add(new BotEvent.FillApplied("ic", new Fill("ic-1-f" + i, ClientOrderId.of("ic", 1), legs[i], open[i],
          new BigDecimal("200"), new BigDecimal(entry[i]), new BigDecimal("0.65"), START), START));
    }
    Run half = fold("ic", events);
    assertTrue(half.trades().isEmpty(), "the structure is open");
    assertEquals(4, half.ledger().legs().size());
    for (int i = 0; i < 4; i++) {
      events.add(new BotEvent.FillApplied("ic", new Fill("ic-2-f" + i, ClientOrderId.of("ic", 2), legs[i], open[i].opposite(),
          new BigDecimal("200"), new BigDecimal(exit[i]), new BigDecimal("0.65"), START.plusSeconds(60)), START.plusSeconds(60)));
    }
    Run run = fold("ic", events);
    assertEquals(1, run.trades().size());
    ClosedTrade t = run.trades().get(0);
    assertEquals("AAPL", t.symbol());
    assertEquals(Direction.SHORT, t.direction());
    assertDecimal("200", t.quantity());
    assertDecimal("2.10", t.entryPrice());   // 2.40 - 0.95 + 1.10 - 0.45
    assertDecimal("1.05", t.exitPrice());    // 1.20 - 0.40 + 0.35 - 0.10
    assertDecimal("204.80", t.realizedPnl()); // (2.10 - 1.05) x 200 - 8 x 0.65
    assertDecimal("5.20", t.commission());
    assertEquals(8, t.fills());
    assertTrue(run.ledger().legs().isEmpty(), "flat legs are dropped with the closed structure");
    assertNull(run.ledger().openTrade());
    BotLedger back = ReadSideTables.fromJson(ReadSideTables.toJson(half.ledger()));
    assertEquals(half.ledger(), back);
  }

  @Test
  void a_trades_return_is_its_realized_pnl_over_the_notional_that_opened_it() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    var shortWin = new ClosedTrade("b1", "b1@1", "ETH", Direction.SHORT, new BigDecimal("2"), new BigDecimal("50"),
        new BigDecimal("47.5"), new BigDecimal("5"), BigDecimal.ZERO, 2, t, t.plusSeconds(60));
    assertEquals(0.05, shortWin.returnOnNotional(), 1e-12); // +5 on 2 × 50
    var noNotional = new ClosedTrade("b1", "b1@3", "ETH", Direction.LONG, BigDecimal.ZERO, new BigDecimal("50"),
        new BigDecimal("51"), BigDecimal.ONE, BigDecimal.ZERO, 2, t, t.plusSeconds(60));
    assertNull(noNotional.returnOnNotional(), "no notional, no return (the projector leaves the trade out)");
  }
}
