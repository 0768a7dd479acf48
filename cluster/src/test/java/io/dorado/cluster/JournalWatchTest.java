package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.alert.Alert.JournalHealth.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalWatchTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private static final JournalWatch.Settings SETTINGS =
      new JournalWatch.Settings(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, Duration.ofMinutes(3), Duration.ZERO);

  private static JournalWatch healthy() {
    return JournalWatch.started(SETTINGS, "127.0.0.1:25520", T0);
  }

  private static List<String> kinds(JournalWatch.Decision d) {
    return d.actions().stream().map(a -> a instanceof JournalWatch.Raise r ? "Raise " + r.alert().condition()
        : a.getClass().getSimpleName()).toList();
  }

  @Test
  void one_failed_probe_is_a_blip_and_a_passing_one_forgets_it() {
    var first = healthy().failed("no answer within 5s", T0);
    assertEquals(List.of(), first.actions());
    var passed = first.watch().passed(T0.plusSeconds(15));
    assertEquals(List.of(), passed.actions(), "no alarm was raised, so no recovery either");
    var again = passed.watch().failed("no answer", T0.plusSeconds(30));
    assertEquals(List.of(), again.actions(), "the count starts again");
  }

  @Test
  void failures_to_alarm_failed_probes_in_a_row_owe_a_reducing_and_raise_failing_once() {
    var d = healthy().failed("timeout", T0).watch().failed("timeout", T0.plusSeconds(15));
    assertEquals(List.of("Reduce", "Raise FAILING"), kinds(d));
    assertTrue(d.watch().reduceOwed());
    var raise = (JournalWatch.Raise) d.actions().get(1);
    assertEquals(T0, raise.alert().since(), "failing since the first failed probe");
    assertEquals(List.of(), d.watch().failed("timeout", T0.plusSeconds(30)).actions(), "raised once, not every probe");
  }

  @Test
  void a_passing_probe_after_the_alarm_raises_recovered_and_the_reducing_stays_owed_until_the_guardian_confirms() {
    var failing = healthy().failed("x", T0).watch().failed("x", T0.plusSeconds(15)).watch();
    var recovered = failing.passed(T0.plusSeconds(30));
    assertEquals(List.of("Raise RECOVERED"), kinds(recovered));
    assertEquals(T0, ((JournalWatch.Raise) recovered.actions().get(0)).alert().since());
    assertTrue(recovered.watch().reduceOwed(), "a guardian on the failed journal may not have recorded it yet");
    assertFalse(recovered.watch().reduced().reduceOwed());
    assertEquals(List.of(), recovered.watch().passed(T0.plusSeconds(45)).actions());
  }

  @Test
  void failing_for_restart_after_since_the_first_failure_exits_once() {
    var w = healthy().failed("x", T0).watch().failed("x", T0.plusSeconds(15)).watch();
    assertEquals(List.of(), w.failed("x", T0.plusSeconds(179)).actions(), "2 min 59 s: still waiting");
    var exit = w.failed("x", T0.plusSeconds(180));
    assertEquals(List.of("Reduce", "Raise RESTARTING", "Exit"), kinds(exit));
    assertTrue(exit.watch().exiting());
    assertEquals(List.of(), exit.watch().failed("x", T0.plusSeconds(200)).actions(), "nothing after the exit");
    assertEquals(List.of(), exit.watch().passed(T0.plusSeconds(200)).actions());
  }

  @Test
  void a_zero_restart_after_never_exits_on_failing_probes() {
    var never = JournalWatch.started(new JournalWatch.Settings(Duration.ofSeconds(10), Duration.ofSeconds(5), 1,
        Duration.ZERO, Duration.ZERO), "n", T0);
    var d = never.failed("x", T0);
    assertEquals(List.of("Reduce", "Raise FAILING"), kinds(d));
    assertEquals(List.of(), d.watch().failed("x", T0.plus(Duration.ofDays(1))).actions());
  }

  @Test
  void the_journal_plugin_stopping_exits_at_once_even_before_a_probe_failed() {
    var d = healthy().journalStopped("journal actor stopped", T0);
    assertEquals(List.of("Reduce", "Raise RESTARTING", "Exit"), kinds(d));
    assertEquals(Condition.RESTARTING, ((JournalWatch.Raise) d.actions().get(1)).alert().condition());
    assertEquals(List.of(), d.watch().journalStopped("again", T0.plusSeconds(1)).actions());
  }

  @Test
  void another_nodes_failing_journal_owes_a_reducing_here_once_until_confirmed() {
    var d = healthy().peerFailing("127.0.0.1:25521", T0);
    assertEquals(List.of("Reduce"), kinds(d));
    assertEquals(List.of(), d.watch().peerFailing("127.0.0.1:25521", T0.plusSeconds(1)).actions(), "already owed");
    assertEquals(List.of("Reduce"), kinds(d.watch().reduced().peerFailing("127.0.0.1:25522", T0.plusSeconds(2))));
  }

  @Test
  void failed_probes_within_the_startup_grace_do_not_count_until_one_passed_and_after_it_they_do() {
    var grace = new JournalWatch.Settings(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, Duration.ofMinutes(3),
        Duration.ofSeconds(30));
    var w = JournalWatch.started(grace, "n", T0);
    var d = w.failed("slow start", T0.plusSeconds(5)).watch().failed("slow start", T0.plusSeconds(20));
    assertEquals(List.of(), d.actions(), "the plugin is still starting");
    assertEquals(List.of("Reduce", "Raise FAILING"),
        kinds(d.watch().failed("x", T0.plusSeconds(35)).watch().failed("x", T0.plusSeconds(50))), "grace over");
    var passedEarly = w.passed(T0.plusSeconds(5)).watch();
    assertEquals(List.of("Reduce", "Raise FAILING"),
        kinds(passedEarly.failed("x", T0.plusSeconds(10)).watch().failed("x", T0.plusSeconds(20))),
        "once a probe passed, the grace is over");
    assertEquals(List.of("Reduce", "Raise RESTARTING", "Exit"), kinds(w.journalStopped("stopped", T0.plusSeconds(1))),
        "a stopped journal plugin is acted on at once");
  }
}
