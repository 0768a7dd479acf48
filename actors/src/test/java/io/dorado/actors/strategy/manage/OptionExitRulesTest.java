package io.dorado.actors.strategy.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.StructurePosition;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.StrategyTemplate.ExitAction;
import io.dorado.protocol.strategy.StrategyTemplate.ExitRule;
import io.dorado.protocol.strategy.StrategyTemplate.ExitTrigger;
import io.dorado.protocol.strategy.StrategyTemplate.Management;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The iron condor's management rules: DTE, short strike tested, stop loss and take profit on the credit. */
class OptionExitRulesTest {
  private static final LocalDate EXPIRY = LocalDate.of(2013, 6, 21);
  private static final Instant OPENED = Instant.parse("2013-05-01T20:00:00Z"); // 51 days to expiry
  private static final double VOL = 0.25;
  /** The demo template's rules: 50% profit, 200% stop, 14 DTE, short strike tested. */
  private static final Management RULES = new Management(50.0, 200.0, 14,
      new ExitRule(ExitTrigger.SHORT_STRIKE_TESTED, null, ExitAction.CLOSE_TESTED_SIDE), null, null, null, null, null,
      null, null);

  private static String option(OptionSymbol.Right right, String strike) {
    return OptionSymbol.of("AAPL", EXPIRY, right, new BigDecimal(strike)).occ();
  }

