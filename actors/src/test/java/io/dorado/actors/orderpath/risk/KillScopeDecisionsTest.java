package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.GuardianDecisions.CancelAtVenue;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Decision;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Forward;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Reply;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.KillScope;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The granular kill switch as pure decisions, scope by scope: what it writes, which working orders it cancels (entries,
 * once written; reduce-only orders stay), and which orders it denies afterwards with which reason code. Two venues:
 * AAPL trades on "paper", SPY on "ibkr"; bot "b1.paper" is b1's paper twin, in account "paper/paper".
 */
class KillScopeDecisionsTest {
  private static final AckSigner SIGNER = AckSigner.ofSecret("kill-scope-decisions-test-secret-0123456789");
  private static final Universe TWO_VENUES = new Universe("kill", List.of(
      new Underlying("AAPL", AssetClass.EQUITY, "paper", "USD"),
      new Underlying("SPY", AssetClass.EQUITY, "ibkr", "USD")));
  private final RiskEngine engine = new RiskEngine(Fixtures.noReview(),
      Instrument.Lookup.of(TWO_VENUES, Fixtures.noReview()));
  private final GuardianDecisions decisions = new GuardianDecisions(new RiskGuardianActor.Settings("g", d("100000"),
      Duration.ofSeconds(30), SIGNER, Clock.fixed(T0, ZoneOffset.UTC), false), engine);
  private final KillScopeDecisions kills = new KillScopeDecisions(decisions);
  private long seq;

