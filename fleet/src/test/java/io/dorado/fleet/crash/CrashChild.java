package io.dorado.fleet.crash;

import io.dorado.cluster.FleetNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
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
 * random bot every 300 ms. Prints markers the parent kills on: {@code READY}, {@code SIGNAL <bot>}
 * (an intent accepted), {@code SENT <id>} and {@code FILLED <id>} (from the exchange, after its fsync).
 *
 * <p>Arguments: cassandra host, cassandra port, exchange file, bot count, seed.
 */
public final class CrashChild {

  public static void main(String[] args) throws Exception {
    var cassandra = CassandraSettings.local(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    Path exchange = Path.of(args[2]);
    int bots = Integer.parseInt(args[3]);
    Random random = new Random(Long.parseLong(args[4]));

    FleetNode node = CrashFleet.start(cassandra, exchange, CrashChild::mark);
    FleetOperations ops = node.operations();
    for (int i = 0; i < bots; i++) {
      String botId = botId(i);
      CrashFleet.eventually(java.time.Duration.ofSeconds(90),
          () -> ops.createBot(CrashFleet.bot(botId), "crash-test").toCompletableFuture().get(10, TimeUnit.SECONDS),
          reply -> true);
    }
    BigDecimal mid = new BigDecimal("42000");
    CrashFleet.price(node, mid);
    mark("READY");

    long tick = 0;
    while (true) {
      mid = CrashFleet.round(mid.add(BigDecimal.valueOf(random.nextGaussian() * 10)));
      CrashFleet.price(node, mid);
      if (tick++ % 3 == 0) {
        String botId = botId(random.nextInt(bots));
        SignalAction action = random.nextBoolean() ? SignalAction.ENTER_LONG : SignalAction.EXIT;
        String signalId = "sig-" + args[4] + "-" + tick;
        ops.ingestSignal(botId, new Signal(signalId, botId, CrashFleet.SYMBOL, action, mid, null, null, "crash-test",
                Instant.now()))
            .thenAccept(ack -> {
              if (ack instanceof Bot.Accepted) mark("SIGNAL " + botId + " " + action);
            });
      }
      Thread.sleep(100);
    }
  }

  static String botId(int i) {
    return "crash-" + i;
  }

  private static synchronized void mark(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
