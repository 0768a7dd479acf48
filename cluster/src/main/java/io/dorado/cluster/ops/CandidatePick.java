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
    @com.fasterxml.jackson.annotation.JsonProperty("sent") SENT,
    /** The bot had this signal already (the scan sent it, or it was picked before): nothing changed. */
    @com.fasterxml.jackson.annotation.JsonProperty("already_sent") ALREADY_SENT,
    /** No scan has finished yet, or the bot does not exist. */
    @com.fasterxml.jackson.annotation.JsonProperty("not_found") NOT_FOUND,
    /** The scan is not the latest: a newer one supersedes it. */
    @com.fasterxml.jackson.annotation.JsonProperty("stale_scan") STALE_SCAN,
    /** The scan has no such candidate (by id, or by symbol). */
    @com.fasterxml.jackson.annotation.JsonProperty("unknown_candidate") UNKNOWN_CANDIDATE,
    /** The symbol names more than one candidate: pick by id. */
    @com.fasterxml.jackson.annotation.JsonProperty("ambiguous") AMBIGUOUS,
    /** The selection excluded it before ranking (spread quality, missing greeks): it is not a tradeable candidate. */
    @com.fasterxml.jackson.annotation.JsonProperty("excluded") EXCLUDED,
    /** The bot is not IDLE (a trade under way or awaiting approval). */
    @com.fasterxml.jackson.annotation.JsonProperty("bot_busy") BOT_BUSY,
    /** The fleet or the bot refused it (paused, retired, ...): the reason says why. */
    @com.fasterxml.jackson.annotation.JsonProperty("refused") REFUSED;

    public boolean picked() {
      return this == SENT || this == ALREADY_SENT;
    }
  }

  static CandidatePick refused(Outcome outcome, String reason, String scanId, String candidateId, String botId,
      Phase phase) {
    return new CandidatePick(outcome, reason, scanId, candidateId, botId, null, phase);
  }
}