  private static final List<OrderLeg> LEGS = List.of(
      new OrderLeg(option(OptionSymbol.Right.PUT, "400"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.PUT, "390"), Side.BUY, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "460"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "470"), Side.BUY, 1));

  /** One condor opened with AAPL at 430, filled at its synthetic prices (what the paper venue does). */
  private static StructurePosition condor() {
    var id = ClientOrderId.of("ic", 1);
    Order entry = Order.combo(id, "paper", "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("0.50"), LEGS, false);
    StructurePosition s = StructurePosition.opening(entry, new BigDecimal("900"), null);
    var inputs = new io.dorado.protocol.venue.Venue.OptionInputs("AAPL", VOL, OPENED);
    for (OrderLeg leg : LEGS) {
      BigDecimal price = io.dorado.actors.orderpath.venue.SyntheticOptionPrices.price(OptionSymbol.parse(leg.symbol()).orElseThrow(),
          430, inputs).setScale(2, java.math.RoundingMode.HALF_UP);
      s = s.apply(new Fill(leg.symbol(), id, leg.symbol(), leg.side(), new BigDecimal("100"), price, BigDecimal.ZERO, OPENED));
    }
    return s;
  }

  private static Bar bar(Instant end, String close) {
    BigDecimal c = new BigDecimal(close);
    return new Bar("AAPL", end, Duration.ofDays(1), c, c, c, c, null);
  }

  @Test
  void anIvRankSpikeAboveTheTemplatesThresholdClosesTheStructure() {
    var rules = new Management(null, null, null, null, new ExitRule(ExitTrigger.IV_RANK_SPIKE, 70.0, ExitAction.CLOSE_FULL),
        null, null, null, null, null, null);
    Bar day = bar(OPENED.plus(Duration.ofDays(1)), "430");
    var calendar = io.dorado.protocol.market.TradingCalendars.US_OPTIONS;
    assertEquals(Optional.empty(), OptionExitRules.onBar(condor(), day, rules, VOL, 65, true, calendar));
    assertEquals(Optional.empty(), OptionExitRules.onBar(condor(), day, rules, VOL, Double.NaN, true, calendar),
        "an unknown IV rank waits");
    assertEquals(Optional.of("IV rank spike: IV rank 74 > 70 (IV rank from realized volatility: no implied-vol history)"),
        OptionExitRules.onBar(condor(), day, rules, VOL, 74, true, calendar));
  }

  @Test
  void nothingFiresTheDayAfterEntryWithTheUnderlyingUnmoved() {
    var s = condor();
    assertTrue(s.filledCredit().signum() > 0, "a credit was taken: " + s.filledCredit());
    assertEquals(Optional.empty(), OptionExitRules.onBar(s, bar(OPENED.plus(Duration.ofDays(1)), "430"), RULES, VOL));
  }

  /** A condor of {@code expiry} options, opened at {@code opened}. */
  private static StructurePosition condorExpiring(LocalDate expiry, Instant opened) {
    var id = ClientOrderId.of("ic", 2);
    List<OrderLeg> legs = List.of(
        new OrderLeg(OptionSymbol.of("AAPL", expiry, OptionSymbol.Right.PUT, new BigDecimal("400")).occ(), Side.SELL, 1),
        new OrderLeg(OptionSymbol.of("AAPL", expiry, OptionSymbol.Right.PUT, new BigDecimal("390")).occ(), Side.BUY, 1),
        new OrderLeg(OptionSymbol.of("AAPL", expiry, OptionSymbol.Right.CALL, new BigDecimal("460")).occ(), Side.SELL, 1),
        new OrderLeg(OptionSymbol.of("AAPL", expiry, OptionSymbol.Right.CALL, new BigDecimal("470")).occ(), Side.BUY, 1));
    Order entry = Order.combo(id, "paper", "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("0.50"), legs, false);
    StructurePosition s = StructurePosition.opening(entry, new BigDecimal("900"), null);
    for (OrderLeg leg : legs) {
      s = s.apply(new Fill(leg.symbol(), id, leg.symbol(), leg.side(), new BigDecimal("100"), new BigDecimal("1.00"),
          BigDecimal.ZERO, opened));
    }
    return s;
  }

  private static Instant newYork(String local) {
    return java.time.LocalDateTime.parse(local).atZone(io.dorado.protocol.market.TradingCalendars.NEW_YORK).toInstant();
  }

  @Test
  void anExpiryOnGoodFridayCountsToTheThursdayTheOptionsReallyExpire() {
    // listed for Friday 2026-04-03, Good Friday: the exchange is closed, the options expire on Thursday 04-02
    var s = condorExpiring(LocalDate.of(2026, 4, 3), newYork("2026-02-20T16:00:00"));
    var dte21 = new Management(null, null, 21, null, null, null, null, null, null, null, null);
    assertEquals(Optional.of("DTE exit: 21 days to expiry (2026-04-03 is Good Friday: the options expire on 2026-04-02)"
        + " <= 21"), OptionExitRules.onBar(s, bar(newYork("2026-03-12T16:00:00"), "430"), dte21, Double.NaN));
    assertEquals(Optional.empty(), OptionExitRules.onBar(s, bar(newYork("2026-03-11T16:00:00"), "430"), dte21, Double.NaN),
        "22 calendar days to the Thursday: not yet");
  }

  @Test
  void daysToExpiryCountFromTheMarketsDateNotTheUtcDate() {
    // a bar closing at 21:00 New York on Wednesday 2026-03-11 is already Thursday in UTC: still 22 days, not 21
    var s = condorExpiring(LocalDate.of(2026, 4, 3), newYork("2026-02-20T16:00:00"));
    var dte21 = new Management(null, null, 21, null, null, null, null, null, null, null, null);
    assertEquals(Optional.empty(), OptionExitRules.onBar(s, bar(newYork("2026-03-11T21:00:00"), "430"), dte21, Double.NaN));
    assertEquals(22, OptionExitRules.daysToExpiry(newYork("2026-03-11T21:00:00"), LocalDate.of(2026, 4, 3),
        io.dorado.protocol.market.TradingCalendars.US_OPTIONS));
    // a weekend and a holiday in between still count: DTE is calendar days (time decay does not stop)
    assertEquals(6, OptionExitRules.daysToExpiry(newYork("2026-12-18T16:00:00"), LocalDate.of(2026, 12, 25),
        io.dorado.protocol.market.TradingCalendars.US_OPTIONS), "a Christmas expiry expires on the 24th, 6 days on");
  }

  @Test
  void anExitFiresOnAClosedMarketDayToo() {
    // Saturday 2026-03-14 and Good Friday itself: the calendar never holds an exit back (the venue decides when it fills)
    var s = condorExpiring(LocalDate.of(2026, 5, 15), newYork("2026-02-20T16:00:00"));
    assertEquals(Optional.of("short put 400 tested (close 399)"),
        OptionExitRules.onBar(s, bar(newYork("2026-03-14T12:00:00"), "399"), RULES, Double.NaN));
    assertEquals(Optional.of("short call 460 tested (close 461)"),
        OptionExitRules.onBar(s, bar(newYork("2026-04-03T12:00:00"), "461"), RULES, Double.NaN));
  }

  @Test
  void theStructureIsClosedAtTheTemplatesDaysToExpiryInMarketTime() {
    var exit = OptionExitRules.onBar(condor(), bar(Instant.parse("2013-06-07T20:00:00Z"), "430"), RULES, VOL);
    assertEquals(Optional.of("DTE exit: 14 days to expiry <= 14"), exit);
    assertEquals(Optional.empty(), OptionExitRules.onBar(condor(), bar(Instant.parse("2013-06-06T20:00:00Z"), "430"), RULES, Double.NaN),
        "15 days: not yet (and without a volatility only DTE and breach are judged)");
  }

  @Test
  void aCloseAtOrBeyondAShortStrikeClosesTheStructure() {
    Instant next = OPENED.plus(Duration.ofDays(2));
    assertEquals(Optional.of("short put 400 tested (close 399.5)"), OptionExitRules.onBar(condor(), bar(next, "399.5"), RULES, VOL));
    assertEquals(Optional.of("short call 460 tested (close 460)"), OptionExitRules.onBar(condor(), bar(next, "460"), RULES, VOL));
  }

  @Test
  void halfTheCreditCapturedTakesProfit() {
    // six weeks of time decay with AAPL unmoved at 430: the condor is worth much less than its credit
    var noDte = new Management(50.0, 200.0, null, null, null, null, null, null, null, null, null);
    var s = condor();
    Bar later = bar(Instant.parse("2013-06-12T20:00:00Z"), "430");
    double cost = OptionExitRules.costToClose(s, later, VOL).doubleValue();
    assertTrue(cost < s.filledCredit().doubleValue() / 2, "cost " + cost + " vs credit " + s.filledCredit());
    String exit = OptionExitRules.onBar(s, later, noDte, VOL).orElseThrow();
    assertTrue(exit.startsWith("take profit: "), exit);
    // a day after entry, time has not done its work yet
    double early = OptionExitRules.costToClose(s, bar(OPENED.plus(Duration.ofDays(1)), "430"), VOL).doubleValue();
    assertTrue(early > s.filledCredit().doubleValue() / 2, "early cost " + early);
  }

  @Test
  void aLossOfTheStopPercentageOfTheCreditStopsTheStructureOut() {
    // no breach or DTE rule, a 120% stop: AAPL far through the call wing at 500 with 11 days left, the call
    // spread near its full 10 width against a credit of about 3.8
    var noBreach = new Management(50.0, 120.0, null, null, null, null, null, null, null, null, null);
    String exit = OptionExitRules.onBar(condor(), bar(Instant.parse("2013-06-10T20:00:00Z"), "500"), noBreach, VOL).orElseThrow();
    assertTrue(exit.startsWith("stop loss: "), exit);
    assertEquals(Optional.empty(), OptionExitRules.onBar(condor(), bar(OPENED.plus(Duration.ofDays(2)), "440"), noBreach, VOL),
        "a move inside the short strikes is no loss of that size");
  }
}
