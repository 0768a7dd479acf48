package io.dorado.actors.strategy.scan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A closed-trade record, for Kelly sizing and the adaptive rules (live and paper), per bot and per template. In
 * production the read side's closed trades provide them ({@code TrackRecordCache} in the cluster module, refreshed on
 * a timer); a scan without one runs without: Kelly falls back to the bot's own sizing and the win-rate rule of the
 * adaptive sizing is skipped, both with a note.
 *
 * <p>In the map a scan reads, a template's record is keyed by the template id and a bot's by {@link #botKey}.
 *
 * @param trades the closed trades counted
 * @param winRate the fraction of them with a realized P&amp;L above 0
 * @param payoff average win / average loss (0 when there is no win or no loss: no basis for Kelly)
 * @param recentWinRate win rate of the last {@link #RECENT} trades
 */
public record TrackRecord(int trades, double winRate, double payoff, double recentWinRate) {
  /** Fewer trades than this are not a basis for Kelly. */
  public static final int MIN_TRADES_FOR_KELLY = 20;
  /** The recent win rate reads this many of the newest trades. */
  public static final int RECENT = 20;

  /** The key of bot {@code botId}'s own record in a scan's map (template records are keyed by the template id). */
  public static String botKey(String botId) {
    return "bot:" + botId;
  }

  /**
   * The record that sizes bot {@code botId} of {@code template}: its own once it has {@link #MIN_TRADES_FOR_KELLY}
   * closed trades, otherwise its template's (every bot of the template, paper twins included), otherwise whichever
   * exists; null when neither does.
   */
  public static TrackRecord forBot(Map<String, TrackRecord> records, String botId, String template) {
    TrackRecord own = records.get(botKey(botId));
    if (own != null && own.trades() >= MIN_TRADES_FOR_KELLY) return own;
    TrackRecord shared = template == null ? null : records.get(template);
    if (shared != null && (own == null || shared.trades() > own.trades())) return shared;
    return own;
  }

  /** The record of closed trades with these realized P&amp;Ls, newest first; null when there are none. */
  public static TrackRecord of(List<BigDecimal> realizedNewestFirst) {
    return of(realizedNewestFirst.stream().mapToDouble(BigDecimal::doubleValue).toArray());
  }

  /**
   * The record of closed trades with these outcomes (P&amp;Ls, or returns: win rate and payoff read only their signs
   * and relative sizes), newest first; null when there are none.
   */
  public static TrackRecord of(double[] newestFirst) {
    int n = newestFirst.length;
    if (n == 0) return null;
    int wins = 0, losses = 0, recentWins = 0;
    double won = 0, lost = 0;
    for (int i = 0; i < n; i++) {
      double pnl = newestFirst[i];
      if (pnl > 0) {
        wins++;
        won += pnl;
        if (i < RECENT) recentWins++;
      } else if (pnl < 0) {
        losses++;
        lost -= pnl;
      }
    }
    double payoff = wins == 0 || losses == 0 ? 0 : (won / wins) / (lost / losses);
    return new TrackRecord(n, (double) wins / n, payoff, (double) recentWins / Math.min(n, RECENT));
  }
}
