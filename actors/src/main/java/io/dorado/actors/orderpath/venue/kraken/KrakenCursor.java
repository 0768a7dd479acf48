package io.dorado.actors.orderpath.venue.kraken;

import java.math.BigDecimal;
import java.time.Instant;
import org.knowm.xchange.kraken.dto.trade.KrakenTrade;

/**
 * The adapter's execution cursor: a Kraken trade's time (decimal seconds, as TradesHistory reports it) and its trade
 * id, written {@code <time>:<id>}, ordered by time then id, so trades sharing a timestamp are neither lost nor repeated.
 */
record KrakenCursor(BigDecimal time, String tradeId) implements Comparable<KrakenCursor> {

  record Keyed(KrakenCursor cursor, KrakenTrade trade) {}

  static KrakenCursor parse(String s) {
    int colon = s.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("kraken cursor must be <time>:<trade id>, was " + s);
    return new KrakenCursor(new BigDecimal(s.substring(0, colon)), s.substring(colon + 1));
  }

  static String of(Instant at, String tradeId) {
    BigDecimal seconds = BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9));
    return new KrakenCursor(seconds.stripTrailingZeros(), tradeId).toString();
  }

  /** The later of two cursors (either may be null). */
  static String max(String a, String b) {
    if (a == null) return b;
    if (b == null) return a;
    return parse(a).compareTo(parse(b)) >= 0 ? a : b;
  }

  @Override
  public int compareTo(KrakenCursor o) {
    int byTime = time.compareTo(o.time);
    return byTime != 0 ? byTime : tradeId.compareTo(o.tradeId);
  }

  @Override
  public String toString() {
    return time.toPlainString() + ":" + tradeId;
  }
}
