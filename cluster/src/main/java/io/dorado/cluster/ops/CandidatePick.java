package io.dorado.cluster.ops;

import io.dorado.protocol.bot.Phase;

/**
 * What became of a human's pick from a scan's ranked list: sent to its bot (or already sent: the scan's own choice, or
 * a repeated pick), or refused and why. {@code phase}: where the bot is after it; {@code detail}: the bot's answer.
 */
public record CandidatePick(Outcome outcome, String reason, String scanId, String candidateId, String botId,
    String signalId, Phase phase) {

  public enum Outcome {
    /** Journalled, then sent to the bot, which took it (risk check next; a human_required bot then asks for approval). */
    SENT,
    /** The bot had this signal already (the scan sent it, or it was picked before): nothing changed. */
    ALREADY_SENT,
    /** No scan has finished yet, or the bot does not exist. */
    NOT_FOUND,
    /** The scan is not the latest: a newer one supersedes it. */
    STALE_SCAN,
    /** The scan has no such candidate (by id, or by symbol). */
    UNKNOWN_CANDIDATE,
    /** The symbol names more than one candidate: pick by id. */
    AMBIGUOUS,
    /** The selection excluded it before ranking (spread quality, missing greeks): it is not a tradeable candidate. */
    EXCLUDED,
    /** The bot is not IDLE (a trade under way or awaiting approval). */
    BOT_BUSY,
    /** The fleet or the bot refused it (paused, retired, ...): the reason says why. */
    REFUSED;

    public boolean picked() {
      return this == SENT || this == ALREADY_SENT;
    }
  }

  static CandidatePick refused(Outcome outcome, String reason, String scanId, String candidateId, String botId,
      Phase phase) {
    return new CandidatePick(outcome, reason, scanId, candidateId, botId, null, phase);
  }
}
