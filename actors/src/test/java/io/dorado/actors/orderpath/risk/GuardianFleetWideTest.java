package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.venue.AccountSnapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy's {@code fleet_wide} limits: measured on the live accounts together (two live venues here, each opened
 * from its venue with 100,000), never on paper accounts; while breached, entries on any live account are denied and
 * reduce-only orders pass; switched off, each account is limited on its own only, as before.
 */
class GuardianFleetWideTest {
  private static final AckSigner SIGNER = AckSigner.ofSecret("guardian-fleet-wide-test-secret-0123456789");
  private static final String A = "venue-a";
  private static final String B = "venue-b";
  private static final Universe UNIVERSE = new Universe("fleet", List.of(
      new Underlying("AAPL", AssetClass.EQUITY, A, "USD"),
      new Underlying("MSFT", AssetClass.EQUITY, B, "USD")));
  private static final String TWIN = "bot-a" + GuardianAccount.PAPER_TWIN_SUFFIX;

  /**
   * Per account: heat up to 40 %, daily loss halts at 10 %; fleet-wide as given. No review, no cooldown, no cash
   * floor: only the limits under test deny.
   */
  private static RiskPolicy policy(RiskPolicy.FleetWide fleetWide) {
    return new RiskPolicy(null,
        new RiskPolicy.Portfolio(d("40"), d("100"), Map.of(AssetClass.EQUITY, d("100")), null, BigDecimal.ZERO),
        new RiskPolicy.CircuitBreakers(d("10"), d("50"), d("50"), null, 0, null),
        new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false), null, fleetWide);
  }

  private static final RiskPolicy.FleetWide FLEET = new RiskPolicy.FleetWide(true, d("30"), true, d("2"), null, null);

  private static GuardianDecisions decisions(RiskPolicy policy) {
    return new GuardianDecisions(new RiskGuardianActor.Settings("g", d("100000"), Duration.ofSeconds(30), SIGNER,
        Clock.fixed(T0, ZoneOffset.UTC), false), new RiskEngine(policy, Instrument.Lookup.of(UNIVERSE, policy)),
        new AccountReconciliation(d("10"), d("0.001")));
  }

  /** Both venues live with 100,000 each, AAPL at 100, MSFT at 200. */
  private static GuardianState twoLiveAccounts(GuardianDecisions g, RiskPolicy policy) {
    GuardianState s = g.record(GuardianState.open(policy, d("100000"), T0), List.of(
        new GuardianEvent.PricesMarked(Map.of("AAPL", d("100"), "MSFT", d("200")), T0)), T0).after();
    for (String venue : List.of(A, B)) {
      var snapshot = new AccountSnapshot(venue, "USD", Map.of("USD", d("100000")), d("100000"), null, null, List.of(), T0);
      s = g.accountReported(s, new RiskGuardian.AccountReported(venue, "live", snapshot, List.of(), List.of(), T0), T0)
          .after();
    }
    return s;
  }

  private static Order order(String bot, String venue, String symbol, Side side, String qty, boolean reduceOnly) {
    return Order.market(id(bot), venue, symbol, side, d(qty), reduceOnly);
  }

  /** Acknowledged, then completely filled at {@code price}. */
  private static GuardianState filled(GuardianDecisions g, GuardianState s, Order order, String price) {
    var ack = g.acknowledge(s, order, T0);
    assertTrue(acknowledged(ack), "acknowledged: " + ack.events());
    Fill fill = new Fill("f-" + order.clientOrderId(), order.clientOrderId(), order.symbol(), order.side(),
        order.quantity(), d(price), BigDecimal.ZERO, T0);
    return g.venueReported(ack.after(), new OrderReport.Filled(order.clientOrderId(), fill, order.quantity(), true), T0)
        .after();
  }

  private static boolean acknowledged(GuardianDecisions.Decision d) {
    return d.events().stream().anyMatch(e -> e instanceof GuardianEvent.OrdersAcknowledged);
  }

  private static GuardianEvent.OrderDenied denial(GuardianDecisions.Decision d) {
    return d.events().stream().filter(e -> e instanceof GuardianEvent.OrderDenied).map(e -> (GuardianEvent.OrderDenied) e)
        .findFirst().orElse(null);
  }

  private static DenialReason reason(GuardianDecisions.Decision d) {
    GuardianEvent.OrderDenied denied = denial(d);
    return denied == null ? null : denied.denial().reason();
  }

  /** A holds 25,000 of AAPL (25 % heat), B 30,000 of MSFT (30 %): 27.5 % of the 200,000 together. */
  private static GuardianState bothLong(GuardianDecisions g, GuardianState s) {
    s = filled(g, s, order("bot-a", A, "AAPL", Side.BUY, "250", false), "100");
    return filled(g, s, order("bot-b", B, "MSFT", Side.BUY, "150", false), "200");
  }

  @Test
  void a_fleet_wide_heat_limit_denies_an_entry_on_b_when_a_and_b_together_exceed_it_though_each_alone_is_under() {
    RiskPolicy policy = policy(FLEET);
    GuardianDecisions g = decisions(policy);
    GuardianState s = bothLong(g, twoLiveAccounts(g, policy));

    // 10,000 more on B: B's own heat 40 % (at its limit, allowed), together 65,000 / 200,000 = 32.5 % > 30 %.
    var more = g.acknowledge(s, order("bot-b", B, "MSFT", Side.BUY, "50", false), T0);

    GuardianEvent.OrderDenied denied = denial(more);
    assertNotNull(denied, "denied: " + more.events());
    assertEquals(DenialReason.FLEET_HEAT_LIMIT, denied.denial().reason());
    assertTrue(denied.denial().detail().contains("fleet-wide heat 32.5"), denied.denial().detail());
    assertTrue(acknowledged(g.acknowledge(s, order("bot-b", B, "MSFT", Side.BUY, "25", false), T0)),
        "5,000 more keeps the fleet at 30 %: allowed");
  }

  @Test
  void reduce_only_orders_pass_while_a_fleet_wide_limit_is_breached() {
    RiskPolicy policy = policy(FLEET);
    GuardianDecisions g = decisions(policy);
    GuardianState s = bothLong(g, twoLiveAccounts(g, policy));
    // A sells its AAPL 20 lower: -5,000, 5 % of A (under A's own 10 %) but 2.5 % of the fleet's 200,000 (>= 2 %).
    s = filled(g, s, order("bot-a", A, "AAPL", Side.SELL, "250", true), "80");
    assertEquals(TradingState.ACTIVE, s.account(A).tradingState(), "A's own breaker did not trip");

    var entryB = g.acknowledge(s, order("bot-b", B, "MSFT", Side.BUY, "1", false), T0);
    var exitB = g.acknowledge(s, order("bot-b", B, "MSFT", Side.SELL, "150", true), T0);

    assertEquals(DenialReason.FLEET_DAILY_LOSS_LIMIT, reason(entryB), "entry: " + entryB.events());
    assertTrue(denial(entryB).denial().detail().contains("fleet-wide daily loss 2.5"), denial(entryB).denial().detail());
    assertTrue(acknowledged(exitB), "reduce-only passes: " + exitB.events());
    var review = g.review(s, new io.dorado.protocol.risk.TradeProposal(
        io.dorado.protocol.risk.TradeProposal.reviewIdFor("bot-b", "s1"), "bot-b", "s1", B, "MSFT", Side.BUY, d("200"),
        d("190"), null, io.dorado.protocol.bot.Sizing.fixedQuantity(d("1")), false, T0), T0);
    assertTrue(review.afterWrite().stream().anyMatch(e -> e instanceof GuardianDecisions.Reply r
        && r.message() instanceof RiskGuardian.TradeDenied t && t.reason() == DenialReason.FLEET_DAILY_LOSS_LIMIT),
        "a review is denied too: " + review.afterWrite());
  }

  @Test
  void a_paper_accounts_loss_does_not_count_toward_the_fleet_wide_daily_loss_but_the_same_loss_live_does() {
    RiskPolicy policy = policy(FLEET);
    GuardianDecisions g = decisions(policy);
    GuardianState open = twoLiveAccounts(g, policy);
    // A paper twin on venue A loses 5,000 in A's paper account.
    GuardianState paperLoss = filled(g, open, order(TWIN, A, "AAPL", Side.BUY, "250", false), "100");
    paperLoss = filled(g, paperLoss, order(TWIN, A, "AAPL", Side.SELL, "250", true), "80");
    // The bot itself loses the same 5,000 in A's live account.
    GuardianState liveLoss = filled(g, open, order("bot-a", A, "AAPL", Side.BUY, "250", false), "100");
    liveLoss = filled(g, liveLoss, order("bot-a", A, "AAPL", Side.SELL, "250", true), "80");

    var afterPaper = g.acknowledge(paperLoss, order("bot-b", B, "MSFT", Side.BUY, "1", false), T0);
    var afterLive = g.acknowledge(liveLoss, order("bot-b", B, "MSFT", Side.BUY, "1", false), T0);

    assertTrue(acknowledged(afterPaper), "a paper loss never trips a live limit: " + afterPaper.events());
    assertEquals(DenialReason.FLEET_DAILY_LOSS_LIMIT, reason(afterLive), "live: " + afterLive.events());
    var report = g.breakerReport(paperLoss, T0).fleetWide();
    assertEquals(List.of(A, B), report.accounts(), "only the live accounts count");
    assertEquals(0, report.limits().stream().filter(l -> l.limit().equals("daily_loss")).findFirst().orElseThrow()
        .value().signum(), "the paper loss is not in the fleet's daily loss: " + report);
  }

  @Test
  void switched_off_each_account_is_limited_on_its_own_only_as_before() {
    RiskPolicy policy = policy(null);
    GuardianDecisions g = decisions(policy);
    GuardianState s = bothLong(g, twoLiveAccounts(g, policy));

    assertTrue(acknowledged(g.acknowledge(s, order("bot-b", B, "MSFT", Side.BUY, "50", false), T0)),
        "B's own heat 40 % is within its limit");
    s = filled(g, s, order("bot-a", A, "AAPL", Side.SELL, "250", true), "80");
    assertTrue(acknowledged(g.acknowledge(s, order("bot-b", B, "MSFT", Side.BUY, "1", false), T0)),
        "A's 5 % loss is A's alone");
    assertNull(g.breakerReport(s, T0).fleetWide(), "no fleet-wide figures when no limit is switched on");
  }

  @Test
  void the_breaker_report_shows_every_account_with_the_first_at_the_top_and_the_fleet_wide_figures() throws Exception {
    RiskPolicy policy = policy(FLEET);
    GuardianDecisions g = decisions(policy);
    GuardianState s = filled(g, twoLiveAccounts(g, policy), order(TWIN, A, "AAPL", Side.BUY, "10", false), "100");

    RiskGuardian.BreakerReport r = g.breakerReport(s, T0);

    assertEquals(List.of(A, A + GuardianAccount.PAPER, B), r.accounts().stream().map(RiskGuardian.AccountBreakers::account)
        .toList());
    assertEquals(List.of(true, false, true), r.accounts().stream().map(RiskGuardian.AccountBreakers::fleetWide).toList());
    assertEquals(r.accounts().get(0).breakers(), r.breakers(), "the top-level fields stay the first account's");
    assertEquals(List.of("heat", "daily_loss"), r.fleetWide().limits().stream().map(RiskGuardian.FleetGauge::limit)
        .toList());
    assertEquals(0, d("200000").compareTo(r.fleetWide().equity()), r.fleetWide().toString());
    // It crosses the cluster (the guardian is a singleton): the new parts survive CBOR.
    var cbor = com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build();
    assertEquals(r, cbor.readValue(cbor.writeValueAsBytes(r), RiskGuardian.BreakerReport.class));
  }
}
