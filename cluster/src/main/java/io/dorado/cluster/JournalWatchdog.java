package io.dorado.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.alert.Alerts;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.Persistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: probes the node's journal and acts when it fails (decisions in {@link JournalWatch}). The
 * failure it exists for: pekko-persistence-cassandra's tag writer can throw ("Expected events to be ordered
 * by seqNr", a race after a crash and an immediate re-incarnation), and the plugin then stops its journal
 * actor for good ("requires an ActorSystem restart"): every write of the node hangs from then on. A Cassandra
 * outage looks the same to the probe but passes by itself.
 *
 * <p>On failure: the guardian is asked for at least REDUCING (RestrictTrading: never lifts a HALTED), an alert
 * goes out, probing goes on. New exposure is already blocked where the journal fails, because the guardian,
 * the bots and the venues each write before they act; REDUCING stops it fleet-wide until an operator looks.
 * The guardian is asked again every interval until it confirms, so a guardian that lives on the failing node
 * records it once the journal works again; the other nodes' watchdogs hear the alert and ask too, so it is
 * recorded even if this node exits first. A recovery is alerted; trading stays REDUCING until an operator
 * sets ACTIVE. Failing past {@code restart-after}, or the journal actor stopping, makes the node exit with
 * {@link #EXIT_CODE} through a coordinated shutdown (it leaves the cluster, the others take over its bots and
 * singletons), for its orchestrator to restart it with a fresh journal plugin.
 */
public final class JournalWatchdog {
  private static final Logger log = LoggerFactory.getLogger(JournalWatchdog.class);

  /** The exit code of a node whose journal failed (EX_IOERR; the pause guard's is 75): restart it. */
  public static final int EXIT_CODE = 74;

  /** How the node exits; tests record it instead. */
  @FunctionalInterface
  public interface Exit {
    void exit(ActorSystem<?> system, String reason);
  }

  /** The coordinated-shutdown reason; cluster.conf maps it to {@link #EXIT_CODE} and exit-jvm = on. */
  public enum JournalFailed implements CoordinatedShutdown.Reason { INSTANCE }

  /**
   * Leaves the cluster through a coordinated shutdown, which ends the JVM with {@link #EXIT_CODE} (cluster.conf's
   * reason override) unless {@code pekko.coordinated-shutdown.exit-jvm} is off (then only the ActorSystem stops,
   * as for a downed node); a shutdown that has not ended the JVM within {@code deadline} is cut short by a halt.
   */
  public static Exit processExit(Duration deadline) {
    return (system, reason) -> {
      boolean exitJvm = system.settings().config().getBoolean("pekko.coordinated-shutdown.exit-jvm");
      log.error("dorado: the journal failed ({}); {}", reason, exitJvm
          ? "exiting with code " + EXIT_CODE + " for the orchestrator to restart this node"
          : "stopping the node (pekko.coordinated-shutdown.exit-jvm is off)");
      CoordinatedShutdown.get(Adapter.toClassic(system)).run(JournalFailed.INSTANCE);
      if (!exitJvm) return;
      Thread deadlineGuard = new Thread(() -> {
        try {
          Thread.sleep(deadline.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        System.err.printf("dorado: the shutdown after a journal failure took over %d s: halting%n", deadline.toSeconds());
        Runtime.getRuntime().halt(EXIT_CODE);
      }, "dorado-journal-watchdog-exit");
      deadlineGuard.setDaemon(true); // the shutdown's own System.exit ends the JVM with the same code
      deadlineGuard.start();
    };
  }

  /** {@code dorado.journal-watchdog} in cluster.conf. */
  public record Options(boolean enabled, JournalWatch.Settings settings, Duration exitDeadline) {
    public static Options fromConfig(Config config) {
      Config c = config.getConfig("dorado.journal-watchdog");
      return new Options(c.getBoolean("enabled"), new JournalWatch.Settings(c.getDuration("interval"),
          c.getDuration("probe-timeout"), c.getInt("failures-to-alarm"), c.getDuration("restart-after"),
          c.getDuration("startup-grace")),
          c.getDuration("exit-deadline"));
    }
  }

  public sealed interface Command {}

  private record Tick() implements Command {}

  private record ProbeStopped(long round) implements Command {}

  private record Answered(long round, String error) implements Command {}

  private record JournalStopped(String path) implements Command {}

  private record PeerAlert(Alert alert) implements Command {}

  private record ReduceAnswered(RiskGuardian.OperatorReply reply, String error) implements Command {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final Exit exit;
  private final Clock clock;
  private JournalWatch watch;
  private String reduceReason = "";
  private boolean reduceInFlight;
  private ActorRef<JournalProbe.Command> probe;
  private boolean stopRequested;
  private long round;
  /**
   * The probe journal in use: the node's start time and a count of probes that did not pass. A probe that failed
   * or was stopped may have a write in flight that lands later; its successors write to a fresh journal instead.
   */
  private final long startedAt;
  private int incarnation;
  private boolean answeredRound;

  private JournalWatchdog(ActorContext<Command> context, TimerScheduler<Command> timers, JournalWatch watch,
      ActorRef<RiskGuardian.Command> guardian, Exit exit, Clock clock) {
    this.context = context;
    this.timers = timers;
    this.watch = watch;
    this.guardian = guardian;
    this.exit = exit;
    this.clock = clock;
    this.startedAt = clock.millis();
  }

  /** The watchdog of this node: probes every {@code settings.interval()}, asks {@code guardian}, exits by {@code exit}. */
  public static Behavior<Command> create(JournalWatch.Settings settings, ActorRef<RiskGuardian.Command> guardian,
      Exit exit, Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      String node = node(context.getSystem());
      // The plugin stops its journal actor on an internal error and never starts it again: watch for that.
      // (Persistence.journalFor is the lookup the plugin's own CassandraHealthCheck uses.)
      var journal = Persistence.get(Adapter.toClassic(context.getSystem())).journalFor("", ConfigFactory.empty());
      context.watchWith(Adapter.toTyped(journal), new JournalStopped(journal.path().toString()));
      // Every node's alerts: another node's failing journal owes a REDUCING too.
      ActorRef<Topic.Command<Alert>> topic = context.spawn(Topic.create(Alert.class, Alert.TOPIC), "alerts");
      topic.tell(Topic.subscribe(context.messageAdapter(Alert.class, PeerAlert::new)));
      timers.startSingleTimer(new Tick(), settings.interval());
      return new JournalWatchdog(context, timers, JournalWatch.started(settings, node, clock.instant()), guardian, exit, clock).idle();
    }));
  }

