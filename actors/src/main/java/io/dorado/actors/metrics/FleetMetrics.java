package io.dorado.actors.metrics;

import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.metric.Timer;

/**
 * The fleet's own metrics, recorded by the actors where the events are persisted or the effects happen.
 * Kamon instruments: a node that started Kamon with its Prometheus reporter exposes them (names as in the
 * README's "Metrics and logs": dots become underscores, counters end in {@code _total}, timers are in
 * seconds); without a reporter they are counted and never read. Every method is cheap and thread-safe:
 * instruments without a per-call tag are looked up once.
 */
public final class FleetMetrics {

  private static final Counter ORDERS_INTENDED =
      Kamon.counter("dorado.orders.intended", "orders bots persisted an intent for").withoutTags();
  private static final Counter REVIEWS_APPROVED = reviewed("approved");
  private static final Counter REVIEWS_DENIED = reviewed("denied");
  private static final Counter ORDERS_ACKNOWLEDGED =
      Kamon.counter("dorado.orders.acknowledged", "orders the risk guardian acknowledged (written, then sent on)").withoutTags();
  private static final Timer ACK_LATENCY = Kamon.timer("dorado.orders.acknowledgement.latency",
      "from the guardian receiving an order to its acknowledgement written and forwarded to the venue").withoutTags();
  // Kamon gauges ignore negative values: realized P&L is two gauges, one of them 0 (P&L = profit - loss).
  private static final Gauge REALIZED_PROFIT = Kamon.gauge("dorado.pnl.realized.profit",
      "the account's realized P&L when positive, else 0 (account currency)").withoutTags();
  private static final Gauge REALIZED_LOSS = Kamon.gauge("dorado.pnl.realized.loss",
      "minus the account's realized P&L when negative, else 0 (account currency)").withoutTags();
  private static final Gauge EQUITY =
      Kamon.gauge("dorado.equity", "the account's equity at the last marks (account currency)").withoutTags();
  private static final Map<TradingState, Gauge> TRADING_STATE = new EnumMap<>(TradingState.class);
  private static final Map<Phase, Gauge> BOTS = new EnumMap<>(Phase.class);
  private static final Gauge TELEGRAM_QUEUE =
      Kamon.gauge("dorado.telegram.outbox.queue", "Telegram messages waiting to be sent").withoutTags();
  private static final Counter TELEGRAM_DROPPED =
      Kamon.counter("dorado.telegram.outbox.dropped", "Telegram messages dropped because the queue was full").withoutTags();

  static {
    for (TradingState s : TradingState.values()) {
      TRADING_STATE.put(s, Kamon.gauge("dorado.trading.state", "1 for the guardian's trading state, 0 for the others")
          .withTag("state", s.name()));
    }
    for (Phase p : Phase.values()) {
      BOTS.put(p, Kamon.gauge("dorado.bots", "registered bots (not retired) by lifecycle phase").withTag("phase", p.name()));
    }
  }

  private FleetMetrics() {}

  private static Counter reviewed(String outcome) {
    return Kamon.counter("dorado.orders.reviewed", "trade reviews by the risk guardian, by outcome").withTag("outcome", outcome);
  }

  // ---------------------------------------------------------------- bots

  public static void orderIntended() {
    ORDERS_INTENDED.increment();
  }

  /** Registered bots by phase: every phase is set, so a phase that empties reads 0. */
  public static void botsByPhase(Map<Phase, Long> counts) {
    BOTS.forEach((phase, gauge) -> gauge.update(counts.getOrDefault(phase, 0L)));
  }

  // ---------------------------------------------------------------- the risk guardian

  public static void tradeReviewed(boolean approved) {
    (approved ? REVIEWS_APPROVED : REVIEWS_DENIED).increment();
  }

  /** An acknowledgement written and forwarded, {@code nanos} after the guardian received the order. */
  public static void orderAcknowledged(long nanos) {
    ORDERS_ACKNOWLEDGED.increment();
    ACK_LATENCY.record(Math.max(0, nanos));
  }

  /** A denial written: {@code stage} is "review" (a trade proposal) or "acknowledgement" (an order). */
  public static void orderDenied(String stage, DenialReason reason) {
    Kamon.counter("dorado.orders.denied", "trade reviews and orders the risk guardian denied, by stage and reason")
        .withTag("stage", stage).withTag("reason", reason.name()).increment();
  }

  public static void breakerTripped(String reason) {
    Kamon.counter("dorado.breaker.trips", "circuit breakers tripped, by reason").withTag("reason", reason).increment();
  }

  /** The guardian's written state: trading state (1 for the current one), realized P&amp;L, equity (not negative). */
  public static void account(TradingState state, BigDecimal realizedPnl, BigDecimal equity) {
    TRADING_STATE.forEach((s, gauge) -> gauge.update(s == state ? 1 : 0));
    REALIZED_PROFIT.update(Math.max(0, realizedPnl.doubleValue()));
    REALIZED_LOSS.update(Math.max(0, -realizedPnl.doubleValue()));
    EQUITY.update(equity.doubleValue());
  }

  // ---------------------------------------------------------------- venues

  /** The venue answered a placement {@code nanos} after its actor received the acknowledged order. */
  public static void venueSent(String venueId, long nanos) {
    Kamon.timer("dorado.venue.send.latency", "from the venue actor receiving an acknowledged order to the venue's answer to it")
        .withTag("venue", venueId).record(Math.max(0, nanos));
  }

  public static void fill(String venueId) {
    Kamon.counter("dorado.fills", "fills recorded by the venue actors").withTag("venue", venueId).increment();
  }

  // ---------------------------------------------------------------- Telegram

  public static void telegramQueue(int waiting) {
    TELEGRAM_QUEUE.update(waiting);
  }

  public static void telegramDropped() {
    TELEGRAM_DROPPED.increment();
  }
}
