package io.dorado.fleet.crash;

import io.dorado.actors.CrashPoint;
import io.dorado.cluster.FleetNode;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.testing.Eventually;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One life of the fleet for {@link CrashPointsTest}, in its own JVM: it recovers from the previous life
 * (halted at a crash point), settles and checks the order path's invariants ({@link OrderPathInvariants}),
 * then arms the next crash point and trades ({@link CrashChild#trade}) until the point halts it. So each
 * life is both the recovery of the last kill and the next kill.
 *
 * <p>Prints {@code LEDGER <position> <cash>} (the guardian's ledger before this test, first life only),
 * {@code CHECKED <summary>} or {@code VIOLATION <message>}, {@code ARMED <point>:<n>}, CrashChild's
 * markers, and last {@code CRASH-POINT <point> <n>} (printed by {@link CrashPoint} as it halts). Unarmed,
 * it exits with 0 after the check; a violation exits with 1.
 *
 * <p>Arguments: cassandra host, cassandra port, exchange file, bot count, seed, journal name, the
 * guardian's position and cash before the test ({@code -} to read them now), point ({@code -} for
 * none), n.
 */
public final class CrashPointChild {

  public static void main(String[] args) throws Exception {
    CrashChild.dieWithParent();
    var cassandra = CassandraSettings.local(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    Path exchange = Path.of(args[2]);
    int bots = Integer.parseInt(args[3]);
    String seed = args[4];
    var config = CrashFleet.config(cassandra, TestCassandra.journalOfItsOwn(args[5]));
    FleetNode node = CrashFleet.start(config, exchange, line -> {});
    long started = System.currentTimeMillis();
    CrashChild.createBots(node.operations(), bots);

    BigDecimal position;
    BigDecimal cash;
    if (args[6].equals("-")) {
      RiskGuardian.GuardianStatus before = Eventually.eventually(
          () -> node.operations().risk().toCompletableFuture().get(10, TimeUnit.SECONDS), r -> true);
      position = before.positions().getOrDefault(CrashFleet.SYMBOL, BigDecimal.ZERO);
      cash = before.cash();
      CrashChild.mark("LEDGER " + position.toPlainString() + " " + cash.toPlainString());
    } else {
      position = new BigDecimal(args[6]);
      cash = new BigDecimal(args[7]);
    }

    List<String> botIds = IntStream.range(0, bots).mapToObj(CrashChild::botId).toList();
    long up = System.currentTimeMillis();
    try {
      var summary = OrderPathInvariants.check(node, exchange, botIds, position, cash);
      CrashChild.mark("TIMING node started " + sinceStart(started) + " ms, bots up " + sinceStart(up) + " ms, checked "
          + sinceStart(System.currentTimeMillis()) + " ms after the JVM started; cpu " + ProcessHandle.current().info()
          .totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L) + " ms");
      CrashChild.mark("CHECKED " + summary);
    } catch (AssertionError | Exception e) {
      CrashChild.mark("VIOLATION " + String.valueOf(e).replace('\n', ' '));
      Runtime.getRuntime().halt(1);
    }

    if (args[8].equals("-")) {
      Runtime.getRuntime().halt(0); // the last life: checked, nothing armed
    }
    CrashPoint.arm(CrashPoint.valueOf(args[8]), Integer.parseInt(args[9]));
    CrashChild.mark("ARMED " + CrashPoint.armed());
    CrashChild.trade(node, bots, new Random(Long.parseLong(seed)), seed);
  }

  /** Milliseconds from this JVM's start to {@code at}. */
  private static long sinceStart(long at) {
    return at - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  private CrashPointChild() {}
}
