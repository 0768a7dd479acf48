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
    @JsonSubTypes.Type(DispatchesDone.class),
    @JsonSubTypes.Type(LastRecalled.class),
    @JsonSubTypes.Type(ScanBot.class),
    @JsonSubTypes.Type(Tick.class),
    @JsonSubTypes.Type(RegistrySeen.class)
  })
  public sealed interface Command extends CborSerializable {}

  /**
   * Run a scan now; the report goes to {@code replyTo} when every signal has been answered. {@code botIds}: the bots to
   * scan (empty: every scan bot that is not {@code on_demand}); a request for bots the scan under way does not cover waits
   * for it to finish.
   */
  public record RunScan(String requestedBy, ActorRef<ScanReport> replyTo, List<String> botIds) implements Command {
    public RunScan {
      botIds = botIds == null ? List.of() : List.copyOf(botIds);
    }

    public RunScan(String requestedBy, ActorRef<ScanReport> replyTo) {
      this(requestedBy, replyTo, List.of());
    }
  }

  /**
   * An operator asks for a scan of one bot (any scan-mode bot, {@code on_demand} ones included): answered at once with
   * whether it started (or waits behind the scan under way); the report is the scanner's next last report.
   */
  public record ScanBot(String botId, String requestedBy, ActorRef<BotScanAnswer> replyTo) implements Command {}

  public enum Outcome { STARTED, QUEUED, UNKNOWN_BOT, NOT_SCANNED }

  /** The answer to {@link ScanBot}: {@code detail} says what happens, or why not. */
  public record BotScanAnswer(String botId, Outcome outcome, String detail) implements CborSerializable {
    public boolean accepted() {
      return outcome == Outcome.STARTED || outcome == Outcome.QUEUED;
    }
  }

  /** Internal timer: which bots' schedules are due (and, now and then, the fleet's registry asked again). */
  public record Tick() implements Command {}

  /**
   * Internal: the fleet registry's bots (retired ones left out), so bots created or retired while the fleet runs are
   * scanned or no longer; {@code then}: a request that waited for the registry (null: none).
   */
  public record RegistrySeen(List<io.dorado.protocol.bot.BotConfig> bots, ScanBot then) implements Command {
    public RegistrySeen {
      bots = bots == null ? null : List.copyOf(bots);
    }
  }

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

  /**
   * Internal: the newest report the scan history kept (null: none), read when the scanner starts, so a scanner started
   * on another node (a singleton hand-over) still knows the list a human picks from until its own first scan.
   */
  public record LastRecalled(ScanReport report) implements Command {}
}
