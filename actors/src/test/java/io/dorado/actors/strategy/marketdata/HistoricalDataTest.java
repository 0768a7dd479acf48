package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real histories of ta4j-examples 0.18, trade aggregation and CSV import. */
class HistoricalDataTest {

  @Test
  void aaplDaily2013HasItsTradingDaysInOrder() {
    List<Bar> bars = Ta4jHistory.aaplDaily("AAPL");
    assertEquals(252, bars.size());
    Bar first = bars.get(0);
    assertEquals(Instant.parse("2013-01-03T00:00:00Z"), first.end()); // the bar of 2013-01-02
    assertEquals(Duration.ofDays(1), first.period());
    assertEquals(0, new BigDecimal("549.03").compareTo(first.close()));
    assertEquals(0, new BigDecimal("20018500").compareTo(first.volume()));
    assertIncreasing(bars);
  }

  @Test
  void bitstampTradesAggregateIntoBarsThatKeepEveryTrade() {
    List<Trade> trades = Ta4jHistory.bitstampTrades();
    assertEquals(100_000, trades.size()); // STACK.md says 99,999: the file has 100,000 rows after its header
    List<Bar> bars = TradeBars.aggregate(trades, "BTC", Duration.ofMinutes(15));
    BigDecimal traded = trades.stream().map(Trade::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal inBars = bars.stream().map(Bar::volume).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, traded.compareTo(inBars));
    assertEquals(0, new BigDecimal("800.01").compareTo(bars.get(0).open()));
    assertEquals(trades.get(trades.size() - 1).price(), bars.get(bars.size() - 1).close());
    assertTrue(bars.size() > 400 && bars.size() <= 7 * 96, "about a week of 15-minute bars, was " + bars.size());
    assertIncreasing(bars);
    System.out.printf("Bitstamp: %d trades -> %d 15-minute bars, %s .. %s%n", trades.size(), bars.size(),
        bars.get(0).start(), bars.get(bars.size() - 1).end());
  }

  @Test
  void tradesAggregateIntoOpenHighLowCloseVolume() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<Trade> trades = List.of(
        new Trade(t0.plusSeconds(5), new BigDecimal("10"), new BigDecimal("1")),
        new Trade(t0.plusSeconds(20), new BigDecimal("12"), new BigDecimal("2")),
        new Trade(t0.plusSeconds(50), new BigDecimal("9"), new BigDecimal("1")),
        new Trade(t0.plusSeconds(59), new BigDecimal("11"), new BigDecimal("0.5")),
        new Trade(t0.plusSeconds(200), new BigDecimal("13"), new BigDecimal("1")));
    List<Bar> bars = TradeBars.aggregate(trades, "X", Duration.ofMinutes(1));
    assertEquals(2, bars.size()); // the empty minutes between have no bar
    Bar b = bars.get(0);
    assertEquals(List.of("10", "12", "9", "11", "4.5"), List.of(b.open().toPlainString(), b.high().toPlainString(),
        b.low().toPlainString(), b.close().toPlainString(), b.volume().toPlainString()));
    assertEquals(t0.plusSeconds(60), b.end());
    assertEquals(t0.plusSeconds(240), bars.get(1).end());
  }

  @Test
  void ethUsdFiveMinuteBars() {
    List<Bar> bars = Ta4jHistory.ethUsd5m("ETH");
    assertEquals(580, bars.size());
    assertEquals(Instant.ofEpochMilli(1678730700000L), bars.get(0).end());
    assertIncreasing(bars);
  }

  @Test
  void csvImportReadsAnyColumnOrderSeparatorAndTimeFormat() {
    String csv = """
        timestamp;close;open;high;low;volume
        1700000120;101;100;102;99;5
        1700000000;100;99;100.5;98;7
        1700000060;100.5;100;101;99.5;6
        """;
    List<Bar> bars = CsvBars.read(new StringReader(csv), "mine.csv", "XYZ", null);
    assertEquals(3, bars.size());
    assertEquals(Instant.ofEpochSecond(1700000000), bars.get(0).end()); // sorted
    assertEquals(Duration.ofMinutes(1), bars.get(0).period()); // the smallest gap
    assertEquals(0, new BigDecimal("99").compareTo(bars.get(0).open()));
  }

  @Test
  void csvImportNamesTheBadLine() {
    String csv = """
        date,open,high,low,close
        2024-01-02,10,11,9,10.5
        2024-01-03,10,eleven,9,10.5
        """;
    var e = assertThrows(IllegalArgumentException.class, () -> CsvBars.read(new StringReader(csv), "mine.csv", "X", null));
    assertEquals("mine.csv:3: not a number: 'eleven'", e.getMessage());
    String inverted = "date,open,high,low,close\n2024-01-02,10,9,11,10\n";
    var e2 = assertThrows(IllegalArgumentException.class, () -> CsvBars.read(new StringReader(inverted), "mine.csv", "X", null));
    assertTrue(e2.getMessage().startsWith("mine.csv:2: high 9 < low 11"), e2.getMessage());
  }

  private static void assertIncreasing(List<Bar> bars) {
    for (int i = 1; i < bars.size(); i++) {
      assertTrue(bars.get(i).end().isAfter(bars.get(i - 1).end()), "bar " + i + " is not after bar " + (i - 1));
    }
  }
}
