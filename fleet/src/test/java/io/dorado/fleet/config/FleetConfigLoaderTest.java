package io.dorado.fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.MarketDataSource;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.TemplateType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet configuration: the bundled demo loads, and every kind of mistake is reported with the
 * file, the line and the field it is in.
 */
class FleetConfigLoaderTest {

  /** The demo files, editable per test. */
  private static Map<String, String> demo() {
    var files = new HashMap<String, String>();
    for (String name : List.of(FleetConfigLoader.UNIVERSE, FleetConfigLoader.TEMPLATES, FleetConfigLoader.BOTS,
        FleetConfigLoader.RISK_POLICY, FleetConfigLoader.SCORING, FleetConfigLoader.LADDER)) {
      try (InputStream in = FleetConfigLoaderTest.class.getClassLoader().getResourceAsStream("demo/" + name)) {
        files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static FleetConfig load(Map<String, String> files) {
    return FleetConfigLoader.load(name -> Optional.ofNullable(files.get(name)));
  }

  /** Replaces the one occurrence of {@code from} in {@code file}, failing if it is not exactly once. */
  private static Map<String, String> edit(String file, String from, String to) {
    Map<String, String> files = demo();
    String text = files.get(file);
    int at = text.indexOf(from);
    assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "the edit must match exactly once: " + from);
    files.put(file, text.replace(from, to));
    return files;
  }

  /** The 1-based line of the first line containing {@code marker}. */
  private static int lineOf(Map<String, String> files, String file, String marker) {
    String[] lines = files.get(file).split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (lines[i].contains(marker)) return i + 1;
    throw new AssertionError(marker + " not in " + file);
  }

  private static ConfigException failure(Map<String, String> files) {
    return assertThrows(ConfigException.class, () -> load(files));
  }

  @Nested
  class TheDemo {
    private final FleetConfig config = FleetConfigLoader.loadDemo();

    @Test
    void loadsItsUniverseWithARealDataSourcePerUnderlying() {
      assertEquals("demo", config.universe().id());
      assertEquals(List.of("AAPL", "BTC", "ETH"), config.universe().underlyings().stream().map(u -> u.symbol()).toList());
      assertEquals(MarketDataSource.Dataset.BITSTAMP_BTC_TRADES_2013, config.dataConfig().source("BTC").orElseThrow().dataset());
      assertEquals(Duration.ofMinutes(15), config.dataConfig().source("BTC").orElseThrow().bar());
    }

    @Test
    void eachUnderlyingNamesItsCalendarOrTakesItsAssetClasses() {
      assertEquals(List.of("us-options", "crypto", "crypto"),
          config.universe().underlyings().stream().map(u -> u.calendar()).toList());
    }

    @Test
    void hasThePrdTemplatesAndOneMadeOnlyOfExistingBlocks() {
      assertEquals(
          java.util.Set.of("iron_condor", "fx_momentum", "crypto_momentum", "crypto_mean_reversion"), config.templates().keySet());
      StrategyTemplate ic = config.template("iron_condor").orElseThrow();
      assertEquals(TemplateType.OPTIONS_INCOME, ic.type());
      assertTrue(java.util.stream.Stream.of(ic.entry().shortPut(), ic.entry().longPut(), ic.entry().shortCall(),
          ic.entry().longCall()).allMatch(java.util.Objects::nonNull), "its four legs are its entry's four leg rules");
      assertEquals(List.of(30, 50), ic.entry().dteRange());
      assertEquals(25.0, ic.technicalRequirements().trendFilter().maxAdx());
      assertEquals(70.0, ic.management().volExit().threshold());
    }

    @Test
    void everyTemplateStatesTheTimeframeItsIndicatorsRead() {
      assertEquals(Duration.ofDays(1), config.template("iron_condor").orElseThrow().barLength());
      assertEquals(Duration.ofHours(1), config.template("fx_momentum").orElseThrow().barLength());
      assertEquals("15m", config.template("crypto_momentum").orElseThrow().timeframe());
      assertEquals(Duration.ofMinutes(15), config.template("crypto_mean_reversion").orElseThrow().barLength());
      assertEquals(Duration.ofMinutes(15), config.template("crypto_momentum").orElseThrow().forRegime("risk_off").barLength(),
          "a regime override keeps its template's timeframe");
    }

    @Test
    void fxMomentumScalesOutAThirdAt1RAndAThirdAt2RThenTrailsTheRest() {
      var exits = config.template("fx_momentum").orElseThrow().management().scaledExits();
      assertEquals(List.of(1.0, 2.0), exits.stream().map(StrategyTemplate.ScaledExit::atR).toList());
      assertEquals(List.of(33.0, 33.0), exits.stream().map(StrategyTemplate.ScaledExit::pct).toList());
      assertEquals(StrategyTemplate.StopMove.BREAK_EVEN, exits.get(1).moveStop());
      assertTrue(config.template("fx_momentum").orElseThrow().management().trailingStop().enabled());
    }

    @Test
    void regimeOverridesAreMergedIntoTheWholeTemplate() {
      StrategyTemplate ic = config.template("iron_condor").orElseThrow();
      StrategyTemplate riskOn = ic.forRegime("risk_on");
      assertEquals(List.of(-0.25, -0.18), riskOn.entry().shortPut().deltaTarget());
      assertEquals(65.0, riskOn.management().profitTargetPct());
      // what the override does not name stays as in the base template
      assertEquals(200.0, riskOn.management().stopLossPct());
      assertEquals(List.of(0.15, 0.20), riskOn.entry().shortCall().deltaTarget());
      assertEquals(50.0, ic.forRegime("crisis").management().profitTargetPct());
      assertEquals(50.0, ic.management().profitTargetPct());
    }

    @Test
    void hasFourPaperBotsBoundToTheUniverse() {
      assertEquals(4, config.bots().size());
      var btc = config.bot("btc-mom-01").orElseThrow();
      assertEquals("paper", btc.venue()); // from the underlying
      assertEquals(Duration.ofHours(4), btc.approvalTimeout());
      assertEquals(SizingMethod.FIXED_RISK_PCT, btc.sizing().method());
      assertEquals(ApprovalMode.AUTO_EXECUTE, config.bot("btc-mr-01").orElseThrow().approvalMode());
      assertTrue(config.bots().stream().allMatch(b -> b.venueMode() == io.dorado.protocol.market.VenueMode.PAPER));
      assertEquals(io.dorado.protocol.bot.SignalSource.Type.SCHEDULED, btc.signalSource().type());
    }

    @Test
    void readsTheRiskPolicyAndScoringWeights() {
      assertEquals(0, new BigDecimal("20").compareTo(config.riskPolicy().portfolio().maxAssetClassPct(AssetClass.CRYPTO)));
      assertEquals(0.30, config.scoring().weight(ScoreFeature.DATA_QUALITY));
      assertEquals(0.20, config.scoring().exclude().spreadQualityAbove());
    }

    @Test
    void readsEachBotsExecutionThrottleWithItsCooldownFromTheAccounts() {
      var throttle = config.riskPolicy().orders().botThrottle();
      assertEquals(20, throttle.maxRequests());
      assertEquals(Duration.ofMinutes(1), throttle.window());
      assertEquals(20, throttle.maxRoundTrips());
      assertEquals(Duration.ofMinutes(10), throttle.roundTripWindow());
      assertEquals(Duration.ofMinutes(1), throttle.reentryCooldown(), "the demo's orders.reentry_cooldown");
    }

    @Test
    void readsThePromotionLadder() {
      assertEquals(5, config.ladder().toCanary().minClosedTrades());
      assertEquals(0, new BigDecimal("40").compareTo(config.ladder().toCanary().minWinRatePct()));
      assertEquals(28, config.ladder().toFull().minDays());
      assertEquals(0, new BigDecimal("50").compareTo(config.ladder().canarySizePct()));
    }
  }

  @Test
  void loadsTheSameFilesFromAFolder(@TempDir Path dir) throws IOException {
    for (var e : demo().entrySet()) java.nio.file.Files.writeString(dir.resolve(e.getKey()), e.getValue());
    FleetConfig config = FleetConfigLoader.load(dir);
    assertEquals(4, config.bots().size());
  }

  @Test
  void optionalFilesFallBackToThePrdDefaults(@TempDir Path dir) throws IOException {
    Map<String, String> files = demo();
    files.remove(FleetConfigLoader.RISK_POLICY);
    files.remove(FleetConfigLoader.SCORING);
    FleetConfig config = load(files);
    assertEquals(0, new BigDecimal("30").compareTo(config.riskPolicy().portfolio().maxHeatPct()));
    assertEquals(0.25, config.scoring().weight(ScoreFeature.CREDIT_TO_WIDTH));
  }

  @Nested
  class Mistakes {
    @Test
    void anOutOfRangeRiskIsReportedAtItsLineAndField() {
      var files = edit("bots.yaml", "      method: \"adaptive_rules\"\n      risk_pct: 1.5", "      method: \"adaptive_rules\"\n      risk_pct: 9");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "risk_pct: 9") + ": bots[1].sizing.risk_pct: must be between 0 and 5 (was 9)",
          e.getMessage());
      assertEquals("bots[1].sizing.risk_pct", e.field());
    }

    @Test
    void aScheduleThatIsNotUnderstoodIsReportedAtItsLineAndField() {
      var files = edit("bots.yaml", "      schedule: \"every_scan\"", "      schedule: \"every fortnight\"");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "every fortnight") + ": bots[0].signal_source.schedule: "
          + "'every fortnight' is not a schedule (known: every <n>s|m|h|d, daily at HH:MM [zone], cron <minute> <hour> "
          + "<day-of-month> <month> <day-of-week> [zone], market_open)", e.getMessage());
      assertEquals("bots[0].signal_source.schedule", e.field());