  /** {@code host:port} of the node (the system's name without remoting). */
  static String node(ActorSystem<?> system) {
    var address = system.address();
    return address.getHost().isPresent() ? address.getHost().get() + ":" + address.getPort().orElse(0) : address.system();
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, t -> {
          retryReduce();
          if (probe == null) {
            startProbe();
          } else {
            stopRequested = true;
            context.stop(probe); // the last probe, done or stuck: its successor starts once it has stopped
          }
          return Behaviors.same();
        })
        .onMessage(ProbeStopped.class, s -> {
          if (s.round() != round) return Behaviors.same();
          probe = null;
          if (stopRequested) {
            stopRequested = false;
            startProbe();
          } else {
            // It stopped by itself before answering: its recovery or write failed.
            answered(s.round(), "the probe stopped: its recovery or write failed");
          }
          return Behaviors.same();
        })
        .onMessage(Answered.class, a -> {
          answered(a.round(), a.error());
          return Behaviors.same();
        })
        .onMessage(JournalStopped.class, j -> {
          apply(watch.journalStopped("the journal plugin's actor " + j.path() + " stopped (it needs a restart)",
              clock.instant()));
          return Behaviors.same();
        })
        .onMessage(PeerAlert.class, p -> {
          if (p.alert() instanceof Alert.JournalHealth h && !h.node().equals(watch.node())
              && h.condition() != Alert.JournalHealth.Condition.RECOVERED) {
            apply(watch.peerFailing(h.node(), clock.instant()));
          }
          return Behaviors.same();
        })
        .onMessage(ReduceAnswered.class, r -> {
          reduceInFlight = false;
          if (r.reply() != null) {
            log.warn("Journal watchdog: the guardian confirmed trading state {}", r.reply().tradingState());
            watch = watch.reduced();
          }
          return Behaviors.same();
        })
        .build();
  }

  private void startProbe() {
    round++;
    answeredRound = false;
    probe = context.spawn(JournalProbe.create(watch.node(), startedAt + "-" + incarnation, clock), "probe-" + round);
    context.watchWith(probe, new ProbeStopped(round));
    long thisRound = round;
    Duration timeout = watch.settings().probeTimeout();
    context.ask(Done.class, probe, timeout, JournalProbe.Command::new, (done, e) -> new Answered(thisRound,
        e == null ? null : e instanceof java.util.concurrent.TimeoutException ? "no answer within " + timeout : e.toString()));
  }

  /** The outcome of a round (the first of its answer, its timeout or its probe stopping counts). */
  private void answered(long ofRound, String error) {
    if (ofRound != round || answeredRound) return;
    answeredRound = true;
    if (error != null) incarnation++; // its write may still land: the next probes write elsewhere
    apply(error == null ? watch.passed(clock.instant()) : watch.failed(error, clock.instant()));
    if (!watch.exiting()) timers.startSingleTimer(new Tick(), watch.settings().interval());
  }

  private void apply(JournalWatch.Decision decision) {
    watch = decision.watch();
    for (JournalWatch.Action action : decision.actions()) {
      if (action instanceof JournalWatch.Reduce r) {
        reduceReason = r.reason();
        retryReduce();
      } else if (action instanceof JournalWatch.Raise r) {
        log.error("Journal watchdog: {} on {}: {}", r.alert().condition(), r.alert().node(), r.alert().detail());
        Alerts.publish(context.getSystem(), r.alert());
      } else if (action instanceof JournalWatch.Exit x) {
        timers.cancelAll();
        exit.exit(context.getSystem(), x.reason());
      }
    }
  }

  private void retryReduce() {
    if (!watch.reduceOwed() || reduceInFlight) return;
    reduceInFlight = true;
    context.ask(RiskGuardian.OperatorReply.class, guardian, watch.settings().probeTimeout(),
        replyTo -> new RiskGuardian.RestrictTrading(TradingState.REDUCING, "journal-watchdog@" + watch.node(),
            reduceReason, replyTo),
        (reply, e) -> new ReduceAnswered(reply, e == null ? null : e.toString()));
  }
}
