package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.risk.RiskGuardian;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The scanner's public face: a scan runs on its schedule or on demand, and turns the selected
 * candidates into bot signals. One scan at a time; a request during a scan waits for the next.
 */
public final class Scan {
  private Scan() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(RunScan.class),
    @JsonSubTypes.Type(GetLastReport.class),
    @JsonSubTypes.Type(RegimeUpdated.class),
    @JsonSubTypes.Type(InputsReady.class),
    @JsonSubTypes.Type(DispatchesDone.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** Run a scan now; the report goes to {@code replyTo} when every signal has been answered. */
  public record RunScan(String requestedBy, ActorRef<ScanReport> replyTo) implements Command {}

  public record GetLastReport(ActorRef<LastReport> replyTo) implements Command {}

  public record LastReport(ScanReport report) implements CborSerializable {}

  /** Internal: the regime radar published (through the topic). */
  public record RegimeUpdated(RegimeSnapshot snapshot) implements Command {}

  /**
   * Internal: history and portfolio for scan {@code scanId}. {@code status} is null when the
   * guardian did not answer (then nothing is selected live: everything runs in paper). {@code chains}: the option
   * chains of bots on venues that quote them, each the venue's chain or why there is none.
   */
  public record InputsReady(
      String scanId, List<MarketData.Bars> history, RiskGuardian.GuardianStatus status, int openPaperPositions,
      List<String> notes, List<io.dorado.protocol.venue.VenueOptionChain> chains)
      implements Command {
    public InputsReady {
      chains = chains == null ? List.of() : List.copyOf(chains);
    }

    public InputsReady(String scanId, List<MarketData.Bars> history, RiskGuardian.GuardianStatus status,
        int openPaperPositions, List<String> notes) {
      this(scanId, history, status, openPaperPositions, notes, List.of());
    }
  }

  /** Internal: every signal of scan {@code scanId} was answered (or timed out). */
  public record DispatchesDone(String scanId, List<Dispatch> dispatches) implements Command {}
}
