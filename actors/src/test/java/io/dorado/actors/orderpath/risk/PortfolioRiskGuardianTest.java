package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.GuardianRig.market;
import static io.dorado.actors.orderpath.risk.GuardianRig.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.AccountSnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The VaR limit and the pre-trade controls in the real guardian: each denial comes back to a real review or
 * acknowledgement request with its reason code and numbers, exits still pass, and the status shows each measure
 * against its limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortfolioRiskGuardianTest {
  /** A shared machine can be slow to write 30 days of marks: probes wait up to 15 s (no assertion on speed). */
  private final ActorTestKit kit = ActorTestKit.create("portfolio-risk", com.typesafe.config.ConfigFactory.parseString(
      "pekko.actor.testkit.typed.single-expect-default = 15s").withFallback(TestConfigs.eventSourced()));

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private static final Map<AssetClass, BigDecimal> LOOSE_CLASSES = Map.of(AssetClass.CRYPTO, d("100"),
      AssetClass.FX, d("100"), AssetClass.EQUITY_OPTIONS, d("100"));

  /** No review, no cooldown, no cash floor, heat and concentration up to 100 %: only the limits under test deny. */
  private static RiskPolicy policy(RiskPolicy.Portfolio portfolio, Map<String, BigDecimal> maxNotional,
      Map<String, BigDecimal> maxQuantity, List<String> restricted) {
    return new RiskPolicy(null, portfolio, null, new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false,
        null, null, null, maxNotional, maxQuantity, restricted), null);
  }

  private static RiskPolicy.Portfolio portfolio(String varLimit, Integer maxPositions, Integer maxFleetPositions) {
    return new RiskPolicy.Portfolio(d("100"), d("100"), LOOSE_CLASSES, null, BigDecimal.ZERO,
        varLimit == null ? null : d(varLimit), null, null, null, maxPositions, maxFleetPositions);
  }

  /**
   * AAPL marked once a day for 30 days after the rig's first mark (100 on day 0): 102 on odd days, 100 on even ones,
   * so 29 daily returns, fifteen of +2 % and fourteen of −1.96078 % (100/102 − 1); "now" is day 30, AAPL at 100.
   */
  private static void thirtyDaysOfAapl(GuardianRig rig) {
    for (int day = 1; day <= 30; day++) {
      rig.clock.advance(Duration.ofDays(1));
      rig.mark("AAPL", day % 2 == 1 ? "102" : "100");
    }
  }

  /** A snapshot keeps the daily returns: a restarted guardian measures VaR on the same history. */
  @Test
  void the_daily_returns_round_trip_through_the_snapshot_serializer() {
    var t0 = Fixtures.T0;
    var state = GuardianState.open(RiskPolicy.DEFAULT, d("100000"), t0);
    for (int day = 0; day < 4; day++) {
      state = state.apply(new io.dorado.protocol.risk.GuardianEvent.PricesMarked(Map.of("AAPL", d(day % 2 == 0 ? "100" : "102")),
          t0.plus(Duration.ofDays(day))));
    }
    assertEquals(2, state.returns().of("AAPL").returns().size());
    var back = (GuardianState) new io.dorado.protocol.testing.RoundTrip(kit.system()).through(state);
    assertEquals(state.returns(), back.returns());
  }

  @Test
  void an_entry_past_the_var_limit_is_denied_with_its_numbers_a_smaller_one_passes_and_an_exit_always_passes() {
    var rig = new GuardianRig(kit, policy(portfolio("0.5", null, null), null, null, null));
    thirtyDaysOfAapl(rig);

    // 500 AAPL = 50,000: VaR95 historical (n = 29, k = ⌈1.45⌉ = 2: the 2nd worst day, −1.96078 %) = 980.39,
    // 0.98 % of equity 100,000 > 0.50 %.
    var big = rig.denied(market("v1", "AAPL", Side.BUY, "500"));
    assertEquals(DenialReason.VAR_LIMIT, big.reason());
    assertEquals("1-day VaR95 (historical, 29 days) with this order 980.39 = 0.98% of equity 100000.00 > limit 0.50%"
        + " (before: 0.00 = 0.00%)", big.detail());
    var reviewed = assertInstanceOf(RiskGuardian.TradeDenied.class,
        rig.reviewed("v2", "AAPL", Side.BUY, "500", "100", "90"));
    assertEquals(DenialReason.VAR_LIMIT, reviewed.reason());

    // 200 AAPL = 20,000: VaR95 392.16 = 0.39 %: allowed.
    Order held = market("v3", "AAPL", Side.BUY, "200");
    rig.submitted(held);
    rig.fill(held, "200", "100", rig.clock.instant());
    var more = rig.denied(market("v4", "AAPL", Side.BUY, "100"));
    assertEquals(DenialReason.VAR_LIMIT, more.reason());
    assertTrue(more.detail().contains("with this order 588.24 = 0.59%") && more.detail().contains("(before: 392.16 = 0.39%)"),
        more.detail());
    rig.submitted(reduceOnly("v3", "AAPL", Side.SELL, "100")); // an exit is never held to the VaR limit

    // MSFT has one day of marks: no VaR can be measured, so no entry while the limit is on.
    var unmeasured = rig.denied(market("v5", "MSFT", Side.BUY, "1"));
    assertEquals(DenialReason.VAR_LIMIT, unmeasured.reason());
    assertEquals("no VaR for MSFT: 0 daily returns < portfolio.var_min_observations 20 (limit 0.50% of equity)",
        unmeasured.detail());

    // The status: the account's VaR against the limit.
    RiskGuardian.PortfolioRisk risk = rig.status().portfolioRisk();
    RiskGuardian.ScopeRisk account = risk.accounts().get(0);
    assertEquals("historical", risk.method());
    assertEquals(29, account.observations());
    assertEquals(d("392.16"), account.historical().var95());
    assertEquals(d("0.3922"), account.varPct());
    assertEquals(d("0.5"), account.varLimitPct());
    assertEquals(1, account.positions());
  }

  @Test
  void each_pre_trade_control_is_denied_through_the_guardian_actor_with_its_own_reason_code_and_exits_pass() {
    var denied = EnumSet.noneOf(DenialReason.class);
    var rig = new GuardianRig(kit, policy(portfolio(null, 2, null), Map.of("AAPL", d("5000")), Map.of("MSFT", d("10")),
        List.of("BTC-USD")));
    rig.mark("EURUSD", "1.1");

    var restricted = rig.denied(market("p1", "BTC-USD", Side.BUY, "0.01"));
    assertEquals("BTC-USD is on orders.restricted_symbols [BTC-USD]: no new exposure", restricted.detail());
    denied.add(restricted.reason());
    var restrictedReview = assertInstanceOf(RiskGuardian.TradeDenied.class,
        rig.reviewed("p1", "BTC-USD", Side.BUY, "0.01", "50000", "49000"));
    assertEquals(DenialReason.RESTRICTED_INSTRUMENT, restrictedReview.reason());

    var notional = rig.denied(market("p2", "AAPL", Side.BUY, "60"));
    assertEquals("AAPL notional 6000.00 > its max 5000.00 (orders.max_order_notional_by_symbol)", notional.detail());
    denied.add(notional.reason());
    var notionalReview = assertInstanceOf(RiskGuardian.TradeDenied.class,
        rig.reviewed("p2", "AAPL", Side.BUY, "60", "100", "95"));
    assertEquals(DenialReason.MAX_NOTIONAL, notionalReview.reason());

    var quantity = rig.denied(market("p3", "MSFT", Side.BUY, "11"));
    assertEquals("MSFT quantity 11 > its max 10 (orders.max_order_quantity_by_symbol)", quantity.detail());
    denied.add(quantity.reason());
    rig.submitted(market("p3", "MSFT", Side.BUY, "10")); // at its max: allowed (working: a position entering)

    Order aapl = market("p4", "AAPL", Side.BUY, "40"); // 4,000 < 5,000
    rig.submitted(aapl);
    rig.fill(aapl, "40", "100", rig.clock.instant());
    var third = rig.denied(market("p5", "EURUSD", Side.BUY, "1000"));
    assertEquals(DenialReason.MAX_POSITIONS, third.reason());
    assertEquals("a new position in EURUSD would make 3 concurrent positions in account paper > max 2 (held or entering:"
        + " [AAPL, MSFT])", third.detail());
    denied.add(third.reason());
    rig.submitted(market("p6", "AAPL", Side.BUY, "10")); // more of a position held is no new position
    rig.submitted(reduceOnly("p4", "AAPL", Side.SELL, "40")); // exits pass

    // Fleet-wide: the venue's account is live; its paper twins' account never counts nor is limited.
    var fleetRig = new GuardianRig(kit, policy(portfolio(null, null, 1), null, null, null));
    var snapshot = new AccountSnapshot(Fixtures.VENUE, "USD", Map.of("USD", d("100000")), d("100000"), null, null,
        List.of(), fleetRig.clock.instant());
    fleetRig.guardian.tell(new RiskGuardian.AccountReported(Fixtures.VENUE, "live", snapshot, List.of(), List.of(),
        fleetRig.clock.instant()));
    Order live = market("f1", "AAPL", Side.BUY, "10");
    fleetRig.submitted(live);
    fleetRig.fill(live, "10", "100", fleetRig.clock.instant());
    fleetRig.submitted(market("f2" + GuardianAccount.PAPER_TWIN_SUFFIX, "MSFT", Side.BUY, "1"));
    var fleet = fleetRig.denied(market("f3", "MSFT", Side.BUY, "1"));
    assertEquals(DenialReason.FLEET_MAX_POSITIONS, fleet.reason());
    assertEquals("a new position in MSFT in account paper would make 2 concurrent positions across live accounts"
        + " [paper] > max 1", fleet.detail());
    denied.add(fleet.reason());
    RiskGuardian.ScopeRisk fleetScope = fleetRig.status().portfolioRisk().fleet();
    assertEquals(1, fleetScope.positions());
    assertEquals(1, fleetScope.maxPositions());

    // The price collar over a window: 2 % around the range of the last 5 minutes' marks, at least 3 of them.
    var windows = RiskPolicy.Orders.DEFAULT.withWindows(new RiskPolicy.PriceCollarWindow(d("2"), Duration.ofMinutes(5), 3),
        Map.of(Fixtures.VENUE, new RiskPolicy.VenueMessageLimit(2, null)));
    var collarRig = new GuardianRig(kit, new RiskPolicy(null, portfolio(null, null, null), null,
        new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false).withWindows(windows.priceCollarWindow(),
            Map.of()), null));
    var noReference = collarRig.denied(Fixtures.limit("c1", "AAPL", Side.BUY, "1", "100"));
    assertEquals("no reference price for AAPL: 1 mark(s) within 5m < orders.price_collar_window.min_marks 3",
        noReference.detail());
    collarRig.clock.advance(Duration.ofSeconds(1));
    collarRig.mark("AAPL", "101");
    collarRig.clock.advance(Duration.ofSeconds(1));
    collarRig.mark("AAPL", "102");
    var collar = collarRig.denied(Fixtures.limit("c2", "AAPL", Side.BUY, "1", "105"));
    assertEquals(DenialReason.PRICE_COLLAR_WINDOW, collar.reason());
    assertEquals("limit 105 is 2.94% above the high of AAPL's 5m range 100..102 (3 marks) > collar 2%", collar.detail());
    denied.add(collar.reason());
    collarRig.submitted(Fixtures.limit("c3", "AAPL", Side.BUY, "1", "104")); // 1.96 % above the high: allowed

    // Message limits per venue: 2 orders a second acknowledged for the paper venue, whichever bots send them.
    var venueRig = new GuardianRig(kit, new RiskPolicy(null, portfolio(null, null, null), null,
        new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false).withWindows(null,
            windows.venueMessageLimits()), null));
    venueRig.submitted(market("v1", "AAPL", Side.BUY, "1"));
    venueRig.submitted(market("v2", "MSFT", Side.BUY, "1"));
    var messages = venueRig.denied(market("v3", "AAPL", Side.BUY, "1"));
    assertEquals(DenialReason.VENUE_MESSAGE_LIMIT, messages.reason());
    assertEquals("venue paper: 2 orders acknowledged within the last 1s, this one would be 3"
        + " > orders.venue_message_limits.paper.per_second 2", messages.detail());
    denied.add(messages.reason());
    venueRig.clock.advance(Duration.ofSeconds(1));
    venueRig.submitted(market("v4", "AAPL", Side.BUY, "1")); // a second later

    assertEquals(EnumSet.of(DenialReason.RESTRICTED_INSTRUMENT, DenialReason.MAX_NOTIONAL, DenialReason.MAX_QUANTITY,
        DenialReason.MAX_POSITIONS, DenialReason.FLEET_MAX_POSITIONS, DenialReason.PRICE_COLLAR_WINDOW,
        DenialReason.VENUE_MESSAGE_LIMIT), denied);
    System.out.println("pre-trade controls: " + denied.size() + " reason codes, each denied through the guardian actor");
  }
}
