package io.dorado.cluster;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.alert.Alert.JournalHealth.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link JournalWatchdog} knows about its node's journal and decides from each probe: pure, so every
 * rule is tested without a journal. Healthy until {@code failuresToAlarm} probes in a row fail; then FAILING
 * (REDUCING owed, alert); a passing probe then means RECOVERED (alert; the REDUCING stays, an operator lifts
 * it); failing for {@code restartAfter} since the first failed probe, or the journal plugin stopping (it never
 * starts again in this process), means RESTARTING (alert, exit). The REDUCING stays owed until the guardian
 * confirms it, whatever the journal does meanwhile: it is recorded once a journal that can record it works.
 *
 * @param countFrom    failed probes before this are not counted (the start-up grace); null once a probe passed
 * @param failures     failed probes in a row
 * @param failingSince when the first of them failed; null while the last probe passed
 * @param alarmed      FAILING was raised and RECOVERED not yet
 * @param reduceOwed   a REDUCING the guardian has not confirmed yet
 * @param exiting      RESTARTING was decided: nothing else is
 */
record JournalWatch(Settings settings, String node, Instant countFrom, int failures, Instant failingSince,
    boolean alarmed, boolean reduceOwed, boolean exiting) {

  /**
   * @param interval        between the end of one probe and the start of the next
   * @param probeTimeout    a probe (recovery of the probe entity and one write) not done by then failed
   * @param failuresToAlarm failed probes in a row that make the journal FAILING (one failure may be a blip)
   * @param restartAfter    FAILING this long since the first failed probe: the node exits; zero: never
   * @param startupGrace    a node's first probes also start the plugin (connections, prepared statements): until
   *                        one passed, failed probes within this time of the start are not counted
   */
  record Settings(Duration interval, Duration probeTimeout, int failuresToAlarm, Duration restartAfter,
      Duration startupGrace) {
    Settings {
      if (startupGrace.isNegative()) throw new IllegalArgumentException("startup-grace must not be negative");
      if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
      if (probeTimeout.isNegative() || probeTimeout.isZero()) throw new IllegalArgumentException("probe-timeout must be positive");
      if (failuresToAlarm < 1) throw new IllegalArgumentException("failures-to-alarm must be at least 1");
      if (restartAfter.isNegative()) throw new IllegalArgumentException("restart-after must not be negative");
    }
  }

  /** What to do: each kind once per decision, in this order. */
  sealed interface Action {}

  /** Ask the guardian for at least REDUCING (again, until it confirms). */
  record Reduce(String reason) implements Action {}

  record Raise(Alert.JournalHealth alert) implements Action {}

  /** Leave the cluster and exit with {@link JournalWatchdog#EXIT_CODE}. */
  record Exit(String reason) implements Action {}

  record Decision(JournalWatch watch, List<Action> actions) {}

  static JournalWatch started(Settings settings, String node, Instant now) {
    return new JournalWatch(settings, node, now.plus(settings.startupGrace()), 0, null, false, false, false);
  }

  /** A probe passed. */
  Decision passed(Instant now) {
    if (exiting) return new Decision(this, List.of());
    List<Action> actions = new ArrayList<>();
    if (alarmed) {
      actions.add(new Raise(alert(Condition.RECOVERED, "probes pass again after " + failures + " failed", now)));
    }
    return new Decision(new JournalWatch(settings, node, null, 0, null, false, reduceOwed, false), actions);
  }

  /** A probe failed (an error or no answer within the probe timeout). */
  Decision failed(String detail, Instant now) {
    if (exiting) return new Decision(this, List.of());
    if (countFrom != null && now.isBefore(countFrom)) return new Decision(this, List.of());
    Instant since = failingSince == null ? now : failingSince;
    int count = failures + 1;
    JournalWatch next = new JournalWatch(settings, node, countFrom, count, since, alarmed, reduceOwed, false);
    String what = count + " probe(s) failed in a row, the last: " + detail;
    if (!settings.restartAfter().isZero() && !Duration.between(since, now).minus(settings.restartAfter()).isNegative()) {
      return next.restart(what + "; failing for " + Duration.between(since, now).toSeconds() + " s", now);
    }
    if (!alarmed && count >= settings.failuresToAlarm()) {
      String reason = "journal failing on " + node + ": " + what;
      return new Decision(new JournalWatch(settings, node, countFrom, count, since, true, true, false),
          List.of(new Reduce(reason), new Raise(next.alert(Condition.FAILING, what, now))));
    }
    return new Decision(next, List.of());
  }

  /** The journal plugin's actor stopped (e.g. its tag writer failed): it never works again in this process. */
  Decision journalStopped(String detail, Instant now) {
    if (exiting) return new Decision(this, List.of());
    JournalWatch next = new JournalWatch(settings, node, countFrom, failures, failingSince == null ? now : failingSince,
        alarmed, reduceOwed, false);
    return next.restart(detail, now);
  }

  /** Another node's journal fails: the fleet goes REDUCING even if that node exits before it could record it. */
  Decision peerFailing(String peer, Instant now) {
    if (exiting || reduceOwed) return new Decision(this, List.of());
    return new Decision(new JournalWatch(settings, node, countFrom, failures, failingSince, alarmed, true, false),
        List.of(new Reduce("journal failing on " + peer)));
  }

  /** The guardian confirmed a state at least as strict as REDUCING. */
  JournalWatch reduced() {
    return new JournalWatch(settings, node, countFrom, failures, failingSince, alarmed, false, exiting);
  }

  private Decision restart(String detail, Instant now) {
    List<Action> actions = new ArrayList<>();
    actions.add(new Reduce("journal failed on " + node + ": " + detail));
    actions.add(new Raise(alert(Condition.RESTARTING, detail, now)));
    actions.add(new Exit(detail));
    return new Decision(new JournalWatch(settings, node, countFrom, failures, failingSince, true, true, true), actions);
  }

  private Alert.JournalHealth alert(Condition condition, String detail, Instant now) {
    return new Alert.JournalHealth(node, condition, detail, failingSince == null ? now : failingSince, now);
  }
}
