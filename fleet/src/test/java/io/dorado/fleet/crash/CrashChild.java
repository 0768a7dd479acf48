package io.dorado.fleet.crash;

import io.dorado.cluster.FleetNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.testing.Eventually;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One life of the fleet for {@link FleetCrashTest}, in its own JVM so it can be killed with SIGKILL:
 * starts a node on the given Cassandra with the durable exchange, creates the bots (again: creating an
 * existing bot is refused and harmless), then trades for ever: a price tick every 100 ms, a signal to a
 * random bot every 200 ms (enter when it is flat, exit when it holds). Prints markers the parent kills
 * on: {@code READY}, {@code SIGNAL <bot> <action>} (an intent accepted), {@code SENT <id>} and
 * {@code FILLED <id>} (from the exchange, after its fsync); {@code ACK} and {@code OUTCOME} lines explain.
 *
 * <p>Arguments: cassandra host, cassandra port, exchange file, bot count, seed.
 */
public final class CrashChild {

  public static void main(String[] args) throws Exception {
    dieWithParent();
    var cassandra = CassandraSettings.local(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    Path exchange = Path.of(args[2]);
    int bots = Integer.parseInt(args[3]);
    Random random = new Random(Long.parseLong(args[4]));

    FleetNode node = CrashFleet.start(cassandra, exchange, CrashChild::mark);
    createBots(node.operations(), bots);
    trade(node, bots, random, args[4]);
  }

  /** Creates the bots (again: creating an existing bot is refused and harmless). */
  static void createBots(FleetOperations ops, int bots) throws InterruptedException {
    for (int i = 0; i < bots; i++) {
      String botId = botId(i);
      Eventually.eventually(java.time.Duration.ofSeconds(90),
          () -> ops.createBot(CrashFleet.bot(botId), "crash-test").toCompletableFuture().get(10, TimeUnit.SECONDS),
          reply -> true);
    }
  }

  /** Prints READY, then trades for ever: a price every 100 ms, a signal to a random bot every 200 ms. */
  static void trade(FleetNode node, int bots, Random random, String seed) throws InterruptedException {
    FleetOperations ops = node.operations();
    BigDecimal mid = new BigDecimal("42000");
    CrashFleet.price(node, mid);
    mark("READY");

    long tick = 0;
    while (true) {
      mid = CrashFleet.round(mid.add(BigDecimal.valueOf(random.nextGaussian() * 10)));
      CrashFleet.price(node, mid);
      if (tick++ % 2 == 0) {
        String botId = botId(random.nextInt(bots));
        String signalId = "sig-" + seed + "-" + tick;
        BigDecimal at = mid;
        ops.liveState(botId, true).thenAccept(state -> state.map(CrashChild::nextAction).ifPresent(action ->
            ops.ingestSignal(botId, new Signal(signalId, botId, CrashFleet.SYMBOL, action, at, null, null, "crash-test",
                    Instant.now()))
                .thenAccept(ack -> mark((ack instanceof Bot.Accepted ? "SIGNAL " : "ACK ") + botId + " " + action
                    + (ack instanceof Bot.Accepted ? "" : " " + ack)))));
      }
      Thread.sleep(100);
    }
  }

  /**
   * Halts when the parent (the test JVM) ends: no orphaned fleets. Watches the parent process itself, not our
   * stdin: {@code Process.destroy()} closes the child's stdin right after its SIGTERM, and a watcher of stdin
   * halted every SIGTERMed node at once, before its coordinated shutdown could hand anything over (the
   * "rolling restart" of ClusterFailoverTest was three SIGKILLs in effect).
   */
  static void dieWithParent() {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
  }

  /** Enter when flat, exit when holding; nothing while an order or review is under way. */
  private static SignalAction nextAction(BotState state) {
    if (state.data().lastOutcome() != null) outcome(state.data().config().id(), state.data().lastOutcome().reason());
    if (state.phase() == Phase.IDLE) return SignalAction.ENTER_LONG;
    if (state.phase() == Phase.MONITORING) return SignalAction.EXIT;
    return null;
  }

  private static final java.util.Map<String, String> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

  /** Each bot's latest outcome, once: why the last trade ended (filled, denied, rejected...). */
  private static void outcome(String botId, String reason) {
    if (!reason.equals(OUTCOMES.put(botId, reason))) mark("OUTCOME " + botId + " " + reason);
  }

  static String botId(int i) {
    return "crash-" + i;
  }

  static synchronized void mark(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
