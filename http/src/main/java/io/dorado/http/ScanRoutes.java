package io.dorado.http;

import io.dorado.cluster.ops.FleetOperations;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The scanner's last report, for an operator: per bot the gate verdicts, the candidates, the option structures refused
 * on their chain's quality (or for want of a chain) with why; the selection with a reason per candidate; the signals
 * sent. 404 with a reason before the first scan has finished.
 */
final class ScanRoutes {
  private final FleetOperations ops;
  private final Responses r;

  ScanRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  List<Endpoint> endpoints() {
    return List.of(
        Endpoint.get("/api/v1/scan/last", Access.READ, c -> r.await(ops.lastScan(), "the scanner",
            report -> report.map(r::ok).orElseGet(() -> r.error(StatusCodes.NOT_FOUND, "no scan has finished yet")))));
  }
}
