package io.dorado.cluster;

import io.dorado.cluster.ops.OperationNotAvailable;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanHistory;
import io.dorado.protocol.strategy.ScanReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The scanner's last report, asked of the scan singleton ({@link Scan.GetLastReport}) once the strategy pipeline has
 * started on this node ({@link FleetNode#attachScanner}); before that, not available.
 */
final class ScanQueries {
  private final Asks asks;
  private final AtomicReference<ActorRef<Scan.Command>> scanner = new AtomicReference<>();
  private final AtomicReference<ScanHistory> history = new AtomicReference<>();

  ScanQueries(Asks asks) {
    this.asks = asks;
  }

  void attach(ActorRef<Scan.Command> scan, ScanHistory kept) {
    scanner.set(scan);
    history.set(kept);
  }

  /** The newest {@code limit} scans kept, newest first; not available before the scanner started on this node. */
  CompletionStage<List<ScanReport>> recent(int limit) {
    ScanHistory kept = history.get();
    if (kept == null) return OperationNotAvailable.stage("the scan history (the scanner has not started)");
    return kept.recent(limit);
  }

  CompletionStage<Scan.BotScanAnswer> scanBot(String botId, String by) {
    ActorRef<Scan.Command> scan = scanner.get();
    if (scan == null) return OperationNotAvailable.stage("a scan (the scanner has not started)");
    return asks.<Scan.BotScanAnswer>ask("the scanner", scan, r -> new Scan.ScanBot(botId, by, r));
  }

  CompletionStage<Optional<ScanReport>> last() {
    ActorRef<Scan.Command> scan = scanner.get();
    if (scan == null) return OperationNotAvailable.stage("the scan report (the scanner has not started)");
    return asks.<Scan.LastReport>ask("the scanner", scan, Scan.GetLastReport::new)
        .thenApply(r -> Optional.ofNullable(r.report()));
  }
}
