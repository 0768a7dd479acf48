package io.dorado.cluster.ops;

import io.dorado.actors.strategy.scan.ScanActor;
import io.dorado.cluster.ops.CandidatePick.Outcome;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.Selection;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A human picks a candidate from the latest scan's ranked list (PRD §3.2), through the one service layer, so HTTP and
 * Telegram pick alike. Only from the latest scan (a newer scan supersedes an older list), only a ranked candidate (not
 * one the selection excluded for its quality), only for a bot that is IDLE. The choice is journalled first (the fleet's
 * {@link Fleet.RecordPick}: who, which candidate, its rank and score, what the selection had decided, from which scan),
 * then the candidate goes to its bot as the scan would have sent it, its signal id the candidate's id, on the normal path:
 * the bot's risk check at the guardian, then (a {@code human_required} bot) the approval card for the sized trade, then
 * the guardian's acknowledgement before any venue sends it. A pick is a selection, not an approval: the human approves
 * the trade once the guardian has sized it, as for the scan's own choice.
 */
final class CandidatePicks {
  private CandidatePicks() {}

  static CompletionStage<CandidatePick> pick(FleetOperations ops, String scanId, String ref, String by, Clock clock) {
    return ops.lastScan().thenCompose(last -> {
      if (last.isEmpty()) return done(CandidatePick.refused(Outcome.NOT_FOUND, "no scan has finished yet", scanId, ref, null, null));
      ScanReport latest = last.get();
      if (!latest.scanId().equals(scanId)) {
        return done(CandidatePick.refused(Outcome.STALE_SCAN, "scan " + scanId + " is not the latest (" + latest.scanId()
            + "): pick from the latest list", scanId, ref, null, null));
      }
      RankedScan ranked = RankedScan.of(latest);
      List<RankedScan.Row> byId = ranked.candidates().stream().filter(r -> r.candidateId().equals(ref)).toList();
      List<RankedScan.Row> found = !byId.isEmpty() ? byId : ranked.candidates().stream()
          .filter(r -> r.symbol().toUpperCase(Locale.ROOT).equals(ref.toUpperCase(Locale.ROOT))).toList();
      if (found.isEmpty()) {
        return done(CandidatePick.refused(Outcome.UNKNOWN_CANDIDATE, "scan " + scanId + " has no candidate " + ref,
            scanId, ref, null, null));
      }
      if (found.size() > 1) {
        return done(CandidatePick.refused(Outcome.AMBIGUOUS, ref + " names " + found.size() + " candidates of scan "
            + scanId + ": pick one by id (" + String.join(", ", found.stream().map(RankedScan.Row::candidateId).toList())
            + ")", scanId, ref, null, null));
      }
      RankedScan.Row row = found.get(0);
      if (Selection.Fate.EXCLUDED.name().toLowerCase(Locale.ROOT).equals(row.fate())) {
        return done(CandidatePick.refused(Outcome.EXCLUDED, "candidate " + row.candidateId() + " was excluded before "
            + "ranking: " + row.reason(), scanId, row.candidateId(), row.botId(), null));
      }
      Candidate candidate = latest.bots().stream().flatMap(b -> b.candidates().stream())
          .filter(c -> c.candidateId().equals(row.candidateId())).findFirst().orElseThrow();
      return ops.liveState(row.botId(), true).thenCompose(state -> {
        if (state.isEmpty() || state.get().phase() == Phase.NEW) {
          return done(CandidatePick.refused(Outcome.NOT_FOUND, "no bot '" + row.botId() + "'", scanId,
              row.candidateId(), row.botId(), null));
        }
        Phase phase = state.get().phase();
        if (phase != Phase.IDLE) {
          return done(CandidatePick.refused(Outcome.BOT_BUSY, "bot " + row.botId() + " is "
              + phase.name().toLowerCase(Locale.ROOT) + ", not idle: a pick waits until its trade is settled", scanId,
              row.candidateId(), row.botId(), phase));
        }
        String fate = row.fate() + ": " + row.reason();
        return ops.recordPick(row.botId(), scanId, row.candidateId(), row.rank(), row.score(), row.candidateId(), fate, by)
            .thenCompose(reply -> {
              if (reply instanceof Fleet.NotFound) {
                return done(CandidatePick.refused(Outcome.NOT_FOUND, "no bot '" + row.botId() + "' in the fleet",
                    scanId, row.candidateId(), row.botId(), phase));
              }
              if (reply instanceof Fleet.Refused r) {
                return done(CandidatePick.refused(Outcome.REFUSED, r.reason(), scanId, row.candidateId(), row.botId(),
                    phase));
              }
              Signal signal = ScanActor.signalOf(candidate, row.botId(), "pick", clock.instant());
              return ops.ingestSignal(row.botId(), signal).thenApply(ack -> outcome(ack, scanId, row, by));
            });
      });
    });
  }

  private static CandidatePick outcome(Bot.Ack ack, String scanId, RankedScan.Row row, String by) {
    if (ack instanceof Bot.Accepted a) {
      return new CandidatePick(Outcome.SENT, "picked by " + by + ": sent to " + row.botId() + " (" + a.detail() + ")",
          scanId, row.candidateId(), row.botId(), row.candidateId(), a.phase());
    }
    if (ack instanceof Bot.AlreadyProcessed p) {
      return new CandidatePick(Outcome.ALREADY_SENT, "bot " + row.botId() + " had signal " + p.signalId()
          + " already (the scan sent it, or it was picked before): nothing changed", scanId, row.candidateId(),
          row.botId(), row.candidateId(), p.phase());
    }
    var r = (Bot.Rejected) ack;
    return new CandidatePick(r.phase() == Phase.NEW ? Outcome.NOT_FOUND : Outcome.REFUSED, r.reason(), scanId,
        row.candidateId(), row.botId(), row.candidateId(), r.phase());
  }

  private static CompletionStage<CandidatePick> done(CandidatePick pick) {
    return CompletableFuture.completedFuture(pick);
  }
}
