package io.dorado.fleet.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.venue.ForwardingVenueAdapter;
import io.dorado.actors.venue.PaperVenue;
import io.dorado.actors.venue.VenueAdapter;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeSetup;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The figures of issue 4's "Measured" part, in one run on one node and the test Cassandra (started
 * here): the raw persist ceiling (100 entities persisting in parallel, one event per write), orders/s
 * through the full path (signal, review, acknowledgement, venue, fill, with 20 auto-execute paper
 * bots doing round trips), and the recovery time of an entity with 10,000 events with and without
 * snapshots. Prints a table; asserts nothing (a benchmark, not a test). Run it with:
 *
 * <pre>
 * mvn -B -ntp -pl fleet -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp fleet/target/test-classes:fleet/target/classes:$(cat fleet/target/bench.cp) io.dorado.fleet.bench.FleetBenchmark
 * </pre>
 */
public final class FleetBenchmark {
  private static final int ENTITIES = 100;
  private static final int EVENTS_EACH = 100;
  private static final int BOTS = 20;
  private static final Duration ORDER_WINDOW = Duration.ofSeconds(30);
  private static final int RECOVERY_EVENTS = 10_000;

  public static void main(String[] args) throws Exception {
    Config config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "benchmark-secret-0123456789abcdef"
            dorado.bot.retry-interval = 1s
            """).withFallback(ConfigFactory.parseResources("cluster.conf")));
    AtomicLong sent = new AtomicLong();
    List<String[]> rows = new ArrayList<>();
    try (FleetNode node = FleetNode.start(config, setup(), venueId -> counting(PaperVenue.fromConfig(config), sent))) {
      ActorSystem<Void> system = node.system();
      rows.add(persistCeiling(system));
      rows.add(ordersPerSecond(node, sent));
      rows.add(recovery(system, 0));
      rows.add(recovery(system, 1000));
    }
    System.out.println();
    System.out.printf("%-68s %16s  %s%n", "measure (one node, pekko-persistence-cassandra 1.1.0)", "figure", "detail");
    for (String[] row : rows) System.out.printf("%-68s %16s  %s%n", row[0], row[1], row[2]);
    System.exit(0);
  }

  private static String[] persistCeiling(ActorSystem<Void> system) throws Exception {
    List<ActorRef<BenchEntity.Command>> entities = new ArrayList<>();
    long run = System.nanoTime();
    for (int i = 0; i < ENTITIES; i++) {
      entities.add(system.systemActorOf(BenchEntity.create("ceiling-" + run + "-" + i, 0), "bench-" + run + "-" + i,
          Props.empty()));
    }
    long t0 = System.nanoTime();
    List<CompletableFuture<Done>> chains = new ArrayList<>();
    for (var entity : entities) {
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (int n = 0; n < EVENTS_EACH; n++) {
        chain = chain.thenCompose(d -> AskPattern.ask(entity, (ActorRef<Done> r) -> new BenchEntity.Persist(1, r),
            Duration.ofSeconds(30), system.scheduler()));
      }
      chains.add(chain.toCompletableFuture());
    }
    CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    entities.forEach(e -> e.tell(new BenchEntity.Stop()));
    long events = (long) ENTITIES * EVENTS_EACH;
    return new String[] {"raw persist ceiling, " + ENTITIES + " entities in parallel", fmt(events / seconds) + " ev/s",
        events + " events, one per write, in " + fmt(seconds) + " s"};
  }

  private static String[] ordersPerSecond(FleetNode node, AtomicLong sent) throws Exception {
    FleetOperations ops = node.operations();
    List<String> bots = new ArrayList<>();
    long run = System.currentTimeMillis() % 100000;
    for (int i = 0; i < BOTS; i++) {
      String botId = "bench-" + run + "-" + i;
      bots.add(botId);
      BotConfig bot = new BotConfig(botId, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
          ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.001")), RegimeFilter.ANY, null);
      retry(() -> ops.createBot(bot, "bench").toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    BigDecimal mid = new BigDecimal("42000");
    price(node, mid);
    long before = sent.get();
    long t0 = System.nanoTime();
    long end = t0 + ORDER_WINDOW.toNanos();
    long signals = 0;
    while (System.nanoTime() < end) {
      price(node, mid);
      List<CompletableFuture<?>> round = new ArrayList<>();
      for (String botId : bots) {
        long n = ++signals;
        round.add(ops.liveState(botId, true).thenCompose(state -> {
          SignalAction action = state.map(FleetBenchmark::next).orElse(null);
          if (action == null) return CompletableFuture.completedFuture(null);
          return ops.ingestSignal(botId, new Signal("bench-" + n, botId, "BTC", action, mid, null, null, "bench",
              Instant.now()));
        }).toCompletableFuture().exceptionally(e -> null));
      }
      CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long orders = sent.get() - before;
    return new String[] {"orders through the full path, " + BOTS + " bots", fmt(orders / seconds) + " orders/s",
        orders + " orders sent in " + fmt(seconds) + " s (signal, review, ack, venue, fill)"};
  }

  private static SignalAction next(BotState state) {
    if (state.phase() == Phase.IDLE) return SignalAction.ENTER_LONG;
    if (state.phase() == Phase.MONITORING) return SignalAction.EXIT;
    return null;
  }

  private static String[] recovery(ActorSystem<Void> system, int snapshotEvery) throws Exception {
    String id = "recovery-" + snapshotEvery + "-" + System.nanoTime();
    var writer = system.systemActorOf(BenchEntity.create(id, snapshotEvery), id + "-writer", Props.empty());
    for (int written = 0; written < RECOVERY_EVENTS; written += 100) {
      AskPattern.ask(writer, (ActorRef<Done> r) -> new BenchEntity.Persist(100, r), Duration.ofSeconds(30),
          system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    writer.tell(new BenchEntity.Stop());
    Thread.sleep(1000); // let it stop: one writer per persistence id
    long t0 = System.nanoTime();
    var reader = system.systemActorOf(BenchEntity.create(id, snapshotEvery), id + "-reader", Props.empty());
    long count = AskPattern.ask(reader, (ActorRef<Long> r) -> new BenchEntity.GetCount(r), Duration.ofSeconds(120),
        system.scheduler()).toCompletableFuture().get(120, TimeUnit.SECONDS);
    double ms = (System.nanoTime() - t0) / 1e6;
    reader.tell(new BenchEntity.Stop());
    String how = snapshotEvery > 0 ? "with snapshots every " + snapshotEvery : "without snapshots";
    return new String[] {"recovery of an entity with " + RECOVERY_EVENTS + " events, " + how, fmt(ms) + " ms",
        "recovered count " + count};
  }

  private static NodeSetup setup() {
    // Re-entry at once and a high order rate: the benchmark measures the path, not the limits.
    RiskPolicy policy = new RiskPolicy(null, null, null,
        new RiskPolicy.Orders(null, null, null, new RiskPolicy.RateLimit(1000, 1000), Duration.ZERO, null, null), null);
    Universe core = new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));
    BigDecimal cash = new BigDecimal("1000000");
    return new NodeSetup(List.of(core), List.of("paper"), Set.of("crypto_momentum"), policy,
        AllocationPolicy.defaults(ArmMode.BY_BOT, cash, 7), cash, false);
  }

  private static void price(FleetNode node, BigDecimal mid) {
    Instant now = Instant.now();
    node.guardian().tell(new RiskGuardian.MarkPrice("BTC", mid, now));
    node.venue("paper").tell(new Venue.MarketPrice("BTC", mid.subtract(BigDecimal.ONE), mid.add(BigDecimal.ONE), now));
  }

  /** The paper venue, counting what is sent to it. */
  private static VenueAdapter counting(PaperVenue paper, AtomicLong sent) {
    return new ForwardingVenueAdapter(paper) {
      @Override
      public CompletionStage<OrderReport> place(Order order) {
        sent.incrementAndGet();
        return super.place(order);
      }
    };
  }

  interface Attempt {
    Object run() throws Exception;
  }

  private static void retry(Attempt attempt) throws Exception {
    Exception last = null;
    for (int i = 0; i < 120; i++) {
      try {
        attempt.run();
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw last;
  }

  private static String fmt(double value) {
    return String.format("%,.1f", value);
  }
}
