package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live bar builder: OHLCV, closing on the clock, and the gap rule (a bar is from the stream or the history, once). */
class LiveBarsTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
  private static final Duration GRACE = Duration.ofMillis(500);

  private static Trade t(Instant at, String price, String amount) {
    return new Trade(at, new BigDecimal(price), new BigDecimal(amount));
  }

  private static Bar bar(Instant end, String o, String h, String l, String c, String v) {
    return new Bar("BTC", end, MINUTE, new BigDecimal(o), new BigDecimal(h), new BigDecimal(l), new BigDecimal(c),
        new BigDecimal(v));
  }

  /** Connected at T (a bar boundary) and the empty first gap back-filled: the stream owns bars from T+1m on. */
  private static LiveBars connectedAtBoundary() {
    var bars = new LiveBars("BTC", MINUTE);
    LiveBars.Gap gap = bars.connected(T.minusMillis(1));
    assertEquals(new LiveBars.Gap(T.minus(MINUTE), T), gap);
    assertEquals(List.of(), bars.backFilled(gap, List.of()));
    return bars;
  }

  @Test
  void streamTradesBecomeABarWithOpenHighLowCloseAndVolume() {
    var bars = connectedAtBoundary();
    bars.trade(t(T.plusSeconds(1), "100", "1"));
    bars.trade(t(T.plusSeconds(10), "105", "2"));
    bars.trade(t(T.plusSeconds(20), "98", "3"));
    bars.trade(t(T.plusSeconds(59), "101", "4"));
    List<Bar> closed = bars.trade(t(T.plusSeconds(61), "102", "1")); // the next bar's first trade closes it
    assertEquals(List.of(bar(T.plus(MINUTE), "100", "105", "98", "101", "10")), closed);
  }

  @Test
  void aBarClosesOnTheClockAtItsEndPlusGraceWithNoFurtherTrade() {
    var bars = connectedAtBoundary();
    bars.trade(t(T.plusSeconds(5), "100", "1"));
    assertEquals(List.of(), bars.tick(T.plus(MINUTE).plus(GRACE).minusMillis(1), GRACE));
    assertEquals(List.of(bar(T.plus(MINUTE), "100", "100", "100", "100", "1")), bars.tick(T.plus(MINUTE).plus(GRACE), GRACE));
    assertEquals(List.of(), bars.tick(T.plus(MINUTE).plus(GRACE), GRACE), "closed once");
  }

  @Test
  void theFirstBarOfAConnectionComesFromTheHistoryNotFromThePartOfItTheStreamSaw() {
    var bars = new LiveBars("BTC", MINUTE);
    LiveBars.Gap gap = bars.connected(T.plusSeconds(30)); // mid-bar: the stream missed its first half
    assertEquals(new LiveBars.Gap(T, T.plus(MINUTE)), gap);
    assertEquals(List.of(), bars.trade(t(T.plusSeconds(40), "999", "1")), "a gap trade is the history's");
    bars.trade(t(T.plus(MINUTE).plusSeconds(1), "101", "1"));
    assertEquals(List.of(), bars.tick(T.plus(MINUTE.multipliedBy(2)).plus(GRACE), GRACE), "waits for the back-fill");
    Bar history = bar(T.plus(MINUTE), "100", "102", "99", "100", "7");
    List<Bar> out = bars.backFilled(gap, List.of(history, bar(T.plus(MINUTE.multipliedBy(2)), "1", "1", "1", "1", "1")));
    assertEquals(List.of(history, bar(T.plus(MINUTE.multipliedBy(2)), "101", "101", "101", "101", "1")), out,
        "the history's bar inside the gap, then the stream's bar that waited (the history's later, open bar is ignored)");
    assertEquals(1, bars.lastBackFilled());
  }

  @Test
  void theStreamsPartOfAGapBarIsNeverPublishedEvenWhenTheHistoryHasNoBarForIt() {
    var bars = new LiveBars("BTC", MINUTE);
    LiveBars.Gap gap = bars.connected(T.plusSeconds(30));
    bars.trade(t(T.plusSeconds(40), "999", "1")); // the stream saw only this of the gap's bar
    bars.trade(t(T.plus(MINUTE).plusSeconds(1), "101", "1"));
    List<Bar> out = new ArrayList<>(bars.tick(T.plus(MINUTE.multipliedBy(2)).plus(GRACE), GRACE));
    out.addAll(bars.backFilled(gap, List.of())); // the venue's history has nothing for it (yet)
    assertEquals(List.of(bar(T.plus(MINUTE.multipliedBy(2)), "101", "101", "101", "101", "1")), out,
        "a bar built from part of its trades would be wrong: it is missing rather than wrong");
  }

  @Test
  void aDropMidBarThenAReconnectBackFillsTheGapWithNoBarMissingOrTwice() {
    var bars = connectedAtBoundary();
    var published = new ArrayList<Bar>();
    bars.trade(t(T.plusSeconds(10), "100", "1"));
    published.addAll(bars.tick(T.plus(MINUTE).plus(GRACE), GRACE)); // bar 1 from the stream
    bars.trade(t(T.plus(MINUTE).plusSeconds(10), "101", "1")); // bar 2 in progress...
    bars.disconnected(); // ...lost
    LiveBars.Gap gap = bars.connected(T.plus(MINUTE.multipliedBy(3)).plusSeconds(20)); // back in bar 4
    assertEquals(new LiveBars.Gap(T.plus(MINUTE), T.plus(MINUTE.multipliedBy(4))), gap);
    bars.trade(t(T.plus(MINUTE.multipliedBy(4)).plusSeconds(5), "110", "1")); // bar 5, from the stream
    published.addAll(bars.tick(T.plus(MINUTE.multipliedBy(5)).plus(GRACE), GRACE)); // waits
    List<Bar> history = List.of(
        bar(T.plus(MINUTE), "100", "100", "100", "100", "1"), // bar 1 again: already published
        bar(T.plus(MINUTE.multipliedBy(2)), "101", "103", "101", "102", "3"),
        bar(T.plus(MINUTE.multipliedBy(3)), "102", "102", "102", "102", "0"), // no trade: no bar
        bar(T.plus(MINUTE.multipliedBy(4)), "104", "109", "104", "109", "2"));
    published.addAll(bars.backFilled(gap, history));
    assertEquals(List.of(T.plus(MINUTE), T.plus(MINUTE.multipliedBy(2)), T.plus(MINUTE.multipliedBy(4)),
        T.plus(MINUTE.multipliedBy(5))), published.stream().map(Bar::end).toList());
    assertEquals(history.get(1), published.get(1));
    assertEquals(history.get(3), published.get(2));
    assertEquals(2, bars.lastBackFilled());
  }

  @Test
  void theFirstConnectionAlsoBackFillsItsWarmUpBarsSoIndicatorsHaveHistoryFromTheStart() {
    var bars = new LiveBars("BTC", MINUTE, 3);
    LiveBars.Gap gap = bars.connected(T.plusSeconds(30));
    assertEquals(new LiveBars.Gap(T.minus(MINUTE.multipliedBy(3)), T.plus(MINUTE)), gap);
    List<Bar> history = List.of(bar(T.minus(MINUTE.multipliedBy(2)), "1", "1", "1", "1", "1"),
        bar(T.minus(MINUTE), "2", "2", "2", "2", "1"), bar(T, "3", "3", "3", "3", "1"), bar(T.plus(MINUTE), "4", "4", "4", "4", "1"));
    assertEquals(history, bars.backFilled(gap, history));
    LiveBars.Gap next = bars.connected(T.plus(MINUTE.multipliedBy(5)).plusSeconds(1));
    assertEquals(T.plus(MINUTE), next.from(), "a reconnection's gap starts at the last bar published, not a warm-up back");
  }

  @Test
  void aSecondDropBeforeTheBackFillMergesBothGapsIntoOne() {
    var bars = connectedAtBoundary();
    bars.trade(t(T.plusSeconds(1), "100", "1"));
    bars.tick(T.plus(MINUTE).plus(GRACE), GRACE);
    LiveBars.Gap first = bars.connected(T.plus(MINUTE.multipliedBy(2)).plusSeconds(1));
    bars.disconnected();
    LiveBars.Gap merged = bars.connected(T.plus(MINUTE.multipliedBy(5)).plusSeconds(1));
    assertEquals(new LiveBars.Gap(T.plus(MINUTE), T.plus(MINUTE.multipliedBy(6))), merged);
    assertEquals(List.of(), bars.backFilled(first, List.of(bar(T.plus(MINUTE.multipliedBy(2)), "1", "1", "1", "1", "1"))),
        "the older back-fill answers a gap that no longer exists");
    assertTrue(bars.pending().isPresent());
  }

  @Test
  void aFailedBackFillGivesTheGapUpAndReleasesTheStreamBarsThatWaited() {
    var bars = new LiveBars("BTC", MINUTE);
    LiveBars.Gap gap = bars.connected(T.plusSeconds(30));
    bars.trade(t(T.plus(MINUTE).plusSeconds(1), "101", "1"));
    bars.tick(T.plus(MINUTE.multipliedBy(2)).plus(GRACE), GRACE);
    assertEquals(List.of(T.plus(MINUTE.multipliedBy(2))), bars.gaveUp(gap).stream().map(Bar::end).toList());
    assertEquals(1, bars.givenUp());
  }

  /** As {@link #connectedAtBoundary}, for a stream that proves it is alive (a ping answered). */
  private static LiveBars probedAtBoundary() {
    var bars = new LiveBars("BTC", MINUTE, 0, true);
    LiveBars.Gap gap = bars.connected(T.minusMillis(1));
    assertEquals(List.of(), bars.backFilled(gap, List.of()));
    return bars;
  }

  @Test
  void aDropNoticedAfterTheBarClosedOnTheClockLeavesThatBarToTheBackFillNotToThePartTheStreamSaw() {
    var bars = probedAtBoundary();
    bars.trade(t(T.plusSeconds(10), "100", "1"));
    bars.trade(t(T.plusSeconds(20), "101", "1")); // the stream dies at 0:30; the trades of 0:30..1:00 never arrive
    assertEquals(List.of(), bars.tick(T.plus(MINUTE).plus(GRACE), GRACE), "no sign of life after its end: it waits");
    assertTrue(bars.awaitingLife());
    bars.disconnected(); // the client notices the drop only now
    LiveBars.Gap gap = bars.connected(T.plus(MINUTE.multipliedBy(2)).plusSeconds(5));
    assertEquals(new LiveBars.Gap(T, T.plus(MINUTE.multipliedBy(3))), gap, "the gap starts before the unconfirmed bar");
    Bar whole = bar(T.plus(MINUTE), "100", "104", "99", "103", "6");
    assertEquals(List.of(whole), bars.backFilled(gap, List.of(whole)), "the bar comes whole, from the history");
  }

  @Test
  void aBarClosedOnTheClockGoesOutOnceTheStreamAnswersAPingSentAfterItsEndOrTradesALaterBar() {
    var bars = probedAtBoundary();
    bars.trade(t(T.plusSeconds(10), "100", "1"));
    assertEquals(List.of(), bars.tick(T.plus(MINUTE).plus(GRACE), GRACE));
    assertEquals(List.of(), bars.alive(T.plusSeconds(59)), "a ping sent before its end proves nothing about its end");
    assertEquals(List.of(), bars.trade(t(T.plusSeconds(59), "999", "1")), "a late trade of a closed bar is dropped");
    assertEquals(List.of(bar(T.plus(MINUTE), "100", "100", "100", "100", "1")), bars.alive(T.plus(MINUTE).plus(GRACE)));
    assertEquals(1, bars.lateTrades());
    bars.trade(t(T.plus(MINUTE).plusSeconds(3), "101", "2"));
    assertEquals(List.of(), bars.tick(T.plus(MINUTE.multipliedBy(2)).plus(GRACE), GRACE));
    assertEquals(List.of(bar(T.plus(MINUTE.multipliedBy(2)), "101", "101", "101", "101", "2")),
        bars.trade(t(T.plus(MINUTE.multipliedBy(3)).plusSeconds(1), "102", "1")), "a later bar's trade is a sign of life");
  }
}
