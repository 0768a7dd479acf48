package io.dorado.protocol.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.risk.RiskPolicy.DrawdownAction;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RiskPolicyTest {
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** The risk_policy block of PRD §3.4, verbatim. */
  private static final String PRD_POLICY =
      """
      risk_policy:
        version: "2.0"
        portfolio:
          max_heat_pct: 30
          max_single_underlying_pct: 10
          max_asset_class_pct:
            equity_options: 60
            fx: 30
            crypto: 20
          max_correlated_cluster_pct: 20
          min_cash_pct: 20
        sizing:
          default_method: "adaptive_rules"
          base_risk_pct: 2.0
        circuit_breakers:
          daily_loss_halt_pct: 2.0
          weekly_loss_halt_pct: 5.0
          drawdown_halt_pct: 10.0
      """;

  private static RiskPolicy parse(String yaml) throws Exception {
    return YAML.treeToValue(YAML.readTree(yaml).get("risk_policy"), RiskPolicy.class);
  }

  private static void assertNumber(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
  }

  @Test
  void thePrdPolicyParsesAndEqualsTheDefaults() throws Exception {
    RiskPolicy policy = parse(PRD_POLICY);
    assertNumber("30", policy.portfolio().maxHeatPct());
    assertNumber("10", policy.portfolio().maxSingleUnderlyingPct());
    assertNumber("60", policy.portfolio().maxAssetClassPct(AssetClass.EQUITY_OPTIONS));
    assertNumber("20", policy.portfolio().maxAssetClassPct(AssetClass.CRYPTO));
    assertNumber("100", policy.portfolio().maxAssetClassPct(AssetClass.EQUITY));
    assertNumber("20", policy.portfolio().minCashPct());
    assertEquals(SizingMethod.ADAPTIVE_RULES, policy.sizing().defaultMethod());
    assertNumber("2", policy.sizing().baseRiskPct());
    assertNumber("2", policy.circuitBreakers().dailyLossHaltPct());
    assertNumber("5", policy.circuitBreakers().weeklyLossHaltPct());
    assertNumber("10", policy.circuitBreakers().drawdownHaltPct());

    RiskPolicy defaults = RiskPolicy.DEFAULT;
    assertNumber("30", defaults.portfolio().maxHeatPct());
    assertEquals(DrawdownAction.HALVE_SIZING, defaults.circuitBreakers().drawdownAction());
    assertEquals(3, defaults.circuitBreakers().consecutiveLossesHalveAfter());
    assertNumber("100000", defaults.orders().maxOrderNotional());
    assertEquals(100, defaults.orders().rateLimit().ordersPerSecond());
    assertEquals(100, defaults.orders().rateLimit().burst());
    assertEquals(Duration.ofMinutes(30), defaults.orders().reentryCooldown());
    assertEquals(8, defaults.sizing().quantityScale(AssetClass.CRYPTO));
    assertEquals(0, defaults.sizing().quantityScale(AssetClass.EQUITY));
  }

  @Test
  void anEmptyPolicyTakesEveryDefault() throws Exception {
    assertEquals(RiskPolicy.DEFAULT, parse("risk_policy: {}\n"));
  }

  @Test
  void theExtendedFieldsParseInSnakeCase() throws Exception {
    RiskPolicy policy =
        parse(
            """
            risk_policy:
              circuit_breakers:
                drawdown_action: halt
                consecutive_losses_halve_after: 5
              orders:
                max_order_notional: 50000
                max_order_quantity: 1000
                price_band_pct: 5
                rate_limit: { orders_per_second: 10, burst: 20 }
                reentry_cooldown: PT15M
                max_loss_per_trade: 500
              sizing:
                quantity_scale: { crypto: 4 }
            """);
    assertEquals(DrawdownAction.HALT, policy.circuitBreakers().drawdownAction());
    assertEquals(5, policy.circuitBreakers().consecutiveLossesHalveAfter());
    assertNumber("50000", policy.orders().maxOrderNotional());
    assertNumber("1000", policy.orders().maxOrderQuantity());
    assertNumber("5", policy.orders().priceBandPct());
    assertEquals(20, policy.orders().rateLimit().burst());
    assertEquals(Duration.ofMinutes(15), policy.orders().reentryCooldown());
    assertNumber("500", policy.orders().maxLossPerTrade());
    assertEquals(4, policy.sizing().quantityScale(AssetClass.CRYPTO));
    assertEquals(0, policy.sizing().quantityScale(AssetClass.FX));
  }

  @Test
  void anInvalidValueFailsNamingTheField() {
    var e =
        assertThrows(
            ValueInstantiationException.class,
            () -> parse("risk_policy:\n  portfolio:\n    max_heat_pct: 130\n"));
    assertTrue(e.getMessage().contains("portfolio.max_heat_pct must be within (0, 100], was 130"), e.getMessage());

    var cb =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RiskPolicy.CircuitBreakers(null, null, null, null, -1, null));
    assertTrue(cb.getMessage().startsWith("circuit_breakers.consecutive_losses_halve_after"), cb.getMessage());

    var cls =
        assertThrows(
            ValueInstantiationException.class,
            () -> parse("risk_policy:\n  portfolio:\n    max_asset_class_pct: { crypto: 0 }\n"));
    assertTrue(cls.getMessage().contains("portfolio.max_asset_class_pct.crypto"), cls.getMessage());
  }

  @Test
  void aMisspelledFieldIsRefused() {
    var e = assertThrows(Exception.class, () -> parse("risk_policy:\n  portfolio:\n    max_heat: 20\n"));
    assertTrue(e.getMessage().contains("max_heat"), e.getMessage());
  }

  @Test
  void thePolicyTheStateAndADenialRoundTripThroughCbor() throws Exception {
    ObjectMapper cbor = CBORMapper.builder().addModule(new JavaTimeModule()).build();
    RiskPolicy policy = parse(PRD_POLICY);
    assertEquals(policy, cbor.readValue(cbor.writeValueAsBytes(policy), RiskPolicy.class));
    RiskDenial denial = RiskDenial.of(DenialReason.MAX_NOTIONAL, "notional 125000.00 > max 100000.00");
    assertEquals(denial, cbor.readValue(cbor.writeValueAsBytes(denial), RiskDenial.class));
    assertEquals(TradingState.HALTED, cbor.readValue(cbor.writeValueAsBytes(TradingState.HALTED), TradingState.class));
  }

  @Test
  void fleetWideLimitsAreOffUnlessSwitchedOnAndTakeThePerAccountPercentageUnlessGivenTheirOwn() throws Exception {
    assertFalse(parse(PRD_POLICY).fleetWide().any(), "absent: every limit per account only");
    RiskPolicy on = parse(PRD_POLICY + "  fleet_wide:\n    heat: true\n    daily_loss: true\n    daily_loss_halt_pct: 1.5\n");
    assertTrue(on.fleetWide().heat() && on.fleetWide().dailyLoss() && !on.fleetWide().weeklyLoss(), on.fleetWide().toString());
    assertNumber("30", on.fleetWide().maxHeatPct());
    assertNumber("1.5", on.fleetWide().dailyLossHaltPct());
    ObjectMapper cbor = CBORMapper.builder().addModule(new JavaTimeModule()).build();
    assertEquals(on, cbor.readValue(cbor.writeValueAsBytes(on), RiskPolicy.class));

    var typo = assertThrows(Exception.class, () -> parse("risk_policy:\n  fleet_wide:\n    heats: true\n"));
    assertTrue(typo.getMessage().contains("heats"), typo.getMessage());
    var orphan = assertThrows(ValueInstantiationException.class,
        () -> parse("risk_policy:\n  fleet_wide:\n    weekly_loss_halt_pct: 3\n"));
    assertTrue(orphan.getMessage().contains("fleet_wide.weekly_loss_halt_pct is set but fleet_wide.weekly_loss is not true"),
        orphan.getMessage());
    var range = assertThrows(ValueInstantiationException.class,
        () -> parse("risk_policy:\n  fleet_wide:\n    heat: true\n    max_heat_pct: 0\n"));
    assertTrue(range.getMessage().contains("fleet_wide.max_heat_pct must be within (0, 100]"), range.getMessage());
  }

  @Test
  void theStalenessRuleIsOffUnlessSetAndTakesAPerSymbolOverride() throws Exception {
    assertEquals(null, parse("risk_policy:\n  orders:\n    price_band_pct: 10\n").orders().maxPriceAge("BTC"));
    RiskPolicy p = parse("risk_policy:\n  orders:\n    max_price_age: \"PT5M\"\n    max_price_age_by_symbol:\n"
        + "      AAPL: \"P1D\"\n");
    assertEquals(Duration.ofMinutes(5), p.orders().maxPriceAge("BTC"));
    assertEquals(Duration.ofDays(1), p.orders().maxPriceAge("AAPL"));
    var zero = assertThrows(ValueInstantiationException.class,
        () -> parse("risk_policy:\n  orders:\n    max_price_age: \"PT0S\"\n"));
    assertTrue(zero.getMessage().contains("orders.max_price_age must be > 0 (absent: off), was PT0S"), zero.getMessage());
  }

  @Test
  void theVarLimitAndThePreTradeControlsAreOffUnlessSetParseInSnakeCaseAndNameABadField() throws Exception {
    RiskPolicy off = parse(PRD_POLICY);
    assertEquals(null, off.portfolio().varLimit95Pct());
    assertEquals(null, off.portfolio().maxPositions());
    assertEquals(null, off.portfolio().maxFleetPositions());
    assertEquals(RiskPolicy.VarMethod.HISTORICAL, off.portfolio().varMethod());
    assertEquals(250, off.portfolio().varWindowDays());
    assertEquals(20, off.portfolio().varMinObservations());
    assertTrue(off.orders().restrictedSymbols().isEmpty() && off.orders().maxOrderNotionalBySymbol().isEmpty()
        && off.orders().maxOrderQuantityBySymbol().isEmpty());

    RiskPolicy on = parse("""
        risk_policy:
          portfolio:
            var_limit_95_pct: 1.5
            var_method: parametric
            var_window_days: 100
            var_min_observations: 30
            max_positions: 10
            max_fleet_positions: 25
          orders:
            max_order_notional_by_symbol: { BTCUSDT: 20000 }
            max_order_quantity_by_symbol: { AAPL: 500 }
            restricted_symbols: [ GME, AMC ]
        """);
    assertNumber("1.5", on.portfolio().varLimit95Pct());
    assertEquals(RiskPolicy.VarMethod.PARAMETRIC, on.portfolio().varMethod());
    assertEquals(100, on.portfolio().varWindowDays());
    assertEquals(30, on.portfolio().varMinObservations());
    assertEquals(10, on.portfolio().maxPositions());
    assertEquals(25, on.portfolio().maxFleetPositions());
    assertNumber("20000", on.orders().maxOrderNotionalBySymbol().get("BTCUSDT"));
    assertNumber("500", on.orders().maxOrderQuantityBySymbol().get("AAPL"));
    assertEquals(java.util.List.of("AMC", "GME"), on.orders().restrictedSymbols());
    ObjectMapper cbor = CBORMapper.builder().addModule(new JavaTimeModule()).build();
    assertEquals(on, cbor.readValue(cbor.writeValueAsBytes(on), RiskPolicy.class));

    for (String[] bad : new String[][] {
        {"portfolio:\n    var_limit_95_pct: 0", "portfolio.var_limit_95_pct must be within (0, 100]"},
        {"portfolio:\n    var_window_days: 501", "portfolio.var_window_days must be within [2, 500]"},
        {"portfolio:\n    var_window_days: 50\n    var_min_observations: 60",
            "portfolio.var_min_observations must be within [2, 50]"},
        {"portfolio:\n    max_positions: 0", "portfolio.max_positions must be within [1, 100000]"},
        {"orders:\n    max_order_quantity_by_symbol: { AAPL: 0 }", "orders.max_order_quantity_by_symbol.AAPL must be > 0"},
        {"orders:\n    restricted_symbols: [ \"\" ]", "orders.restricted_symbols: a symbol is blank"}}) {
      var e = assertThrows(ValueInstantiationException.class, () -> parse("risk_policy:\n  " + bad[0] + "\n"));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    var method = assertThrows(Exception.class, () -> parse("risk_policy:\n  portfolio:\n    var_method: montecarlo\n"));
    assertTrue(method.getMessage().contains("montecarlo"), method.getMessage());
  }

  @Test
  void theGreeksLimitsAreOffUnlessSetParseInSnakeCaseAndNameABadField() throws Exception {
    RiskPolicy off = parse(PRD_POLICY);
    assertEquals(GreeksPolicy.OFF, off.greeks());
    assertTrue(!off.greeks().any());
    assertNumber("0", off.greeks().riskFreeRate());

    RiskPolicy on = parse("""
        risk_policy:
          greeks:
            max_abs_delta_per_underlying: 50000
            max_abs_delta_fleet: 150000
            max_abs_vega_per_underlying: 300
            max_abs_vega_fleet: 900
            risk_free_rate: 0.04
        """);
    assertNumber("50000", on.greeks().maxAbsDeltaPerUnderlying());
    assertNumber("150000", on.greeks().maxAbsDeltaFleet());
    assertNumber("300", on.greeks().maxAbsVegaPerUnderlying());
    assertNumber("900", on.greeks().maxAbsVegaFleet());
    assertNumber("0.04", on.greeks().riskFreeRate());
    ObjectMapper cbor = CBORMapper.builder().addModule(new JavaTimeModule()).build();
    assertEquals(on, cbor.readValue(cbor.writeValueAsBytes(on), RiskPolicy.class));

    for (String[] bad : new String[][] {
        {"greeks:\n    max_abs_vega_fleet: 0", "greeks.max_abs_vega_fleet must be > 0"},
        {"greeks:\n    risk_free_rate: 4", "greeks.risk_free_rate is a fraction (0.04 = 4 %), was 4"}}) {
      var e = assertThrows(ValueInstantiationException.class, () -> parse("risk_policy:\n  " + bad[0] + "\n"));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    assertThrows(Exception.class, () -> parse("risk_policy:\n  greeks:\n    max_delta: 1\n"));
  }

  @Test
  void theSessionCloseResetTheWindowControlsAndTheSizingByRegimeParseAndNameABadField() throws Exception {
    RiskPolicy p = parse("risk_policy:\n  circuit_breakers:\n    breaker_reset: session_close\n"
        + "    session_calendars: { kraken: crypto }\n"
        + "    vol_regime_adjustment:\n      sizing_by_regime: { transition: 0.6 }\n"
        + "  orders:\n    price_collar_window: { pct: 3, window: \"PT2M\", min_marks: 2 }\n"
        + "    venue_message_limits:\n      kraken: { per_second: 5, per_minute: 60 }\n");
    var cb = p.circuitBreakers();
    assertEquals(RiskPolicy.BreakerReset.SESSION_CLOSE, cb.breakerReset());
    assertEquals("crypto", cb.sessionCalendarOf("kraken").id());
    assertEquals("us-equities", cb.sessionCalendarOf("alpaca").id(), "session_calendar's default");
    assertEquals(new BigDecimal("0.6"), cb.volRegimeAdjustment().multiplierOf("transition"));
    assertEquals(new BigDecimal("0.75"), cb.volRegimeAdjustment().multiplierOf("recovery"), "the default stays");
    assertEquals(new BigDecimal("0.5"), cb.volRegimeAdjustment().multiplierOf("risk_off"), "high_vol_sizing_multiplier");
    assertEquals(new RiskPolicy.PriceCollarWindow(new BigDecimal("3"), Duration.ofMinutes(2), 2),
        p.orders().priceCollarWindow());
    assertEquals(new RiskPolicy.VenueMessageLimit(5, 60), p.orders().venueMessageLimits().get("kraken"));
    assertEquals(null, parse(PRD_POLICY).orders().priceCollarWindow(), "off unless set");
    assertEquals(java.util.Map.of(), parse(PRD_POLICY).orders().venueMessageLimits(), "off unless set");
    var listed = parse("risk_policy:\n  circuit_breakers:\n    vol_regime_adjustment:\n"
        + "      high_vol_sizing_multiplier: 0.25\n      high_vol_regimes: [risk_off, transition]\n");
    assertEquals(new BigDecimal("0.25"), listed.circuitBreakers().volRegimeAdjustment().multiplierOf("transition"),
        "listed as high-volatility: its multiplier, not the default 0.75");

    String[][] bad = {
        {"circuit_breakers:\n    session_calendar: lse\n",
            "circuit_breakers.session_calendar: unknown calendar 'lse' (known: us-equities, us-options, fx, crypto)"},
        {"circuit_breakers:\n    vol_regime_adjustment: { sizing_by_regime: { transition: 1.5 } }\n",
            "circuit_breakers.vol_regime_adjustment.sizing_by_regime.transition must be within (0, 1], was 1.5"},
        {"orders:\n    price_collar_window: { window: \"PT2H\" }\n",
            "orders.price_collar_window.window must be within (0, 1h], was PT2H"},
        {"orders:\n    venue_message_limits: { kraken: { per_second: 0 } }\n",
            "orders.venue_message_limits.per_second must be within [1, 10000], was 0"},
    };
    for (String[] b : bad) {
      var e = assertThrows(Exception.class, () -> parse("risk_policy:\n  " + b[0]));
      assertTrue(e.getMessage().contains(b[1]), e.getMessage());
    }
  }
}
