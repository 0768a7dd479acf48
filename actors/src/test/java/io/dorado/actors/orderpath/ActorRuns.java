package io.dorado.actors.orderpath;

import java.time.Duration;
import java.util.ArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * Seeded runs of the real actors (bots, risk guardian, venue over a recording paper exchange) with
 * duplicated and reordered messages and restarts, each checked against the order path's four
 * invariants. The journal is whatever the kit's ActorSystem is configured with: the in-memory one in
 * the actors' own test, the real Cassandra node in the cluster module's.
 */
public final class ActorRuns {
  private ActorRuns() {}

  /** What a series of runs did, summed. */
  public record Summary(int runs, long acknowledged, long sent, long fills, int restarts, int duplicates,
      int delayed, long reductions) {
    public String describe() {
      return String.format("%d runs, %d orders checked (%d acknowledged, %d sent), %d fills, %d restarts,"
              + " %d duplicates injected, %d messages delayed (reordered), %d partial closes",
          runs, acknowledged + sent, acknowledged, sent, fills, restarts, duplicates, delayed, reductions);
    }
  }

  /**
   * Runs seeds {@code firstSeed} .. {@code firstSeed + runs - 1}, {@code actions} random actions each, then
   * waits for every bot to settle and checks the invariants.
   *
   * @throws AssertionError naming the seed, the violations and what the run did, at the first failing run
   */
  public static Summary run(ActorTestKit kit, StoredEvents journal, long firstSeed, int runs, int actions)
      throws InterruptedException {
    var faults = new ActorRun.Faults();
    long acks = 0, sent = 0, fills = 0, reductions = 0;
    for (int i = 0; i < runs; i++) {
      var run = new ActorRun(kit, journal, firstSeed + i, faults);
      run.run(actions);
      var violations = new ArrayList<String>();
      if (!run.settle(Duration.ofSeconds(15))) violations.add("did not settle: " + run.botStates() + run.whyUnsettled());
      for (int attempt = 0; attempt < 50; attempt++) { // the guardian may still be taking in the last reports
        violations.removeIf(v -> !v.startsWith("did not settle"));
        violations.addAll(run.violations());
        if (violations.isEmpty()) break;
        Thread.sleep(100);
      }
      if (!violations.isEmpty()) {
        throw new AssertionError("actor run " + run.seed() + " (run it alone with -Ddorado.invariants.seed="
            + run.seed() + "):\n  " + String.join("\n  ", violations) + "\nwhat it did:\n  "
            + String.join("\n  ", run.log()));
      }
      acks += run.ordersChecked();
      sent += run.sent();
      fills += run.fills();
      reductions += run.reductionsStarted();
      run.stop();
    }
    return new Summary(runs, acks, sent, fills, faults.restarts.get(), faults.duplicates.get(), faults.delayed.get(),
        reductions);
  }
}