      var zone = failure(edit("bots.yaml", "      schedule: \"every_scan\"", "      schedule: \"daily at 15:30 Mars/Base\""));
      assertTrue(zone.getMessage().endsWith("bots[0].signal_source.schedule: 'daily at 15:30 Mars/Base': unknown time zone "
          + "'Mars/Base' (a region such as America/New_York)"), zone.getMessage());
    }

    @Test
    void aBotsScheduleAndOnDemandSourceAreReadIntoItsConfig() {
      var config = load(edit("bots.yaml", "      type: \"scheduled\"\n      schedule: \"every_scan\"",
          "      type: \"scheduled\"\n      schedule: \"cron 0,30 9-16 * * MON-FRI America/New_York\""));
      assertEquals("cron 0,30 9-16 * * MON-FRI America/New_York",
          config.bot("btc-mom-01").orElseThrow().signalSource().schedule());
      var onDemand = load(edit("bots.yaml", "      type: \"scheduled\"\n      schedule: \"every_scan\"",
          "      type: \"on_demand\""));
      assertTrue(onDemand.bot("btc-mom-01").orElseThrow().signalSource().onDemand());
      assertEquals(io.dorado.protocol.bot.SignalSource.DEFAULT, onDemand.bot("eth-mom-01").orElseThrow().signalSource());
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThatAreKnown() {
      var files = edit("bots.yaml", "      risk_pct: 1.0", "      risk_pc: 1.0");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "risk_pc: 1.0")
          + ": bots[0].sizing.risk_pc: unknown field (known: method, notional, quantity, risk_pct)", e.getMessage());
    }

    @Test
    void aWrongTypeSaysWhatWasExpected() {
      var files = edit("bots.yaml", "      risk_pct: 0.25", "      risk_pct: lots");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "risk_pct: lots")
          + ": bots[2].sizing.risk_pct: must be a number (was 'lots')", e.getMessage());
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
      var files = edit("bots.yaml", "    approval_mode: \"auto_execute\"", "    approval_mode: \"whenever\"");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "whenever")
          + ": bots[2].approval_mode: must be one of human_required, auto_execute (was 'whenever')", e.getMessage());
    }

    @Test
    void anUnknownCalendarIsReportedAtItsLineWithTheKnownOnes() {
      var files = edit("universe.yaml", "      calendar: \"us-options\"", "      calendar: \"nyse\"");
      ConfigException e = failure(files);
      assertEquals("universe.yaml:" + lineOf(files, "universe.yaml", "calendar: \"nyse\"")
          + ": universe.underlyings[0].calendar: unknown calendar 'nyse' (known: us-equities, us-options, fx, crypto)",
          e.getMessage());
      assertEquals("universe.underlyings[0].calendar", e.field());
    }

    @Test
    void aCalendarThatIsNotTextSaysWhatWasExpected() {
      var files = edit("universe.yaml", "      calendar: \"us-options\"", "      calendar: [1, 2]");
      ConfigException e = failure(files);
      assertEquals("universe.yaml:" + lineOf(files, "universe.yaml", "calendar: [1, 2]")
          + ": universe.underlyings[0].calendar: must be text", e.getMessage());
    }

    @Test
    void aBotOnAnUnderlyingOutsideTheUniverseIsRefused() {
      var files = edit("bots.yaml", "btc-mom-01\"\n    universe: \"demo\"\n    underlying: \"BTC\"",
          "btc-mom-01\"\n    universe: \"demo\"\n    underlying: \"XRP\"");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "XRP")
          + ": bots[0].underlying: unknown underlying 'XRP' (universe demo has: AAPL, BTC, ETH)", e.getMessage());
    }

    @Test
    void aBotNamingAnUnknownTemplateIsRefused() {
      var files = edit("bots.yaml", "    strategy_template: \"iron_condor\"", "    strategy_template: \"iron_condr\"");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "iron_condr") + ": bots[3].strategy_template: unknown template"
          + " 'iron_condr' (templates.yaml has: crypto_mean_reversion, crypto_momentum, fx_momentum, iron_condor)", e.getMessage());
    }

    @Test
    void aTemplateForAnotherAssetClassIsRefused() {
      var files = edit("bots.yaml", "    strategy_template: \"iron_condor\"", "    strategy_template: \"crypto_momentum\" # AAPL");
      ConfigException e = failure(files);
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "# AAPL")
          + ": bots[3].strategy_template: template crypto_momentum trades crypto but AAPL is equity_options", e.getMessage());
    }

    @Test
    void aDuplicateBotIdNamesBothEntries() {
      var files = edit("bots.yaml", "  - id: \"btc-mr-01\"", "  - id: \"eth-mom-01\"");
      ConfigException e = failure(files);
      assertTrue(e.getMessage().startsWith("bots.yaml:" + (lineOf(demo(), "bots.yaml", "btc-mr-01"))
          + ": bots[2].id: duplicate bot id eth-mom-01 (also bots[1])"), e.getMessage());
    }

    @Test
    void anInvalidBotIdIsReportedAtTheId() {
      var files = edit("bots.yaml", "  - id: \"btc-mr-01\"", "  - id: \"ETH MR\"");
      ConfigException e = failure(files);
      assertEquals("bots.yaml", e.file());
      assertEquals(lineOf(files, "bots.yaml", "ETH MR"), e.line());
      assertEquals("bots[2].id", e.field());
      assertTrue(e.problem().contains("must match"), e.problem());
    }

    @Test
    void aBadValueInsideATemplateIsReportedAtItsLine() {
      var files = edit("templates.yaml", "        multiplier: 4.0", "        multiplier: -4.0");
      ConfigException e = failure(files);
      assertEquals("templates.yaml:" + lineOf(files, "templates.yaml", "multiplier: -4.0")
          + ": templates.crypto_momentum.management.profit_target.multiplier: must be > 0 (was -4.0)", e.getMessage());
    }

    @Test
    void aTimeframeThatIsNotABarLengthNamesTheFileTheLineAndTheField() {
      var files = edit("templates.yaml", "    timeframe: \"1h\"", "    timeframe: \"1 hour\"");
      ConfigException e = failure(files);
      assertEquals("templates.yaml:" + lineOf(files, "templates.yaml", "timeframe: \"1 hour\"")
          + ": templates.fx_momentum.timeframe: must be a number and a unit s, m, h or d, e.g. 1m, 5m, 1h, 1d (was 1 hour)",
          e.getMessage());
    }

    @Test
    void aTimeframeTheSourceCannotBeBuiltIntoIsRefusedAtTheTemplatesLine() {
      // ETH's source has 5-minute bars: 7 minutes is not a whole number of them
      var files = edit("templates.yaml", "    timeframe: \"15m\"            #", "    timeframe: \"7m\"            #");
      ConfigException e = failure(files);
      assertEquals("templates.yaml:" + lineOf(files, "templates.yaml", "timeframe: \"7m\"")
          + ": templates.crypto_momentum.timeframe: must be a whole multiple of the 15m bars of BTC's source (bot btc-mom-01), "
          + "was 7m", e.getMessage());
    }

    @Test
    void aBadScaledExitTrancheIsReportedAtItsLine() {
      var files = edit("templates.yaml", "- { at_r: 2.0, pct: 33,", "- { at_r: 2.0, pct: 0,");
      ConfigException e = failure(files);
      assertEquals("templates.yaml:" + lineOf(files, "templates.yaml", "at_r: 2.0, pct: 0,")
          + ": templates.fx_momentum.management.scaled_exits[1].pct: must be > 0 (was 0.0)", e.getMessage());
    }

    @Test
    void scaledExitsThatCloseEverythingLeaveNothingToTrailAndAreRefused() {
      var files = edit("templates.yaml", "- { at_r: 2.0, pct: 33,", "- { at_r: 2.0, pct: 67,");
      ConfigException e = failure(files);
      assertEquals("templates.fx_momentum.management.scaled_exits", e.field());
      assertEquals(lineOf(files, "templates.yaml", "scaled_exits:"), e.line());
      assertTrue(e.problem().contains("they must leave part of the position to trail"), e.problem());
    }

    @Test
    void aBadRegimeOverrideIsReportedAtTheOverridesLine() {
      var files = edit("templates.yaml", "          profit_target_pct: 65", "          profit_target_pct: -65");
      ConfigException e = failure(files);
      assertEquals("templates.yaml:" + lineOf(files, "templates.yaml", "profit_target_pct: -65")
          + ": templates.iron_condor.regime_overrides.risk_on.management.profit_target_pct: must be > 0 (was -65.0)",
          e.getMessage());
    }

    @Test
    void anOverrideForAnUnknownRegimeIsRefused() {
      var files = edit("templates.yaml", "      risk_off:\n        management:", "      panic:\n        management:");
      ConfigException e = failure(files);
      assertEquals(lineOf(files, "templates.yaml", "      panic:"), e.line());
      assertEquals("templates.crypto_momentum.regime_overrides.panic", e.field());
    }

    @Test
    void aTemplateMissingWhatItsTypeNeedsSaysWhat() {
      var files = edit("templates.yaml", "      dte_range: [30, 50]\n", "");
      ConfigException e = failure(files);
      assertEquals("templates.iron_condor.entry", e.field());
      assertEquals(lineOf(files, "templates.yaml", "    entry:"), e.line());
      assertTrue(e.problem().contains("dte_range"), e.problem());
    }

    @Test
    void aDataConfigKeyNothingReadsIsRefusedAtItsLineWithWhatToUseInstead() {
      for (String key : List.of("option_chains: false", "fetch_frequency: \"eod\"", "ohlcv: true")) {
        var files = edit("universe.yaml", "  data_config:", "  data_config:\n    " + key);
        ConfigException e = failure(files);
        String field = key.substring(0, key.indexOf(':'));
        assertEquals("universe.data_config." + field, e.field());
        assertEquals(lineOf(files, "universe.yaml", "    " + key), e.line());
        assertTrue(e.problem().startsWith("is not read by anything, remove it: "), e.getMessage());
      }
      ConfigException chains = failure(edit("universe.yaml", "  data_config:", "  data_config:\n    option_chains: true"));
      assertTrue(chains.problem().contains("dorado.market-data.chains.enabled"), chains.problem());
    }

    @Test
    void aTemplateKeyNothingReadsIsRefusedAtItsLineWithWhy() {
      // issue 23: legs/structure, the term structure and rolls are read by nothing
      var cases = new LinkedHashMap<String, String[]>();
      cases.put("legs", new String[] {"    timeframe: \"1d\"", "    timeframe: \"1d\"\n    legs: 4", "    legs: 4"});
      cases.put("structure", new String[] {"    timeframe: \"1d\"", "    timeframe: \"1d\"\n    structure:\n"
          + "      - { role: \"short_put\", position: \"sell\" }", "    structure:"});
      cases.put("volatility_requirements.term_structure", new String[] {"      vix_regime:\n        min: 14",
          "      term_structure:\n        max_contango_ratio: 1.05\n      vix_regime:\n        min: 14", "term_structure:"});
      cases.put("management.roll", new String[] {"      dte_exit: 14\n", "      dte_exit: 14\n      roll:\n"
          + "        enabled: false\n", "      roll:"});
      cases.forEach((field, e) -> {
        var files = edit("templates.yaml", e[0], e[1]);
        ConfigException x = failure(files);
        assertEquals("templates.iron_condor." + field, x.field(), x.getMessage());
        assertEquals(lineOf(files, "templates.yaml", e[2]), x.line(), x.getMessage());
        assertTrue(x.problem().startsWith("is not read by anything, remove it: "), x.getMessage());
      });
      // in a regime override too
      var files = edit("templates.yaml", "        management:\n          profit_target_pct: 65\n",
          "        management:\n          profit_target_pct: 65\n          roll:\n            enabled: false\n");
      ConfigException x = failure(files);
      assertEquals("templates.iron_condor.regime_overrides.risk_on.management.roll", x.field(), x.getMessage());
      assertEquals(lineOf(files, "templates.yaml", "          roll:"), x.line());
    }

    @Test
    void anExitActionThePositionManagerDoesNotDoIsRefusedAtItsLine() {
      // every exit closes the whole position or structure: close_tested_side would be a lie
      var files = edit("templates.yaml", "        action: \"close_full\"      # the whole structure",
          "        action: \"close_tested_side\"      # the whole structure");
      ConfigException x = failure(files);
      assertEquals("templates.yaml:" + lineOf(files, "templates.yaml", "close_tested_side")
          + ": templates.iron_condor.management.breach_action.action: 'close_tested_side' is not done by the position"
          + " manager: every exit closes the whole position or structure (use close_full)", x.getMessage());
      assertEquals(StrategyTemplate.ExitAction.CLOSE_FULL,
          FleetConfigLoader.loadDemo().templates().get("iron_condor").management().breachAction().action());
    }

    @Test
    void aRiskPolicySizingDefaultIsRefusedAtItsLine() {
      for (String key : List.of("default_method: \"adaptive_rules\"", "base_risk_pct: 2.0")) {
        var files = edit("risk-policy.yaml", "  circuit_breakers:\n", "  sizing:\n    " + key + "\n  circuit_breakers:\n");
        ConfigException x = failure(files);
        assertEquals("risk_policy.sizing." + key.substring(0, key.indexOf(':')), x.field(), x.getMessage());
        assertEquals(lineOf(files, "risk-policy.yaml", "    " + key), x.line());
        assertTrue(x.problem().contains("every bot names its own sizing"), x.getMessage());
      }
    }

    @Test
    void aLimitEntryRestsForItsEntryTimeoutOrFifteenMinutes() {
      FleetConfig config = FleetConfigLoader.loadDemo();
      var entry = config.templates().get("fx_momentum").entry();
      assertEquals(StrategyTemplate.EntryOrderType.LIMIT, entry.orderType());
      assertEquals(Duration.ofHours(2), entry.entryTimeout());
      var files = edit("templates.yaml",
          "      entry_timeout: \"PT2H\"       # ... for two hourly bars, then the bot cancels what is left\n", "");
      assertEquals(Duration.ofMinutes(15), load(files).templates().get("fx_momentum").entry().entryTimeout());
    }

    @Test
    void anEntryTimeoutOrOffsetOnAMarketEntryIsRefusedAtItsLine() {
      var timeout = edit("templates.yaml", "      order_type: \"market\"\n", "      order_type: \"market\"\n      entry_timeout: \"PT5M\"\n");
      ConfigException e = failure(timeout);
      assertEquals("templates.yaml:" + lineOf(timeout, "templates.yaml", "entry_timeout: \"PT5M\"")
          + ": templates.crypto_momentum.entry.entry_timeout: only a limit entry rests at the venue (order_type is market)",
          e.getMessage());
      var offset = edit("templates.yaml", "      order_type: \"market\"\n", "      order_type: \"market\"\n      entry_offset_atr: 0.2\n");
      e = failure(offset);
      assertEquals("templates.yaml:" + lineOf(offset, "templates.yaml", "entry_offset_atr: 0.2")
          + ": templates.crypto_momentum.entry.entry_offset_atr: only a limit entry is offset (order_type is market)",
          e.getMessage());
    }

    @Test
    void anOptionTemplatesLimitOrderTypeOrNonIvRankVolExitIsRefused() {
      var limit = edit("templates.yaml", "      dte_range: [30, 50]\n", "      dte_range: [30, 50]\n      order_type: \"limit\"\n");
      ConfigException e = failure(limit);
      assertEquals("templates.iron_condor.entry.order_type", e.field());
      var vol = edit("templates.yaml", "        trigger: \"iv_rank_spike\"", "        trigger: \"vol_zscore_above\"");
      e = failure(vol);
      assertEquals("templates.iron_condor.management.vol_exit", e.field());
      assertTrue(e.problem().contains("trigger must be iv_rank_spike"), e.problem());
    }

    @Test
    void aDataSourceForAnUnderlyingOutsideTheUniverseIsRefused() {
      var files = edit("universe.yaml", "      ETH:                        # 580", "      SOL:                        # 580");
      ConfigException e = failure(files);
      assertEquals("universe.yaml:" + lineOf(files, "universe.yaml", "SOL:")
          + ": universe.data_config.sources.SOL: no underlying SOL in universe demo (it has: AAPL, BTC, ETH)", e.getMessage());
    }

    @Test
    void aRiskPolicyOutOfRangeIsReportedAtItsField() {
      var files = edit("risk-policy.yaml", "    max_heat_pct: 30", "    max_heat_pct: 300");
      ConfigException e = failure(files);
      assertEquals("risk-policy.yaml:" + lineOf(files, "risk-policy.yaml", "max_heat_pct: 300")
          + ": risk_policy.portfolio.max_heat_pct: must be within (0, 100], was 300", e.getMessage());
    }

    @Test
    void aBotThrottleOutOfRangeIsReportedAtItsField() {
      var files = edit("risk-policy.yaml", "      max_requests: 20", "      max_requests: 5000");
      ConfigException e = failure(files);
      assertEquals("risk-policy.yaml:" + lineOf(files, "risk-policy.yaml", "max_requests: 5000")
          + ": risk_policy.orders.bot_throttle.max_requests: must be within [0, 1000] (0 = off), was 5000", e.getMessage());
      String typo = failure(edit("risk-policy.yaml", "      max_requests: 20", "      max_request: 20")).getMessage();
      assertTrue(typo.contains("risk_policy.orders.bot_throttle.max_request: unknown field (known: "
          + "max_requests, max_round_trips, reentry_cooldown, round_trip_window, window)"), typo);
    }

    @Test
    void theBreakerResetAndTheRegimeAdjustmentParseFromTheCircuitBreakers() {
      var defaults = FleetConfigLoader.loadDemo().riskPolicy().circuitBreakers();
      assertEquals(RiskPolicy.BreakerReset.MANUAL, defaults.breakerReset(), "absent: an operator resumes");
      assertEquals(List.of("crisis"), defaults.volRegimeAdjustment().haltRegimes());
      var files = edit("risk-policy.yaml", "    drawdown_halt_pct: 10.0", "    drawdown_halt_pct: 10.0\n"
          + "    breaker_reset: utc_midnight\n    vol_regime_adjustment:\n      high_vol_sizing_multiplier: 0.25\n"
          + "      high_vol_regimes: [risk_off, transition]\n      max_age: \"PT2H\"");
      var cb = load(files).riskPolicy().circuitBreakers();
      assertEquals(RiskPolicy.BreakerReset.UTC_MIDNIGHT, cb.breakerReset());
      assertEquals(0, new BigDecimal("0.25").compareTo(cb.volRegimeAdjustment().highVolSizingMultiplier()));
      assertEquals(List.of("risk_off", "transition"), cb.volRegimeAdjustment().highVolRegimes());
      assertEquals(Duration.ofHours(2), cb.volRegimeAdjustment().maxAge());
      var typo = failure(edit("risk-policy.yaml", "    drawdown_halt_pct: 10.0",
          "    drawdown_halt_pct: 10.0\n    breaker_reset: session")).getMessage();
      assertTrue(typo.contains("breaker_reset"), typo);
    }

    @Test
    void theFleetWideSwitchParsesWithThePerAccountPercentageUnlessItNamesItsOwn() {
      assertFalse(FleetConfigLoader.loadDemo().riskPolicy().fleetWide().any(), "the demo switches nothing on");
      var files = edit("risk-policy.yaml", "    heat: false", "    heat: true\n    max_heat_pct: 25");
      files.put("risk-policy.yaml", files.get("risk-policy.yaml").replace("daily_loss: false", "daily_loss: true"));
      var fleetWide = load(files).riskPolicy().fleetWide();
      assertTrue(fleetWide.heat() && fleetWide.dailyLoss() && !fleetWide.weeklyLoss(), fleetWide.toString());
      assertEquals(0, new BigDecimal("25").compareTo(fleetWide.maxHeatPct()), fleetWide.toString());
      assertEquals(0, new BigDecimal("2.0").compareTo(fleetWide.dailyLossHaltPct()), "the per-account 2 %: " + fleetWide);
    }

    @Test
    void aFleetWideTypoOrAPercentageWithoutItsSwitchIsReportedAtItsField() {
      var files = edit("risk-policy.yaml", "    daily_loss: false", "    daily_los: true");
      ConfigException typo = failure(files);
      assertEquals("risk-policy.yaml:" + lineOf(files, "risk-policy.yaml", "daily_los: true")
          + ": risk_policy.fleet_wide.daily_los: unknown field (known: daily_loss, daily_loss_halt_pct, heat,"
          + " max_heat_pct, weekly_loss, weekly_loss_halt_pct)", typo.getMessage());
      var orphan = edit("risk-policy.yaml", "    heat: false", "    heat: false\n    max_heat_pct: 25");
      ConfigException e = failure(orphan);
      assertEquals("risk-policy.yaml:" + lineOf(orphan, "risk-policy.yaml", "max_heat_pct: 25")
          + ": risk_policy.fleet_wide.max_heat_pct: is set but fleet_wide.heat is not true: switch the limit on or"
          + " remove the percentage", e.getMessage());
    }

    @Test
    void aLadderCriterionOutOfRangeIsReportedAtItsField() {
      var files = edit("ladder.yaml", "    min_win_rate_pct: 40", "    min_win_rate_pct: 140");
      ConfigException e = failure(files);
      assertEquals("ladder.yaml:" + lineOf(files, "ladder.yaml", "min_win_rate_pct: 140")
          + ": ladder.to_canary.min_win_rate_pct: must be in [0, 100], was 140", e.getMessage());
    }

    @Test
    void aScoringWeightForAnUnknownFeatureListsTheKnownOnes() {
      var files = edit("scoring.yaml", "    dte_preference: 0.15", "    gut_feel: 0.15");
      ConfigException e = failure(files);
      assertEquals(lineOf(files, "scoring.yaml", "gut_feel"), e.line());
      assertTrue(e.getMessage().contains("scoring.weights"), e.getMessage());
    }

    @Test
    void brokenYamlIsReportedAtItsLine() {
      var files = edit("universe.yaml", "  id: \"demo\"", "  id: [\"demo\"");
      ConfigException e = failure(files);
      assertEquals("universe.yaml", e.file());
      assertTrue(e.line() > 0);
      assertTrue(e.problem().startsWith("not valid YAML"), e.problem());
    }

    @Test
    void aMissingRequiredFileIsNamed() {
      Map<String, String> files = demo();
      files.remove("bots.yaml");
      assertEquals("bots.yaml: file is missing", failure(files).getMessage());
    }
  }

  /**
   * The demo documents one bot per real venue, off until its account has credentials: lines starting "#~ " in
   * universe.yaml and bots.yaml, and the accounts in venues.conf.example. Uncommented, they must load as written.
   */
  @Nested
  class RealVenues {
    private static final Map<String, String> ENV = Map.of("BINANCE_TESTNET_API_KEY", "k1", "BINANCE_TESTNET_SECRET",
        "s1", "KRAKEN_API_KEY", "k2", "KRAKEN_API_SECRET", "a3Jha2VuLXNlY3JldA==", "ALPACA_PAPER_KEY_ID", "k3",
        "ALPACA_PAPER_SECRET_KEY", "s3", "OANDA_PRACTICE_ACCOUNT_ID", "101-004-1234567-001", "OANDA_PRACTICE_TOKEN", "t4");

    private Map<String, String> uncommented() {
      Map<String, String> files = demo();
      for (String name : List.of(FleetConfigLoader.UNIVERSE, FleetConfigLoader.BOTS)) {
        assertTrue(files.get(name).contains("\n#~ "), name + " documents the real-venue lines");
        files.put(name, files.get(name).replace("\n#~ ", "\n"));
      }
      return files;
    }

    private static com.typesafe.config.Config venuesExample() {
      try (InputStream in = FleetConfigLoaderTest.class.getClassLoader().getResourceAsStream("demo/venues.conf.example")) {
        return com.typesafe.config.ConfigFactory.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("venues.conf"))
            .resolveWith(com.typesafe.config.ConfigFactory.parseMap(Map.of("IBKR_PAPER_ACCOUNT", "DU1234567")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Test
    void theCommentedBotsLoadOnTheAccountsOfTheExampleOnePerRealVenue() {
      var venues = venuesExample();
      var plain = load(uncommented());
      var accounts = io.dorado.cluster.venues.VenueAdapters.standard(venues).accounts(venues, List.of(),
          List.of(plain.universe()), true, ENV::get);
      var served = accounts.servedModes();
      FleetConfig config = FleetConfigLoader.load(name -> Optional.ofNullable(uncommented().get(name)),
          id -> served.getOrDefault(id, java.util.Set.of(io.dorado.protocol.market.VenueMode.PAPER)));

      var expected = Map.of("sol-mr-binance", "binance", "xrp-mom-kraken", "kraken", "ltc-mr-alpaca", "alpaca",
          "eur-fx-oanda", "oanda", "spy-ic-ibkr", "ibkr");
      assertEquals(9, config.bots().size(), "the four demo bots and one per real venue");
      for (var bot : config.bots()) {
        String kind = expected.get(bot.id());
        if (kind == null) continue;
        String venue = config.universe().find(bot.underlying()).orElseThrow().venue();
        var adapter = accounts.adapter(venue);
        try {
          assertEquals(kind, adapter.info().kind(), bot.id());
          assertEquals(bot.venueMode(), adapter.info().mode(), bot.id() + " asks the mode its account serves");
        } finally {
          adapter.close();
        }
        assertTrue(config.dataConfig().sources().containsKey(bot.underlying()), bot.id() + " has live prices");
      }
      assertEquals(4, FleetConfigLoader.loadDemo().bots().size(), "commented out, none of them runs in the demo");
    }
  }

  @Nested
  class VenueModes {
    /** The venue accounts of a node with no venue configuration: every venue is the paper venue. */
    private final java.util.function.Function<String, java.util.Set<io.dorado.protocol.market.VenueMode>> paperOnly =
        id -> java.util.Set.of(io.dorado.protocol.market.VenueMode.PAPER, io.dorado.protocol.market.VenueMode.SIMULATION);

    @Test
    void aLiveBotOnThePaperVenueIsAConfigErrorNamingTheFileLineAndField() {
      var files = edit("bots.yaml", "\"btc-mom-01\"\n    universe: \"demo\"\n    underlying: \"BTC\"\n    venue_mode: \"paper\"",
          "\"btc-mom-01\"\n    universe: \"demo\"\n    underlying: \"BTC\"\n    venue_mode: \"live\"");
      ConfigException e = assertThrows(ConfigException.class,
          () -> FleetConfigLoader.load(name -> Optional.ofNullable(files.get(name)), paperOnly));
      assertEquals("bots.yaml:" + lineOf(files, "bots.yaml", "venue_mode: \"live\"") + ": bots[0].venue_mode: venue"
          + " 'paper' cannot serve live (it serves [paper, simulation]; see dorado.venues.accounts.paper.mode)",
          e.getMessage());
      // Unchecked (no venue accounts given), the loader leaves it to the fleet supervisor as before.
      assertEquals(io.dorado.protocol.market.VenueMode.LIVE, load(files).bots().get(0).venueMode());
    }

    @Test
    void brokerPaperIsReadAndTheDemoPassesThePaperCheck() {
      var files = edit("bots.yaml", "\"btc-mom-01\"\n    universe: \"demo\"\n    underlying: \"BTC\"\n    venue_mode: \"paper\"",
          "\"btc-mom-01\"\n    universe: \"demo\"\n    underlying: \"BTC\"\n    venue_mode: \"broker_paper\"");
      assertEquals(io.dorado.protocol.market.VenueMode.BROKER_PAPER, load(files).bots().get(0).venueMode());
      assertEquals(4, FleetConfigLoader.loadDemo(paperOnly).bots().size());
    }

    @Test
    void anUnderlyingNamesItsVenueSymbolInTheUniverse() {
      var files = edit("universe.yaml", "    - symbol: \"BTC\"\n", "    - symbol: \"BTC\"\n      venue_symbol: \"BTCUSDT\"\n");
      var btc = load(files).universe().find("BTC").orElseThrow();
      assertEquals("BTCUSDT", btc.venueSymbol());
      assertEquals("ETH", load(demo()).universe().find("ETH").orElseThrow().venueSymbol());
    }
  }
}
