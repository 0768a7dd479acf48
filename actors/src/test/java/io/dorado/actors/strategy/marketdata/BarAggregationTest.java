package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.Bar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A template's timeframe is built from its underlying's finer bars, exactly (OHLCV), aligned to the epoch. */
class BarAggregationTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static Bar minute(int i, String open, String high, String low, String close, String volume) {
    return new Bar("BTC", T0.plusSeconds(60L * (i + 1)), Duration.ofMinutes(1), new BigDecimal(open), new BigDecimal(high),
        new BigDecimal(low), new BigDecimal(close), new BigDecimal(volume));
  }

  /** Real one-minute bars: the Bitstamp BTC/USD trades of the ta4j history (2013-11-25..12-01) built into minutes. */
  private static List<Bar> bitstampMinutes() {
    return TradeBars.aggregate(Ta4jHistory.bitstampTrades(), "BTC", Duration.ofMinutes(1));
  }

  @Test
  void fiveOneMinuteBarsMakeOneFiveMinuteBarWithTheFirstOpenTheExtremesTheLastCloseAndTheVolumesSummed() {
    var minutes = List.of(
        minute(0, "100.00", "101.50", "99.80", "101.00", "1.5"),
        minute(1, "101.00", "103.25", "100.90", "102.75", "0.25"),
        minute(2, "102.75", "102.80", "98.10", "98.40", "3"),
        minute(3, "98.40", "99.00", "97.95", "98.90", "0.125"),
        minute(4, "98.90", "100.10", "98.50", "99.95", "2"),
        minute(5, "99.95", "100.00", "99.00", "99.10", "1")); // opens the next five minutes: not closed yet
    List<Bar> five = BarAggregation.aggregate(minutes, "BTC", Duration.ofMinutes(5));
    assertEquals(List.of(new Bar("BTC", T0.plusSeconds(300), Duration.ofMinutes(5), new BigDecimal("100.00"),
        new BigDecimal("103.25"), new BigDecimal("97.95"), new BigDecimal("99.95"), new BigDecimal("6.875"))), five);
  }

  @Test
  void realMinuteBarsBuiltIntoFiveMinuteAndHourBarsAreTheBarsBuiltFromTheTradesThemselves() {
    // The Bitstamp trades built straight into 5m and 1h bars are the truth; the 1m bars built into them must agree.
    List<Bar> minutes = bitstampMinutes();
    for (Duration tf : List.of(Duration.ofMinutes(5), Duration.ofHours(1))) {
      List<Bar> fromTrades = TradeBars.aggregate(Ta4jHistory.bitstampTrades(), "BTC", tf);
      List<Bar> fromMinutes = BarAggregation.aggregate(minutes, "BTC", tf);
      // the first period is dropped when the history starts inside it; the last when its last minute has no trade yet
      List<Bar> expected = fromTrades.stream()
          .filter(b -> !b.start().isBefore(minutes.get(0).start()) && !b.end().isAfter(minutes.get(minutes.size() - 1).end()))
          .filter(b -> b.start().getEpochSecond() % tf.getSeconds() == 0).toList();
      assertTrue(fromMinutes.size() > 100, tf + ": " + fromMinutes.size() + " bars");
      assertEquals(expected.size(), fromMinutes.size(), tf.toString());
      for (int i = 0; i < expected.size(); i++) {
        Bar e = expected.get(i);
        Bar a = fromMinutes.get(i);
        assertEquals(e.end(), a.end());
        assertEquals(tf, a.period());
        assertEquals(0, e.open().compareTo(a.open()), e + " vs " + a);
        assertEquals(0, e.high().compareTo(a.high()), e + " vs " + a);
        assertEquals(0, e.low().compareTo(a.low()), e + " vs " + a);
        assertEquals(0, e.close().compareTo(a.close()), e + " vs " + a);
        assertEquals(0, e.volume().compareTo(a.volume()), e + " vs " + a);
      }
      System.out.println("aggregation " + tf + ": " + minutes.size() + " 1m bars -> " + fromMinutes.size()
          + " bars, equal to the bars built from the trades");
    }
  }

  @Test
  void aPeriodWhoseLastMinuteHadNoTradeClosesWithTheFirstBarOfTheNext() {
    var agg = new BarAggregation("BTC", Duration.ofMinutes(5));
    var out = new ArrayList<Bar>();
    for (int i : new int[] {0, 1, 2, 3}) agg.add(minute(i, "100", "101", "99", "100", "1")).ifPresent(out::addAll);
    assertEquals(List.of(), out, "no bar before the period is known to be over");
    agg.add(minute(6, "100", "105", "99", "104", "1")).ifPresent(out::addAll); // 10:06-10:07: the next period
    assertEquals(1, out.size());
    assertEquals(T0.plusSeconds(300), out.get(0).end());
    assertEquals(0, new BigDecimal("4").compareTo(out.get(0).volume()));
  }

  @Test
  void aRunThatStartsInsideAPeriodDropsThatPartOfIt() {
    var agg = new BarAggregation("BTC", Duration.ofMinutes(5));
    var out = new ArrayList<Bar>();
    for (int i = 2; i < 10; i++) agg.add(minute(i, "100", "101", "99", "100", "1")).ifPresent(out::addAll);
    assertEquals(1, out.size(), "10:02-10:05 is only part of its five minutes: no bar for it");
    assertEquals(T0.plusSeconds(600), out.get(0).end());
  }

  @Test
  void aBarLongerThanTheTimeframeIsRefused() {
    var agg = new BarAggregation("BTC", Duration.ofMinutes(5));
    var tenMinutes = new Bar("BTC", T0.plusSeconds(600), Duration.ofMinutes(10), BigDecimal.TEN, BigDecimal.TEN,
        BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ONE);
    assertTrue(agg.add(tenMinutes).isEmpty());
  }
}
