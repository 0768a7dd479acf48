package io.dorado.actors.strategy.scan;

/**
 * A template's closed-trade record, for Kelly sizing and the adaptive rules (live and paper). Until
 * the read side provides it, scans run without: Kelly falls back to the bot's own sizing and the
 * win-rate rule of the adaptive sizing is skipped, both with a note.
 *
 * @param payoff average win / average loss
 * @param recentWinRate win rate of the last 20 trades
 */
public record TrackRecord(int trades, double winRate, double payoff, double recentWinRate) {
  /** Fewer trades than this are not a basis for Kelly. */
  public static final int MIN_TRADES_FOR_KELLY = 20;
}
