package io.dorado.actors.strategy.marketdata;

import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds a live trade stream into time bars aligned to the epoch (as {@link TradeBars}: a period with no trade has no
 * bar), and decides which bars come from the stream and which from the venue's REST history. Not thread-safe: one
 * actor owns it.
 *
 * <p><b>The gap rule.</b> A connection sees only part of the bar in progress when it opens, and a drop loses the rest
 * of the bar in progress and everything until the next connection. So on every (re)connection the bars from the end of
 * the last published bar (on the first connection: from {@code warmUp} bars before the bar in progress) up to the end
 * of the bar in progress at the connection are a <em>gap</em>: no stream trade before the gap's end is used; once the
 * gap's last bar has closed, the venue's REST history is asked for it, and only its closed bars inside the gap with
 * some volume are published. Stream bars that close meanwhile wait, so bars are published in order. A bar is
 * therefore built wholly from the stream or wholly from the history, never from both, and a bar whose end is not after
 * the last published one is never published (no duplicate). A gap is at most {@link #MAX_GAP_BARS} bars (the older
 * part is given up, and counted).
 *
 * <p><b>A drop noticed late.</b> A client may notice a drop only after the bar in progress has closed on the clock (a
 * silent socket is found out by unanswered pings): that bar holds only the trades before the drop. For a venue whose
 * stream can prove it is alive ({@code awaitLife}: a ping answered), a bar closed by the clock therefore waits for a sign
 * of life after its end ({@link #alive}: every message sent before then has arrived) or a trade of a later bar; a drop
 * first discards it, and the next connection's gap (from the last published bar) back-fills it from the history.
 */
public final class LiveBars {
  /** Longest gap back-filled, in bars (Binance answers at most 1000 klines per request). */
  public static final int MAX_GAP_BARS = 1000;

  /** A stretch of bars to fetch from the venue's REST history: bars starting at or after {@code from}, ending by {@code to}. */
  public record Gap(Instant from, Instant to) {}

  private final String symbol;
  private final Duration period;
  private final long size;
  private final int warmUp;
  private final boolean awaitLife;

  private Instant published; // end of the last bar published
  private Instant settled; // the later of published and the end of the last gap back-filled or given up
  private long bucket = Long.MIN_VALUE; // the bar in progress (epoch seconds / size)
  private BigDecimal open, high, low, close, volume;
  private Instant streamFrom = Instant.MIN; // stream trades before this belong to a gap
  private Gap pending;
  private final List<Bar> waiting = new ArrayList<>();
  private final List<Bar> unconfirmed = new ArrayList<>(); // closed by the clock, waiting for a sign of life
  private int lateTrades;
  private int givenUp;
  private int lastBackFilled;

  public LiveBars(String symbol, Duration period) {
    this(symbol, period, 0);
  }

  /**
   * @param warmUp bars before the first connection's bar in progress that its gap also asks the history for, so
   *     indicators have history from the start (as a replay's preload)
   */
  public LiveBars(String symbol, Duration period, int warmUp) {
    this(symbol, period, warmUp, false);
  }

  /**
   * @param awaitLife a bar closed by the clock is published only once the stream shows it was alive after the bar's end
   *     ({@link #alive}, or a later bar's trade); false: the clock alone closes it
   */
  public LiveBars(String symbol, Duration period, int warmUp, boolean awaitLife) {
    this.awaitLife = awaitLife;
    if (warmUp < 0) throw new IllegalArgumentException("warm-up must be >= 0, was " + warmUp);
    this.warmUp = warmUp;
    this.symbol = symbol;
    this.period = period;
    this.size = period.getSeconds();
    if (size <= 0 || period.getNano() != 0) throw new IllegalArgumentException("bar must be whole seconds, was " + period);
  }

  /** The stream (re)connected at {@code now}: the bars until the end of the one in progress become a gap. */
  public Gap connected(Instant now) {
    Instant to = end(bucketOf(now));
    Instant from = pending != null ? pending.from() : settled != null ? settled : start(bucketOf(now) - warmUp);
    Instant oldest = to.minus(period.multipliedBy(MAX_GAP_BARS));
    if (from.isBefore(oldest)) {
      givenUp += (int) (Duration.between(from, oldest).getSeconds() / size);
      from = oldest;
    }
    pending = new Gap(from, to);
    streamFrom = to;
    waiting.clear(); // the merged gap covers them
    unconfirmed.clear();
    clear();
    return pending;
  }

  /**
   * The stream dropped: the bar in progress is incomplete, and so may be the bars closed by the clock with no sign of life
   * after their end (the drop may have come before it): all are left to the next gap.
   */
  public void disconnected() {
    unconfirmed.clear();
    clear();
  }

  /** A stream trade; returns the bar it closed, if it is the first trade of a later bar before the timer closed the last. */
  public List<Bar> trade(Trade t) {
    if (t.at().isBefore(streamFrom)) return List.of(); // inside the gap: the back-fill has it
    long b = Math.floorDiv(t.at().getEpochSecond(), size);
    if ((published != null && !end(b).isAfter(published)) || (open != null && b < bucket)
        || (!unconfirmed.isEmpty() && !end(b).isAfter(unconfirmed.get(unconfirmed.size() - 1).end()))) {
      lateTrades++;
      return List.of();
    }
    var out = new ArrayList<Bar>(1);
    out.addAll(alive(t.at())); // a trade at t: what the stream sent before it has arrived
    if (open != null && b > bucket) out.addAll(emit(closeBar()));
    if (open == null) {
      bucket = b;
      open = high = low = t.price();
      volume = BigDecimal.ZERO;
    }
    high = high.max(t.price());
    low = low.min(t.price());
    close = t.price();
    volume = volume.add(t.amount());
    return out;
  }

  /** The node clock says {@code now}: closes the bar in progress if its end is past (by {@code grace}). */
  public List<Bar> tick(Instant now, Duration grace) {
    if (open == null || now.isBefore(end(bucket).plus(grace))) return List.of();
    if (awaitLife) {
      unconfirmed.add(closeBar());
      return List.of();
    }
    return emit(closeBar());
  }

  /**
   * The stream was alive at {@code at} (it answered a ping sent then): every message it sent before has arrived, so the
   * bars closed by the clock that end by {@code at} are whole and go out (in order).
   */
  public List<Bar> alive(Instant at) {
    var out = new ArrayList<Bar>();
    while (!unconfirmed.isEmpty() && !unconfirmed.get(0).end().isAfter(at)) out.addAll(emit(unconfirmed.remove(0)));
    return out;
  }

  /** Whether a bar closed by the clock waits for a sign of life (the owner then asks the stream for one). */
  public boolean awaitingLife() {
    return !unconfirmed.isEmpty();
  }

  /** When the bar in progress closes (for the timer), if one is in progress. */
  public Optional<Instant> closesAt() {
    return open == null ? Optional.empty() : Optional.of(end(bucket));
  }

  /** The gap waiting for its back-fill, if any. */
  public Optional<Gap> pending() {
    return Optional.ofNullable(pending);
  }

  /**
   * The back-fill of {@code gap} arrived: publishes its closed bars inside the gap (those with volume, not already
   * published), then the stream bars that waited, in one ordered list; how many came from the history is
   * {@link #lastBackFilled()}.
   */
  public List<Bar> backFilled(Gap gap, List<Bar> history) {
    if (!gap.equals(pending)) return List.of(); // a newer connection merged it into a larger gap
    pending = null;
    settle(gap.to());
    var out = new ArrayList<Bar>();
    lastBackFilled = 0;
    for (Bar b : history.stream().sorted(Comparator.comparing(Bar::end)).toList()) {
      if (b.start().isBefore(gap.from()) || b.end().isAfter(gap.to()) || b.volume().signum() <= 0) continue;
      if (publish(b)) {
        out.add(b);
        lastBackFilled++;
      }
    }
    for (Bar b : List.copyOf(waiting)) {
      if (publish(b)) out.add(b);
    }
    waiting.clear();
    return out;
  }

  /** How many bars the last {@link #backFilled} published from the history. */
  public int lastBackFilled() {
    return lastBackFilled;
  }

  /** The back-fill failed for good: the gap's bars are given up (counted), the waiting stream bars go out. */
  public List<Bar> gaveUp(Gap gap) {
    if (!gap.equals(pending)) return List.of();
    pending = null;
    settle(gap.to());
    givenUp += (int) (Duration.between(gap.from(), gap.to()).getSeconds() / size);
    var out = new ArrayList<Bar>();
    for (Bar b : List.copyOf(waiting)) {
      if (publish(b)) out.add(b);
    }
    waiting.clear();
    return out;
  }

  public int lateTrades() {
    return lateTrades;
  }

  /** Bar periods of gaps never back-filled (too old or the REST history failed). */
  public int givenUp() {
    return givenUp;
  }

  private List<Bar> emit(Bar bar) {
    if (pending != null) {
      waiting.add(bar);
      return List.of();
    }
    return publish(bar) ? List.of(bar) : List.of();
  }

  private boolean publish(Bar bar) {
    if (published != null && !bar.end().isAfter(published)) return false;
    published = bar.end();
    settle(published);
    return true;
  }

  /** Nothing ending by {@code end} is owed any more (published, or its gap decided): the next gap starts there at most. */
  private void settle(Instant end) {
    if (settled == null || settled.isBefore(end)) settled = end;
  }

  private Bar closeBar() {
    Bar bar = new Bar(symbol, end(bucket), period, open, high, low, close, volume);
    clear();
    return bar;
  }

  private void clear() {
    open = high = low = close = volume = null;
    bucket = Long.MIN_VALUE;
  }

  private long bucketOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), size);
  }

  private Instant start(long b) {
    return Instant.ofEpochSecond(b * size);
  }

  private Instant end(long b) {
    return Instant.ofEpochSecond((b + 1) * size);
  }
}