  private GuardianState state = decisions.record(GuardianState.open(engine.policy(), d("100000"), T0),
      List.of(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100"), "SPY", d("500")), T0)), T0).after();

  private Order market(String bot, String venue, String symbol, Side side, String qty, boolean reduceOnly) {
    return Order.market(io.dorado.protocol.order.ClientOrderId.of(bot, ++seq), venue, symbol, side, d(qty), reduceOnly);
  }

  private Order stop(String bot, String venue, String symbol, Side side, String qty, String stopPrice) {
    return new Order(io.dorado.protocol.order.ClientOrderId.of(bot, ++seq), venue, symbol, side, OrderType.STOP, d(qty),
        null, d(stopPrice), TimeInForce.GTC, true);
  }

  /** Acknowledged (and so working) in the state; the test fails if the guardian would not allow it. */
  private Order working(Order o) {
    Decision d = decisions.acknowledge(state, o, T0);
    assertInstanceOf(Forward.class, d.afterWrite().get(d.afterWrite().size() - 1), "allowed: " + d.afterWrite());
    state = d.after();
    return o;
  }

  /** The bot holds {@code qty} bought at the mark. */
  private void holds(String bot, String venue, String symbol, String qty, String price) {
    Order entry = working(market(bot, venue, symbol, Side.BUY, qty, false));
    Fill f = new Fill("f-" + entry.clientOrderId().value(), entry.clientOrderId(), symbol, Side.BUY, d(qty), d(price),
        BigDecimal.ZERO, T0);
    state = decisions.venueReported(state, new OrderReport.Filled(entry.clientOrderId(), f, d(qty), true), T0).after();
  }

  private OrderReport.Denied denied(Order o) {
    Decision d = decisions.acknowledge(state, o, T0);
    return (OrderReport.Denied) d.afterWrite().stream().filter(e -> e instanceof Reply r
        && r.message() instanceof OrderReport.Denied).map(e -> ((Reply) e).message()).findFirst()
        .orElseThrow(() -> new AssertionError("not denied: " + d.afterWrite()));
  }

  private void allowed(Order o) {
    working(o);
  }

  private static List<Order> cancelled(Decision d) {
    return d.afterWrite().stream().filter(e -> e instanceof CancelAtVenue).map(e -> ((CancelAtVenue) e).order()).toList();
  }

  @Test
  void a_venue_scope_cancels_that_venues_entries_once_written_keeps_its_protective_stops_and_leaves_other_venues_alone() {
    holds("b1", "ibkr", "SPY", "10", "500");
    Order protectiveStop = working(stop("b1", "ibkr", "SPY", Side.SELL, "10", "480"));
    Order ibkrEntry = working(market("b2", "ibkr", "SPY", Side.BUY, "2", false));
    Order paperEntry = working(market("b3", "paper", "AAPL", Side.BUY, "5", false));

    Decision d = kills.engage(state, KillScope.ofVenue("ibkr"), "ops", "venue misbehaving", T0);

    assertEquals(List.of(new GuardianEvent.KillScopeEngaged(KillScope.ofVenue("ibkr"), "ops", "venue misbehaving", T0)),
        d.events());
    assertTrue(d.atOnce().isEmpty(), "nothing is cancelled before the kill switch is written");
    assertEquals(List.of(ibkrEntry), cancelled(d), "only ibkr's entry: not its protective stop, not paper's entry");
    assertTrue(d.afterWrite().contains(new CancelAtVenue(ibkrEntry, "kill switch venue:ibkr: venue misbehaving")));
    assertTrue(d.afterWrite().contains(new Reply(new RiskGuardian.OperatorReply(TradingState.ACTIVE, true,
        "kill switch engaged for venue ibkr; cancelling 1 working entries, 1 reduce-only orders stay"))));
    assertTrue(d.after().kills().isEngaged(KillScope.ofVenue("ibkr")));
    assertFalse(cancelled(d).contains(protectiveStop));
    assertFalse(cancelled(d).contains(paperEntry));
  }

  @Test
  void a_killed_venue_denies_new_exposure_with_KILL_SWITCH_VENUE_naming_it_while_exits_and_other_venues_pass() {
    holds("b1", "ibkr", "SPY", "10", "500");
    state = kills.engage(state, KillScope.ofVenue("ibkr"), "ops", "venue misbehaving", T0).after();

    var denial = denied(market("b2", "ibkr", "SPY", Side.BUY, "1", false));
    assertEquals(DenialReason.KILL_SWITCH_VENUE, denial.reason());
    assertEquals("kill switch engaged for venue ibkr by ops (venue misbehaving): no new exposure, reduce-only exits pass",
        denial.detail());
    allowed(market("b1", "ibkr", "SPY", Side.SELL, "10", true)); // the exit
    allowed(market("b2", "paper", "AAPL", Side.BUY, "1", false)); // another venue trades on
    assertEquals(TradingState.ACTIVE, state.book().tradingState(), "not the fleet-wide HALT");
  }

  @Test
  void a_killed_account_denies_its_orders_with_KILL_SWITCH_ACCOUNT_and_not_the_other_account_at_the_same_venue() {
    Order twinEntry = working(market("b1.paper", "paper", "AAPL", Side.BUY, "3", false));
    Order liveEntry = working(market("b1", "paper", "AAPL", Side.BUY, "4", false));

    Decision d = kills.engage(state, KillScope.ofAccount("paper/paper"), "ops", "twin drift", T0);
    state = d.after();

    assertEquals(List.of(twinEntry), cancelled(d));
    assertFalse(cancelled(d).contains(liveEntry));
    assertEquals(DenialReason.KILL_SWITCH_ACCOUNT, denied(market("b1.paper", "paper", "AAPL", Side.BUY, "1", false)).reason());
    assertTrue(denied(market("b9.paper", "paper", "AAPL", Side.BUY, "1", false)).detail()
        .startsWith("kill switch engaged for account paper/paper by ops"));
    allowed(market("b1", "paper", "AAPL", Side.BUY, "1", false));
  }

  @Test
  void a_killed_bot_is_denied_reviews_and_entries_with_KILL_SWITCH_BOT_while_other_bots_trade() {
    Order mine = working(market("b1", "paper", "AAPL", Side.BUY, "3", false));
    Order theirs = working(market("b2", "paper", "AAPL", Side.BUY, "4", false));

    Decision d = kills.engage(state, KillScope.ofBot("b1"), "ops", "runaway", T0);
    state = d.after();

    assertEquals(List.of(mine), cancelled(d));
    assertFalse(cancelled(d).contains(theirs));
    assertEquals(DenialReason.KILL_SWITCH_BOT, denied(market("b1", "paper", "AAPL", Side.BUY, "1", false)).reason());
    var review = decisions.review(state, new TradeProposal("r1", "b1", "s1", "paper", "AAPL", Side.BUY, d("100"), d("95"),
        null, Sizing.fixedQuantity(d("1")), false, T0), T0);
    var reply = review.afterWrite().stream().filter(e -> e instanceof Reply).map(e -> ((Reply) e).message()).findFirst()
        .orElseThrow();
    assertEquals(DenialReason.KILL_SWITCH_BOT, assertInstanceOf(RiskGuardian.TradeDenied.class, reply).reason());
    allowed(market("b2", "paper", "AAPL", Side.BUY, "1", false));
  }

  @Test
  void all_is_the_fleet_wide_kill_switch_and_its_release_sets_active() {
    working(market("b1", "paper", "AAPL", Side.BUY, "3", false));

    Decision d = kills.engage(state, KillScope.all(), "ops", "panic", T0);
    assertInstanceOf(GuardianEvent.KillSwitchEngaged.class, d.events().get(0));
    assertEquals(1, cancelled(d).size());
    state = d.after();
    assertEquals(DenialReason.KILL_SWITCH, denied(market("b2", "ibkr", "SPY", Side.BUY, "1", false)).reason());

    state = kills.release(state, KillScope.all(), "ops", "calm", T0).after();
    assertEquals(TradingState.ACTIVE, state.book().tradingState());
    assertFalse(state.book().killSwitch());
  }

  @Test
  void a_released_scope_trades_again_and_releasing_one_not_engaged_writes_nothing_and_says_so() {
    state = kills.engage(state, KillScope.ofVenue("ibkr"), "ops", "test", T0).after();
    state = kills.engage(state, KillScope.ofBot("b7"), "ops", "test", T0).after();

    Decision released = kills.release(state, KillScope.ofVenue("ibkr"), "ops", "fixed", T0);
    assertEquals(List.of(new GuardianEvent.KillScopeReleased(KillScope.ofVenue("ibkr"), "ops", "fixed", T0)),
        released.events());
    state = released.after();
    allowed(market("b2", "ibkr", "SPY", Side.BUY, "1", false));
    assertEquals(List.of(KillScope.ofBot("b7")), state.kills().list().stream().map(KillScope.Engaged::scope).toList());

    Decision again = kills.release(state, KillScope.ofVenue("ibkr"), "ops", "twice", T0);
    assertTrue(again.writesNothing());
    assertEquals(List.of(new Reply(new RiskGuardian.OperatorReply(TradingState.ACTIVE, false,
        "no kill switch engaged for venue ibkr"))), again.atOnce());
  }

  @Test
  void engaging_a_scope_again_writes_nothing_new_and_keeps_who_engaged_it_first() {
    state = kills.engage(state, KillScope.ofVenue("ibkr"), "alice", "first", T0).after();

    Decision again = kills.engage(state, KillScope.ofVenue("ibkr"), "bob", "second", T0.plusSeconds(5));

    assertTrue(again.events().isEmpty());
    assertEquals(new KillScope.Engaged(KillScope.ofVenue("ibkr"), "alice", "first", T0),
        again.after().kills().list().get(0));
  }

  @Test
  void the_engaged_scopes_are_rebuilt_from_the_journal_and_a_journal_without_them_has_none() {
    var events = List.<GuardianEvent>of(
        new GuardianEvent.KillScopeEngaged(KillScope.ofVenue("ibkr"), "ops", "a", T0),
        new GuardianEvent.KillScopeEngaged(KillScope.ofAccount("paper/paper"), "ops", "b", T0),
        new GuardianEvent.KillScopeReleased(KillScope.ofVenue("ibkr"), "ops", "c", T0));
    GuardianState replayed = GuardianState.open(engine.policy(), d("100000"), T0);
    for (GuardianEvent e : events) replayed = replayed.apply(e);

    assertEquals(List.of(new KillScope.Engaged(KillScope.ofAccount("paper/paper"), "ops", "b", T0)),
        replayed.kills().list());
    assertTrue(state.kills().list().isEmpty(), "an older journal (marks only) replays with no scope engaged");
  }

  @Test
  void scopes_are_written_and_read_as_all_venue_account_and_bot_and_anything_else_is_refused_with_the_forms() {
    assertEquals(KillScope.all(), KillScope.parse("ALL"));
    assertEquals(KillScope.ofVenue("ibkr"), KillScope.parse("venue:ibkr"));
    assertEquals(KillScope.ofAccount("ibkr/paper"), KillScope.parse("account:ibkr/paper"));
    assertEquals("ibkr", KillScope.parse("account:ibkr/paper").venue());
    assertEquals(KillScope.ofBot("b1.paper"), KillScope.parse("Bot:b1.paper"));
    for (var s : List.of(KillScope.all(), KillScope.ofVenue("v"), KillScope.ofAccount("v/paper"), KillScope.ofBot("b"))) {
      assertEquals(s, KillScope.parse(s.key()));
    }
    var bad = assertThrows(IllegalArgumentException.class, () -> KillScope.parse("desk:fx"));
    assertEquals("'desk' is not a kill switch scope kind: " + KillScope.FORMS, bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KillScope.parse("venue:"));
    assertThrows(IllegalArgumentException.class, () -> KillScope.parse("bot:a b"));
    assertThrows(IllegalArgumentException.class, () -> KillScope.parse("ibkr"));
  }
}
