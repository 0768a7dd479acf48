package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.GuardianRig.market;
import static io.dorado.actors.orderpath.risk.GuardianRig.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GreeksPolicy;
import io.dorado.protocol.risk.PortfolioGreeks;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.AccountSnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The limits across symbols in the real guardian: the greeks limits, the correlated-cluster cap (which webhook signals
 * used to bypass: only the scan applied it) and the contradictory-position blocker per underlying, each denied to a real
 * review or acknowledgement with its reason code and numbers, exits passing; and option legs marked to market, so an
 * option move shows in the guardian's equity and drawdown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossAssetGuardianTest {
  private final ActorTestKit kit = ActorTestKit.create("cross-asset", com.typesafe.config.ConfigFactory.parseString(
      "pekko.actor.testkit.typed.single-expect-default = 15s").withFallback(TestConfigs.eventSourced()));
  private static final AtomicInteger FILLS = new AtomicInteger();

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private static final LocalDate EXPIRY = LocalDate.of(2026, 4, 6);
  private static final String CALL_100 = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.CALL, d("100")).occ();
  private static final String PUT_100 = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.PUT, d("100")).occ();
  private static final String CALL_110 = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.CALL, d("110")).occ();

  /** No review, no cooldown, no cash floor, heat and concentration up to 100 %: only the limits under test deny. */
  private static RiskPolicy policy(String clusterPct, GreeksPolicy greeks) {
    var classes = Map.of(AssetClass.CRYPTO, d("100"), AssetClass.FX, d("100"), AssetClass.EQUITY_OPTIONS, d("100"));
    return new RiskPolicy(null, new RiskPolicy.Portfolio(d("100"), d("100"), classes, d(clusterPct), BigDecimal.ZERO),
        null, new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false), null, null, greeks);
  }

  private static Order combo(String bot, Side side, String structures, String net, OrderLeg... legs) {
    return Order.combo(Fixtures.id(bot), Fixtures.VENUE, "AAPL", side, d(structures), d(net), List.of(legs), false);
  }

  /** Every leg of {@code combo} filled at these per-share prices, in the leg order. */
  private static void fillLegs(GuardianRig rig, Order combo, String... prices) {
    BigDecimal cum = BigDecimal.ZERO;
    for (int i = 0; i < combo.legs().size(); i++) {
      OrderLeg leg = combo.legs().get(i);
      BigDecimal units = combo.legQuantity(leg);
      cum = cum.add(units);
      var f = new Fill("x-" + FILLS.incrementAndGet(), combo.clientOrderId(), leg.symbol(), leg.side(), units,
          d(prices[i]), BigDecimal.ZERO, rig.clock.instant());
      rig.guardian.tell(new RiskGuardian.VenueReported(new OrderReport.Filled(combo.clientOrderId(), f, cum,
          i == combo.legs().size() - 1)));
    }
  }

  private static void live(GuardianRig rig, String venue) {
    var snapshot = new AccountSnapshot(venue, "USD", Map.of("USD", d("100000")), d("100000"), null, null, List.of(),
        rig.clock.instant());
    rig.guardian.tell(new RiskGuardian.AccountReported(venue, "live", snapshot, List.of(), List.of(), rig.clock.instant()));
  }

  private final EnumSet<DenialReason> denied = EnumSet.noneOf(DenialReason.class);

  @Test
  void the_greeks_limits_deny_delta_and_vega_past_their_limits_with_the_numbers_and_an_unmeasurable_leg() {
    var rig = new GuardianRig(kit, policy("100", new GreeksPolicy(d("50000"), null, d("30"), null, null)));

    // Spot counts delta 1: 600 AAPL at 100 is a delta notional of 60,000.
    var delta = rig.denied(market("g1", "AAPL", Side.BUY, "600"));
    assertEquals(DenialReason.GREEKS_LIMIT, delta.reason());
    assertEquals("AAPL delta notional of account paper with this order 60000.00 (before 0.00): |60000.00| >"
        + " greeks.max_abs_delta_per_underlying 50000", delta.detail());
    denied.add(delta.reason());
    var review = assertInstanceOf(RiskGuardian.TradeDenied.class, rig.reviewed("g1", "AAPL", Side.BUY, "600", "100", "90"));
    assertEquals(DenialReason.GREEKS_LIMIT, review.reason());
    Order held = market("g2", "AAPL", Side.BUY, "400");
    rig.submitted(held);
    rig.fill(held, "400", "100", rig.clock.instant());

    // A straddle with no option of AAPL marked: no implied volatility to measure it with.
    OrderLeg call = new OrderLeg(CALL_100, Side.BUY, 1);
    OrderLeg put = new OrderLeg(PUT_100, Side.BUY, 1);
    var unmeasured = rig.denied(combo("g3", Side.BUY, "1", "7.99", call, put));
    assertEquals(DenialReason.GREEKS_LIMIT, unmeasured.reason());
    assertTrue(unmeasured.detail().startsWith("no implied volatility for " + CALL_100), unmeasured.detail());

    // Marked at 3.9950 each (σ = 20 % at T = 91 d 14 h / 365 = 0.250913): vega 0.199585 per point a unit, so one
    // straddle (100 units of each) is 2 × 19.96 = 39.92 per point > 30.
    rig.mark(CALL_100, "3.9950");
    rig.mark(PUT_100, "3.9950");
    var vega = rig.denied(combo("g3", Side.BUY, "1", "7.99", call, put));
    assertEquals(DenialReason.GREEKS_LIMIT, vega.reason());
    assertEquals("AAPL vega of account paper with this order 39.92 (before 0.00): |39.92| >"
        + " greeks.max_abs_vega_per_underlying 30", vega.detail());
    rig.submitted(reduceOnly("g2", "AAPL", Side.SELL, "400")); // an exit is never held to a greeks limit

    // The status (GET /api/v1/risk): the account's greeks per underlying against the limits.
    RiskGuardian.GuardianStatus status = rig.status();
    assertEquals(status, new io.dorado.protocol.testing.RoundTrip(kit.system()).through(status), "as the API node gets it");
    PortfolioGreeks greeks = status.portfolioRisk().greeks();
    PortfolioGreeks.Underlying aapl = greeks.accounts().get(0).underlyings().get(0);
    assertEquals("AAPL", aapl.underlying());
    assertEquals(0, d("400").compareTo(aapl.delta()));
    assertEquals(0, d("40000").compareTo(aapl.deltaNotional()));
    assertEquals(0, d("50000").compareTo(greeks.maxAbsDeltaPerUnderlying()));
    assertEquals(0, d("30").compareTo(greeks.maxAbsVegaPerUnderlying()));
    assertEquals("fleet", greeks.fleet().scope());
  }

  /**
   * AAPL and MSFT marked once a day for 31 days, moving together (+2 %, −1.96 %): 30 daily returns each, correlation 1,
   * so one principal component explains all of it: concentrated. BTC-USD has one mark and takes no part.
   */
  @Test
  void while_the_correlation_regime_is_concentrated_heat_past_the_cluster_cap_is_denied_to_any_signal() {
    var rig = new GuardianRig(kit, policy("20", null));
    for (int day = 1; day <= 31; day++) {
      rig.clock.advance(Duration.ofDays(1));
      rig.mark("AAPL", day % 2 == 1 ? "102" : "100");
      rig.mark("MSFT", day % 2 == 1 ? "204" : "200");
    }
    // 300 AAPL at 102, no stop: it risks its whole 30,600 = 30.60 % of equity > 20 %.
    var big = rig.denied(market("c1", "AAPL", Side.BUY, "300"));
    assertEquals(DenialReason.CORRELATED_CLUSTER, big.reason());
    assertEquals("correlation regime concentrated (1 PCs explain 80% of [AAPL, MSFT] over 30 days, first PC 100.0%):"
        + " heat with this order 30.60% (open risk 0.00 + order risk 30600.00 of equity 100000.00) >"
        + " portfolio.max_correlated_cluster_pct 20.00%", big.detail());
    denied.add(big.reason());

    Order held = market("c2", "AAPL", Side.BUY, "150"); // 15.30 %: within the cap
    rig.submitted(held);
    rig.fill(held, "150", "102", rig.clock.instant());
    // A reviewed signal (a webhook's goes the same way): 600 risking 102 − 93 = 9 each, 5,400 + 15,300 open = 20.70 %.
    var reviewed = assertInstanceOf(RiskGuardian.TradeDenied.class,
        rig.reviewed("c3", "AAPL", Side.BUY, "600", "102", "93"));
    assertEquals(DenialReason.CORRELATED_CLUSTER, reviewed.reason());
    assertTrue(reviewed.detail().contains("heat with this order 20.70%"), reviewed.detail());
    rig.submitted(reduceOnly("c2", "AAPL", Side.SELL, "150")); // exits pass
  }

  @Test
  void the_contradictory_position_blocker_works_per_underlying_across_venue_symbols_and_live_accounts() {
    var rig = new GuardianRig(kit, policy("100", null));
    rig.mark("BTCUSDT", "50000");
    rig.mark("XBT/USD", "50010");
    live(rig, Fixtures.VENUE);
    live(rig, "ibkr");
    Order longBtc = market("b1", "BTCUSDT", Side.BUY, "0.5");
    rig.submitted(longBtc);
    rig.fill(longBtc, "0.5", "50000", rig.clock.instant());

    // Kraken's XBT/USD is the same BTC: a short there, in another live account, contradicts the long.
    Order shortXbt = Order.market(Fixtures.id("b2"), "ibkr", "XBT/USD", Side.SELL, d("0.2"), false);
    var against = rig.denied(shortXbt);
    assertEquals(DenialReason.CONTRADICTORY_POSITION, against.reason());
    assertEquals("sell 0.2 XBT/USD would open against position 0.5 BTCUSDT in account paper (one underlying, BTC)"
        + " without reduce_only", against.detail());
    denied.add(against.reason());

    // A paper twin's short is in its own paper account: no live position blocks it.
    rig.submitted(Order.market(Fixtures.id("b3" + GuardianAccount.PAPER_TWIN_SUFFIX), "ibkr", "XBT/USD", Side.SELL,
        d("0.2"), false));
    // More of the same side passes.
    rig.submitted(Order.market(Fixtures.id("b4"), "ibkr", "XBT/USD", Side.BUY, d("0.1"), false));
  }

  @Test
  void an_option_move_changes_the_guardians_equity_and_drawdown() {
    var rig = new GuardianRig(kit, policy("100", null));
    // A call debit spread: long the 100 call at 3.9950, short the 110 call at 0.9588 (both σ = 20 %), AAPL at 100.
    Order spread = combo("o1", Side.BUY, "1", "3.0362", new OrderLeg(CALL_100, Side.BUY, 1),
        new OrderLeg(CALL_110, Side.SELL, 1));
    rig.submitted(spread);
    fillLegs(rig, spread, "3.9950", "0.9588");
    RiskGuardian.GuardianStatus start = rig.status();
    assertEquals(0, d("100000").compareTo(start.equity()), "at its fill prices the spread is worth what it cost");

    rig.mark("AAPL", "105"); // the spread gains: the 100 call more than the 110 call
    RiskGuardian.GuardianStatus up = rig.status();
    assertTrue(up.equity().compareTo(d("100000")) > 0, "equity " + up.equity());
    assertEquals(0, BigDecimal.ZERO.compareTo(up.drawdownPct()));

    rig.mark("AAPL", "95");
    RiskGuardian.GuardianStatus down = rig.status();
    assertTrue(down.equity().compareTo(d("100000")) < 0, "equity " + down.equity());
    BigDecimal expected = up.equity().subtract(down.equity()).multiply(d("100")).divide(up.equity(),
        java.math.MathContext.DECIMAL64);
    assertEquals(0, expected.compareTo(down.drawdownPct()), down.drawdownPct() + " vs " + expected);
    System.out.println("option legs marked to market: equity 100000.00 -> " + up.equity().toPlainString() + " (AAPL 105) -> "
        + down.equity().toPlainString() + " (AAPL 95), drawdown " + down.drawdownPct().setScale(4,
            java.math.RoundingMode.HALF_UP).toPlainString() + "%");
  }

  @AfterAll
  void print() {
    if (denied.size() == CrossAssetLimits.REASONS.size()) {
      System.out.println("pre-trade controls: " + denied.size() + " more reason codes " + denied
          + ", each denied through the guardian actor");
    }
  }
}
