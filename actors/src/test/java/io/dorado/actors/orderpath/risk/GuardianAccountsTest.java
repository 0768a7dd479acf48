package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.fill;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static io.dorado.actors.orderpath.risk.Fixtures.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-account books: a paper twin (bot id ending ".paper") trades in its venue's paper account, apart from the
 * venue's own account; a venue that reports its account is opened from its snapshot, reconciled, and held (REDUCING)
 * on a mismatch until acknowledged; what no bot owns there is EXTERNAL and counted in risk.
 */
class GuardianAccountsTest {
  private static final AckSigner SIGNER = AckSigner.ofSecret("guardian-accounts-test-secret-0123456789");
  private static final String TWIN = "bot-a" + GuardianAccount.PAPER_TWIN_SUFFIX;
  private static final String LIVE = "bot-b";
  /** Loose limits, no review, no cooldown: only the breakers and what is tested can deny. */
  private static final RiskPolicy POLICY = new RiskPolicy(null, Fixtures.loosePortfolio(), null,
      new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false), null);
  private final RiskEngine engine = Fixtures.engine(POLICY);
  private final GuardianDecisions decisions = new GuardianDecisions(new RiskGuardianActor.Settings("g", d("100000"),
      Duration.ofSeconds(30), SIGNER, Clock.fixed(T0, ZoneOffset.UTC), false), engine,
      new AccountReconciliation(d("10"), d("0.001")));
  private final GuardianState open = mark(GuardianState.open(POLICY, d("100000"), T0), "100");

  private GuardianState mark(GuardianState s, String aapl) {
    return decisions.record(s, List.of(new GuardianEvent.PricesMarked(Map.of("AAPL", d(aapl)), T0)), T0).after();
  }

  /** Acknowledged and completely filled at {@code price}. */
  private GuardianState filled(GuardianState s, Order order, String price) {
    var ack = decisions.acknowledge(s, order, T0);
    assertTrue(ack.events().get(0) instanceof GuardianEvent.OrdersAcknowledged, "acknowledged: " + ack.events());
    return decisions.venueReported(ack.after(), new OrderReport.Filled(order.clientOrderId(),
        fill(order, "f-" + order.clientOrderId(), order.quantity().toPlainString(), price), order.quantity(), true), T0)
        .after();
  }

  private static boolean acknowledged(GuardianDecisions.Decision d) {
    return d.events().stream().anyMatch(e -> e instanceof GuardianEvent.OrdersAcknowledged);
  }

  private static DenialReason denial(GuardianDecisions.Decision d) {
    return d.events().stream().filter(e -> e instanceof GuardianEvent.OrderDenied)
        .map(e -> ((GuardianEvent.OrderDenied) e).denial().reason()).findFirst().orElse(null);
  }

  @Test
  void a_paper_twins_loss_halts_its_paper_account_and_never_the_live_one() {
    GuardianState s = filled(open, market(TWIN, "AAPL", Side.BUY, "500"), "100");
    s = filled(s, reduceOnly(TWIN, "AAPL", Side.SELL, "500"), "60"); // a 20,000 loss: 20 % of the day's equity

    var live = decisions.acknowledge(s, market(LIVE, "AAPL", Side.BUY, "10"), T0);
    var twinAgain = decisions.acknowledge(s, market(TWIN, "AAPL", Side.BUY, "10"), T0);

    assertTrue(acknowledged(live), "the live account lost nothing, its order passes: " + live.events());
    assertEquals(DenialReason.TRADING_HALTED, denial(twinAgain), "the paper account's breaker halted it");
    assertEquals(TradingState.HALTED, s.account(VENUE + GuardianAccount.PAPER).tradingState());
    assertEquals(TradingState.ACTIVE, s.account(VENUE).tradingState());
  }

  @Test
  void a_paper_twins_position_does_not_block_a_live_entry_on_the_other_side() {
    GuardianState s = filled(open, market(TWIN, "AAPL", Side.BUY, "10"), "100");

    var liveShort = decisions.acknowledge(s, market(LIVE, "AAPL", Side.SELL, "10"), T0);

    assertTrue(acknowledged(liveShort), "the paper long is in the paper account: " + liveShort.events());
    assertEquals(d("10"), s.account(VENUE + GuardianAccount.PAPER).book().ledger().position("AAPL").quantity());
    assertTrue(s.account(VENUE).book().ledger().position("AAPL").isFlat(), "the live account holds nothing");
  }

  private static AccountSnapshot snapshot(String cash, List<Position> positions) {
    return new AccountSnapshot(VENUE, "USD", Map.of("USD", d(cash)), d(cash), null, null, positions, T0);
  }

  private static RiskGuardian.AccountReported report(AccountSnapshot account, List<VenueOrderView> open,
      List<VenueExecution> executions) {
    return new RiskGuardian.AccountReported(VENUE, "live", account, open, executions, T0);
  }

  @Test
  void a_venue_reporting_its_account_opens_it_with_the_venues_cash_instead_of_the_configured_one() {
    GuardianState s = decisions.accountReported(open, report(snapshot("25000", List.of()), List.of(), List.of()), T0)
        .after();

    assertEquals(0, d("25000").compareTo(s.account(VENUE).book().ledger().cash()));
    assertEquals("live", s.account(VENUE).mode());
    assertEquals(0, d("100000").compareTo(s.account(VENUE + GuardianAccount.PAPER).book().ledger().cash()),
        "the paper account keeps the configured cash");
  }

  @Test
  void the_accounts_view_shows_the_financing_the_venue_reports_on_each_position() {
    var reported = new AccountSnapshot(VENUE, "USD", Map.of("USD", d("25000")), d("25000"), null, null,
        List.of(new Position("AAPL", d("10"), d("150"), java.math.BigDecimal.ZERO)), T0, Map.of("AAPL", d("-1.35")));
    GuardianState s = decisions.accountReported(open, report(reported, List.of(), List.of()), T0).after();

    RiskGuardian.AccountView view = AccountViews.of(s.account(VENUE));
    assertEquals(0, d("-1.35").compareTo(view.financing().get("AAPL")), view.toString());
    assertTrue(AccountViews.of(s.account(VENUE + GuardianAccount.PAPER)).financing().isEmpty(),
        "the paper account's ledger is ours: no venue financing");
  }

  @Test
  void a_mismatch_beyond_the_tolerance_alerts_and_restricts_that_account_only_until_acknowledged() {
    GuardianState s = decisions.accountReported(open, report(snapshot("25000", List.of()), List.of(), List.of()), T0)
        .after();
    var within = decisions.accountReported(s, report(snapshot("25005", List.of()), List.of(), List.of()), T0);
    assertNull(within.after().account(VENUE).hold(), "5 apart: within the absolute tolerance of 10");

    var apart = decisions.accountReported(s, report(snapshot("24000", List.of()), List.of(), List.of()), T0);
    s = apart.after();

    assertTrue(apart.afterWrite().stream().anyMatch(e -> e instanceof GuardianDecisions.Publish p
        && p.alert() instanceof Alert.AccountMismatch m && m.account().equals(VENUE) && m.detail().contains("cash")),
        "alerted: " + apart.afterWrite());
    assertEquals(TradingState.REDUCING, s.account(VENUE).tradingState());
    assertEquals(DenialReason.TRADING_REDUCING, denial(decisions.acknowledge(s, market(LIVE, "AAPL", Side.BUY, "1"), T0)));
    assertTrue(acknowledged(decisions.acknowledge(s, market(TWIN, "AAPL", Side.BUY, "1"), T0)),
        "the paper account is not held");
    s = decisions.accountReported(s, report(snapshot("24000", List.of()), List.of(), List.of()), T0).after();
    assertEquals(TradingState.REDUCING, s.account(VENUE).tradingState(), "a later check does not lift the hold");

    var ack = decisions.acknowledgeReconciliation(s, VENUE, "ops", "venue fee", T0);
    s = ack.after();

    assertEquals(TradingState.ACTIVE, s.account(VENUE).tradingState());
    assertEquals(0, d("24000").compareTo(s.account(VENUE).book().ledger().cash()), "takes the venue's cash");
    assertTrue(acknowledged(decisions.acknowledge(s, market(LIVE, "AAPL", Side.BUY, "1"), T0)));
  }

  @Test
  void acknowledging_an_account_the_guardian_does_not_keep_says_it_is_unknown() {
    var unknown = decisions.acknowledgeReconciliation(open, "nowhere", "ops", "typo", T0);
    assertEquals(List.of(new GuardianDecisions.Reply(new RiskGuardian.AccountReply("nowhere", false, false,
        "no account nowhere"))), unknown.atOnce());
    GuardianState agreed = decisions.accountReported(open, report(snapshot("100000", List.of()), List.of(), List.of()),
        T0).after();
    assertEquals(TradingState.ACTIVE, agreed.account(VENUE).tradingState(), "the venue agrees: nothing held");
    var notHeld = decisions.acknowledgeReconciliation(agreed, VENUE, "ops", "nothing to do", T0);
    assertEquals(List.of(new GuardianDecisions.Reply(new RiskGuardian.AccountReply(VENUE, true, false,
        "account " + VENUE + " is not held by a reconciliation mismatch"))), notHeld.atOnce());
  }

  @Test
  void orders_and_positions_no_bot_owns_are_adopted_as_external_and_counted_in_heat() {
    var externalOrder = new VenueOrderView("v-77", null, "manual-1", "AAPL", Side.BUY, OrderType.LIMIT, d("50"),
        d("100"), null, null, OrderStatus.WORKING, T0);
    var ours = new VenueOrderView("v-78", ClientOrderId.of(LIVE, 99), LIVE + "-99", "AAPL", Side.BUY, OrderType.LIMIT,
        d("1"), d("100"), null, null, OrderStatus.WORKING, T0);
    var held = new Position("AAPL", d("100"), d("90"), null);

    GuardianState s = decisions.accountReported(open, report(snapshot("50000", List.of(held)),
        List.of(externalOrder, ours), List.of()), T0).after();

    GuardianAccount a = s.account(VENUE);
    assertEquals(Map.of("AAPL", d("100")), a.externalPositions());
    assertEquals(List.of("v-77"), List.copyOf(a.externalOrders().keySet()), "ours is not external");
    // Open risk: 100 × 100 held + 50 × 100 ordered, no stop: 15,000 of equity 50,000 = 30 %.
    var view = AccountViews.of(a);
    assertEquals(0, d("30").compareTo(view.heatPct()), "heat " + view.heatPct());
    assertEquals("OK", view.reconciliation());
    assertEquals(0, d("30").compareTo(RiskEngine.heatPct(s.bookOf(VENUE), java.math.BigDecimal.ZERO)));

    // An external execution moves the external position and the cash; reconciled, nothing is apart.
    var bought = new VenueExecution("x-1", "v-77", null, "AAPL", Side.BUY, d("50"), d("100"), null, T0);
    s = decisions.accountReported(s, report(snapshot("45000", List.of(new Position("AAPL", d("150"), null, null))),
        List.of(), List.of(bought)), T0).after();
    assertEquals(Map.of("AAPL", d("150")), s.account(VENUE).externalPositions());
    assertNull(s.account(VENUE).mismatch(), "reconciles: " + s.account(VENUE).mismatch());
  }
}
