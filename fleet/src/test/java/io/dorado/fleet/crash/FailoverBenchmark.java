package io.dorado.fleet.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover time, several times over: the three-node cluster of {@link ClusterFailoverTest}, whose
 * singletons' node is SIGKILLed {@code dorado.failover.kills} times (default 3; a replacement joins after
 * each); prints each failover, the median, and the order-path check at the end. A main, not a test:
 * it prints figures and asserts nothing about time. See the README's "Benchmarks".
 */
public final class FailoverBenchmark {

  public static void main(String[] args) throws Exception {
    int kills = Integer.getInteger("dorado.failover.kills", 3);
    ClusterFailoverTest cluster = new ClusterFailoverTest();
    cluster.cluster();
    try {
      List<Duration> times = new ArrayList<>();
      for (int i = 1; i <= kills; i++) {
        ClusterFailoverTest.Failover failover = cluster.killTheSingletonsNode();
        times.add(failover.botsAnswering());
        System.out.println("kill " + i + ": " + failover);
      }
      times.sort(null);
      System.out.printf("failover after SIGKILL, %d kills: median %.1f s, worst %.1f s (goal <= 15 s)%n", kills,
          times.get(times.size() / 2).toMillis() / 1000.0, times.get(times.size() - 1).toMillis() / 1000.0);
      cluster.checkAfter(kills + " SIGKILLs");
    } finally {
      cluster.stop();
    }
    System.exit(0);
  }
}
