package io.dorado.fleet.bench;

import io.dorado.cluster.FleetNode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Heap held by live bot entities: {@code count} bots created in the node's shard region (each persists
 * its {@code BotCreated} and stays in memory, idle), heap used after a full GC against the same node
 * just before (the baseline). The bots are created straight in the region, not through the fleet
 * supervisor, so its registry is not counted.
 */
final class HeapPerBot {
  private HeapPerBot() {}

  record Result(int bots, long baselineBytes, long afterBytes, double seconds) {
    double bytesPerBot() {
      return (afterBytes - baselineBytes) / (double) bots;
    }

    double botsPerGib() {
      return (1L << 30) / bytesPerBot();
    }
  }

  static Result measure(FleetNode node, int count) throws Exception {
    var sharding = ClusterSharding.get(node.system());
    long run = System.currentTimeMillis() % 1_000_000;
    long baseline = usedAfterGc();
    long t0 = System.nanoTime();
    var inFlight = new Semaphore(200);
    List<CompletableFuture<Bot.Ack>> created = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = "heap-" + run + "-" + i;
      inFlight.acquire();
      BotConfig config = new BotConfig(id, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
          SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.001")), RegimeFilter.ANY,
          null);
      var ack = sharding.entityRefFor(FleetNode.BOT, id)
          .<Bot.Ack>ask(replyTo -> new Bot.Create(config, replyTo), Duration.ofSeconds(60))
          .toCompletableFuture();
      ack.whenComplete((a, e) -> inFlight.release());
      created.add(ack);
    }
    CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long refused = created.stream().map(CompletableFuture::join).filter(a -> !(a instanceof Bot.Accepted)).count();
    if (refused > 0) throw new IllegalStateException(refused + " bots refused creation");
    created.clear(); // only the entities may hold anything now
    long after = usedAfterGc();
    return new Result(count, baseline, after, seconds);
  }

  /** Used heap once a few full collections have settled it. */
  static long usedAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(300);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
