package io.dorado.cluster.ops;

import java.time.Instant;
import java.util.List;

/**
 * The closed-trade records Kelly and the adaptive sizing rules read at each scan (GET /api/v1/allocator/track-records):
 * every bot's own and every template's (its bots together, paper twins included), each over its newest
 * {@code tradesPerBot} closed trades per bot, as last read from the read side at {@code refreshedAt} (null: not yet).
 * {@code minTradesForKelly}: Kelly sizes from a record with at least this many trades; a bot with fewer uses its
 * template's record if that has them, otherwise its own sizing.
 */
public record TrackRecordsView(Instant refreshedAt, int tradesPerBot, int minTradesForKelly, List<Entry> bots,
    List<Entry> templates) {

  public TrackRecordsView {
    bots = List.copyOf(bots);
    templates = List.copyOf(templates);
  }

  /**
   * One record: {@code id} is the bot's or the template's; {@code template} the bot's template (null for a template);
   * {@code payoff} average win / average loss (0 without a win or a loss); {@code recentWinRate} over the newest 20;
   * {@code kelly}: enough trades (and a payoff) for Kelly.
   */
  public record Entry(String id, String template, int trades, double winRate, double payoff, double recentWinRate,
      boolean kelly) {}
}
