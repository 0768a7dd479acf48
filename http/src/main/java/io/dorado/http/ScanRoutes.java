package io.dorado.http;

import io.dorado.cluster.ops.CandidatePick;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.RankedScan;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The scanner's reports, for an operator: the last report (per bot the gate verdicts, the candidates, the option
 * structures refused on their chain's quality with why; the selection with a reason per candidate; the signals sent), and
 * each scan's ranked list (PRD §3.2: candidates in rank order with score, gate values, sizing, the selection's fate and
 * reason), the latest and the history; and a human's pick from the latest list, sent to its bot on the normal path and
 * journalled. 404 with a reason before the first scan has finished.
 */
final class ScanRoutes {
  private final FleetOperations ops;
  private final Responses r;

  ScanRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  /** The scans kept, newest first, each as its ranked list. */
  record Scans(List<RankedScan> scans) {}

  List<Endpoint> endpoints() {
    return List.of(
        Endpoint.get("/api/v1/scan/last", Access.READ, c -> r.await(ops.lastScan(), "the scanner",
            report -> report.map(r::ok).orElseGet(() -> r.error(StatusCodes.NOT_FOUND, "no scan has finished yet")))),
        Endpoint.get("/api/v1/scans/latest", Access.READ, c -> r.await(ops.lastScan(), "the scanner",
            report -> report.map(s -> r.ok(RankedScan.of(s)))
                .orElseGet(() -> r.error(StatusCodes.NOT_FOUND, "no scan has finished yet")))),
        Endpoint.get("/api/v1/scans", Access.READ, c -> {
          int limit = c.intQuery("limit", 10, 1, 50);
          return r.await(ops.scans(limit), "the scan history",
              scans -> r.ok(new Scans(scans.stream().map(RankedScan::of).toList())));
        }),
        Endpoint.post("/api/v1/scans/{scanId}/candidates/{candidate}/pick", Access.OPERATE, c -> r.await(
            ops.pickCandidate(c.param("scanId"), c.param("candidate"), c.by()), "the fleet", this::picked)));
  }

  private Route picked(CandidatePick pick) {
    return r.json(statusOf(pick.outcome()), pick);
  }

  private static StatusCode statusOf(CandidatePick.Outcome outcome) {
    return switch (outcome) {
      case SENT, ALREADY_SENT -> StatusCodes.OK;
      case NOT_FOUND, UNKNOWN_CANDIDATE -> StatusCodes.NOT_FOUND;
      case STALE_SCAN, AMBIGUOUS, EXCLUDED, BOT_BUSY, REFUSED -> StatusCodes.CONFLICT;
    };
  }
}
