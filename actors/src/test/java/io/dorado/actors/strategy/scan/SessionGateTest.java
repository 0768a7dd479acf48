package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.TradingCalendars;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScoringWeights;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session gate: a live scan opens no position while the underlying's market is closed on its calendar, and says
 * when it opens again; a replay and a stored history are not judged on the node's clock; crypto never closes.
 */
class SessionGateTest {
  private static final Duration MAX_AGE = Duration.ofHours(26);
  /** 100 hourly bars climbing: the "anything" template builds a long candidate from them whenever it may. */
  private static final List<Bar> MSFT = ScanFixtures.bars("MSFT", ScanFixtures.climbing(100, 400, 1), 1);
  private static final List<Bar> BTC = ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 10);

  private static Instant ny(String local) {
    return LocalDateTime.parse(local).atZone(TradingCalendars.NEW_YORK).toInstant();
  }

  private static ScanPipeline.Output scan(String symbol, AssetClass cls, List<Bar> bars, Instant now, double speed) {
    var universe = new Universe("test", List.of(ScanFixtures.underlying(symbol, cls)));
    BotConfig bot = ScanFixtures.bot("b-" + symbol.toLowerCase(java.util.Locale.ROOT), symbol, "long", ScanFixtures.risk("1"), ApprovalMode.AUTO_EXECUTE);
    var fleet = new ScanPipeline.Fleet(universe, Map.of("long", ScanFixtures.anything(cls)), List.of(bot),
        RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    var equity = new BigDecimal("100000");
    var status = new RiskGuardian.GuardianStatus(TradingState.ACTIVE, false, "", equity, equity, BigDecimal.ZERO, Map.of(),
        0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    // the newest bar arrived a second ago: fresh at any speed, so only the session can hold the entry back
    return ScanPipeline.run(new ScanPipeline.Inputs("s", now, fleet, Map.of(symbol, bars), null, MAX_AGE, status,
        Map.of(), 30, 0, Map.of(symbol, new DataQuality.Arrival(now.minusSeconds(1), speed)), DataQuality.Limits.DEFAULT));
  }

  private static GateVerdict sessionVerdict(BotScan b) {
    GateVerdict last = b.gates().get(b.gates().size() - 1);
    assertEquals(Gate.SESSION, last.gate(), b.toString());
    return last;
  }

  @Test
  void anEntryAfterTheEarlyCloseOfTheDayAfterThanksgivingIsRefusedWithWhenTheMarketOpensAgain() {
    var out = scan("MSFT", AssetClass.EQUITY, MSFT, ny("2026-11-27T14:00:00"), 1);
    BotScan b = out.report().bots().get(0);
    assertEquals("session gate failed: MSFT: us-equities closed (after the close, day after Thanksgiving: early close "
        + "13:00); next session opens Mon 2026-11-30 09:30 America/New_York", b.skipped());
    assertFalse(sessionVerdict(b).passed());
    assertTrue(sessionVerdict(b).checks().get(0).endsWith("no new position outside the session"), b.toString());
    assertTrue(b.candidates().isEmpty());
    assertTrue(out.selected().isEmpty() && out.paper().isEmpty(), "nothing is sent, live or paper");
  }

  @Test
  void anEntryOnChristmasIsRefusedAndTheSameScanInTheSessionGoesThrough() {
    BotScan christmas = scan("MSFT", AssetClass.EQUITY, MSFT, ny("2026-12-25T11:00:00"), 1).report().bots().get(0);
    assertTrue(christmas.skipped().startsWith("session gate failed: MSFT: us-equities closed (Christmas Day)"),
        christmas.skipped());

    var open = scan("MSFT", AssetClass.EQUITY, MSFT, ny("2026-11-27T12:00:00"), 1);
    BotScan b = open.report().bots().get(0);
    assertTrue(sessionVerdict(b).passed(), b.toString());
    assertEquals("pass: MSFT: us-equities open until Fri 2026-11-27 13:00 America/New_York (day after Thanksgiving: "
        + "early close 13:00)", sessionVerdict(b).checks().get(0));
    assertEquals(1, b.candidates().size(), b.toString());
    assertEquals(1, open.selected().size());
  }

  @Test
  void aReplayIsNotJudgedOnTheNodesClock() {
    BotScan b = scan("MSFT", AssetClass.EQUITY, MSFT, ny("2026-12-25T11:00:00"), 86400).report().bots().get(0);
    GateVerdict session = sessionVerdict(b);
    assertTrue(session.passed());
    assertEquals("not evaluated: MSFT: replay at speed 86400, its session is not the node clock's; us-equities not judged",
        session.checks().get(0));
    assertEquals(1, b.candidates().size());
  }

  @Test
  void cryptoEntersOnASaturdayAndOnChristmas() {
    for (Instant t : new Instant[] {ny("2026-12-05T12:00:00"), ny("2026-12-25T03:00:00")}) {
      BotScan b = scan("BTC", AssetClass.CRYPTO, BTC, t, 1).report().bots().get(0);
      assertEquals("pass: BTC: crypto open (trades around the clock)", sessionVerdict(b).checks().get(0));
      assertEquals(1, b.candidates().size(), b.toString());
    }
  }
}
