package io.dorado.fleet.telegram;

import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.TradeView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * freqtrade's {@code /stats} for a fleet: the closed trades by exit reason (won, even, lost, P&L), and how long
 * winners and losers were held on average, over the read side's most recent page of trades.
 */
final class TradeStats {
  private TradeStats() {}

  private record Tally(int won, int even, int lost, BigDecimal pnl) {
    static Tally of(BigDecimal pnl) {
      int s = pnl.signum();
      return new Tally(s > 0 ? 1 : 0, s == 0 ? 1 : 0, s < 0 ? 1 : 0, pnl);
    }

    Tally plus(Tally o) {
      return new Tally(won + o.won, even + o.even, lost + o.lost, pnl.add(o.pnl));
    }
  }

  static String text(Page<TradeView> page) {
    if (page.items().isEmpty()) return "No closed trades yet.";
    Map<String, Tally> byReason = new TreeMap<>();
    Duration won = Duration.ZERO;
    Duration lost = Duration.ZERO;
    int wins = 0;
    int losses = 0;
    for (TradeView t : page.items()) {
      BigDecimal pnl = t.realizedPnl() == null ? BigDecimal.ZERO : t.realizedPnl();
      String reason = t.reason() == null || t.reason().isBlank() ? "(no reason)" : t.reason();
      byReason.merge(reason, Tally.of(pnl), Tally::plus);
      if (t.openedAt() == null || t.closedAt() == null) continue;
      Duration held = Duration.between(t.openedAt(), t.closedAt());
      if (pnl.signum() > 0) {
        won = won.plus(held);
        wins++;
      } else if (pnl.signum() < 0) {
        lost = lost.plus(held);
        losses++;
      }
    }
    int n = page.items().size();
    StringBuilder out = new StringBuilder("Stats (" + (page.nextCursor().isPresent() ? "the last " : "") + n
        + " closed trade" + (n == 1 ? "" : "s") + ")\nExit reason: won / even / lost, P&L");
    byReason.forEach((reason, t) -> out.append("\n").append(reason).append(": ").append(t.won()).append(" / ")
        .append(t.even()).append(" / ").append(t.lost()).append(", ").append(Texts.money(t.pnl())));
    out.append("\nAverage hold: winners ").append(wins == 0 ? "-" : held(won.dividedBy(wins)))
        .append(" · losers ").append(losses == 0 ? "-" : held(lost.dividedBy(losses)));
    return out.toString();
  }

  private static String held(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) return minutes + "m";
    if (minutes < 24 * 60) return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    return minutes / (24 * 60) + "d " + minutes % (24 * 60) / 60 + "h";
  }
}
