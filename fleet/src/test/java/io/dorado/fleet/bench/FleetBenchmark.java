package io.dorado.fleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.ForwardingVenueAdapter;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.cluster.FleetNode;
import io.dorado.persistence.readside.ReadSide;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The benchmark suite of issue 9 (P1–P6) in one run on one node and its own Cassandra node (started
 * here, as the tests do). Every figure is printed next to a baseline measured in the same run, because
 * the machine is shared and noisy. Prints a table; asserts nothing. Run it with {@code bin/bench}
 * ({@code bin/bench --quick} for a small run that only shows it works).
 */
public final class FleetBenchmark {
  /** P2's light load (orders/s): the path's own latency, with the machine mostly idle. */
  private static final double LIGHT_LOAD = 5;

  /** How big a run is. */
  record Size(int ceilingEntities, int ceilingEvents, int bots, Duration warmup, Duration window, int recoveryEvents,
      int snapshotEvery, Duration settled, int heapBots, int replayBots, int replayBars, int replayWarmups, int replayRounds,
      int persistSamples) {
    /**
     * {@code settled}: how long after its last write P5 recovers a bot — past the journal's tag-scanning
     * record ({@code events-by-tag.scanning-flush-interval} 5 s, written on the tick after next), as for a
     * bot recovered after passivation or on another node; the detail also shows a recovery 1 s after.
     */
    static final Size FULL = new Size(100, 100, 100, Duration.ofSeconds(10), Duration.ofSeconds(30), 10_000, 1_000,
        Duration.ofSeconds(11), 5_000, 100, Integer.MAX_VALUE, 3, 5, 500);
    static final Size QUICK = new Size(10, 10, 4, Duration.ofSeconds(1), Duration.ofSeconds(3), 300, 100,
        Duration.ofSeconds(1), 200, 4, 300, 0, 1, 20);
  }

  /** One line of the table. */
  record Row(String id, String measure, String figure, String baseline, String ratio, String goal, String detail) {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    Set<String> only = List.of(args).stream().filter(a -> a.startsWith("--only="))
        .flatMap(a -> Arrays.stream(a.substring("--only=".length()).split(","))).collect(Collectors.toSet());
    List<Row> rows = run(quick ? Size.QUICK : Size.FULL, only, System.out::println);
    print(rows);
    System.exit(0);
  }

  static List<Row> run(Size size, Consumer<String> progress) throws Exception {
    return run(size, Set.of(), progress);
  }

  /** @param only the parts to run (P1..P6; P2 needs P1's maximum); empty: all of them */
  static List<Row> run(Size size, Set<String> only, Consumer<String> progress) throws Exception {
    Predicate<String> runs = part -> only.isEmpty() || only.contains(part) || part.equals("P1") && only.contains("P2");
    Config config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "benchmark-secret-0123456789abcdef"
            dorado.bot.retry-interval = 2s
            # A loaded 2-core machine answers reads late; a recovery must not fail on the 2 s default.
            datastax-java-driver.basic.request.timeout = 10s
            dorado-bench-replay-dispatcher {
              type = Dispatcher
              executor = "fork-join-executor"
              throughput = 100
              fork-join-executor { parallelism-min = 1, parallelism-factor = 1.0, parallelism-max = 64 }
            }
            """).withFallback(ConfigFactory.parseResources("cluster.conf")));
    List<Row> rows = new ArrayList<>();
    OrderFlow[] flowRef = new OrderFlow[1];
    try (FleetNode node = FleetNode.start(config, OrderFlow.setup(),
        venueId -> counting(PaperVenue.fromConfig(config), o -> flowRef[0].placed(o)))) {
      ActorSystem<Void> system = node.system();
      flowRef[0] = OrderFlow.create(node);
      OrderFlow flow = OrderFlow.start(node, flowRef[0], size.bots());

      // The quiet measurements first: the order path leaves the read side busy catching up for a while.
      // Creating the bots kept it busy too: wait until it writes nothing.
      CqlSession readSide = ReadSide.session(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
      progress.accept("waiting for the read side to settle after creating " + size.bots() + " bots: "
          + fmt(readSideCaughtUp(readSide, Duration.ofMinutes(1))) + " s");
      double idle = flow.cpuAtRest(size.warmup()); // what the node costs doing nothing: polling, timers, Cassandra
      if (runs.test("P6")) rows.add(replay(system, size, progress));
      if (runs.test("P5")) rows.add(recovery(system, size, progress));
      if (runs.test("P1")) orderPath(flow, system, readSide, size, runs.test("P2"), idle, rows, progress);
      flow.close();
      if (runs.test("P3")) rows.add(heap(node, size, progress));
      if (runs.test("P4")) rows.add(new Row("P4", "failover (cluster issue)", "see ClusterFailoverTest", "", "", "<= 15 s",
          "measured by fleet's ClusterFailoverTest (three node JVMs, SIGKILL): see its output and the README"));
    }
    rows.sort(java.util.Comparator.comparing(Row::id));
    return rows;
  }

  /** P1 (and P2 at half of P1's maximum). */
  private static void orderPath(OrderFlow flow, ActorSystem<Void> system, CqlSession session, Size size,
      boolean latency, double idle, List<Row> rows, Consumer<String> progress) throws Exception {
    progress.accept("P1 baseline: raw persist ceiling ...");
    double ceiling = persistCeiling(system, size);
    progress.accept("P1: orders through the full path, " + size.bots() + " bots ...");
    flow.closedLoop(size.warmup());
    Map<String, Long> before = TableWrites.now(session);
    OrderFlow.Window max = flow.closedLoop(size.window());
    String writes = TableWrites.between(before, TableWrites.now(session), Math.max(1, max.orders()));
    rows.add(new Row("P1", "orders/s through the full durable path, " + size.bots() + " bots",
        fmt(max.perSecond()) + " orders/s", fmt(ceiling) + " ev/s raw persist ceiling (" + size.ceilingEntities()
            + " entities)", pct(max.perSecond() / ceiling), ">= 1,000 orders/s",
        max.orders() + " orders in " + fmt(max.seconds()) + " s; " + max.refused() + " signals refused; Cassandra "
            + "writes per order: " + writes));
    if (!latency) return;
    progress.accept("P2: waiting for the read side to catch up with P1 ...");
    double caughtUp = readSideCaughtUp(session, Duration.ofMinutes(3));
    double half = Math.max(1, max.perSecond() / 2);
    progress.accept("P2: latency at half the maximum load, " + fmt(half) + " orders/s ...");
    OrderFlow.Window paced = flow.paced(half, size.window());
    // Where the floor is: the same path at a light load, and one journal write on its own.
    double light = Math.min(LIGHT_LOAD, half);
    progress.accept("P2 detail: latency at " + fmt(light) + " orders/s, and one journal write at rest ...");
    double rest = flow.cpuAtRest(size.warmup());
    OrderFlow.Window lightly = flow.paced(light, size.window());
    Histogram write = persistLatency(system, size.persistSamples());
    rows.add(new Row("P2", "signal -> venue send p50 / p99 at " + fmt(half) + " orders/s", ms(paced.latency(), 50)
        + " / " + ms(paced.latency(), 99) + " ms", ms(max.latency(), 50) + " / " + ms(max.latency(), 99)
        + " ms at max load", "", "p99 <= 20 ms", paced.orders() + " orders (" + fmt(paced.perSecond())
        + "/s), " + paced.latency().getTotalCount() + " timed, max " + ms(paced.latency(), 100) + " ms, "
        + paced.missed() + " ticks found no free bot; after P1 the read side took " + fmt(caughtUp) + " s to catch up; "
        + "at " + fmt(light) + " orders/s: " + ms(lightly.latency(), 50) + " / " + ms(lightly.latency(), 99) + " ms ("
        + lightly.latency().getTotalCount() + " timed); one journal write (untagged, one entity, one at a time): "
        + ms(write, 50) + " / " + ms(write, 99) + " ms; machine CPU busy (mean, all processes): " + pct(max.cpuBusy())
        + " at max load, " + pct(paced.cpuBusy()) + " at half, " + pct(lightly.cpuBusy()) + " at " + fmt(light) + "/s, "
        + pct(rest) + " at rest just before (no signals), " + pct(idle) + " idle before any load"));
  }

  /**
   * Waits until the read side writes (almost) nothing for two seconds in a row: it lags at maximum load, and
   * its catching up would otherwise be measured as order-path latency. Returns the seconds it took.
   */
  private static double readSideCaughtUp(CqlSession session, Duration patience) throws InterruptedException {
    long t0 = System.nanoTime();
    int quiet = 0;
    Map<String, Long> before = TableWrites.now(session);
    while (quiet < 2 && System.nanoTime() - t0 < patience.toNanos()) {
      Thread.sleep(1000);
      Map<String, Long> now = TableWrites.now(session);
      long readSide = now.entrySet().stream().filter(e -> e.getKey().startsWith("dorado_read."))
          .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
      quiet = readSide < 10 ? quiet + 1 : 0;
      before.clear();
      before.putAll(now);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Row recovery(ActorSystem<Void> system, Size size, Consumer<String> progress) throws Exception {
    progress.accept("P5: recovery of " + size.recoveryEvents() + " events ...");
    BenchEntity.Counts[] plain = new BenchEntity.Counts[1];
    BenchEntity.Counts[] snap = new BenchEntity.Counts[1];
    BenchEntity.Counts[] early = new BenchEntity.Counts[1];
    recovery(system, size.recoveryEvents(), 0, Duration.ofSeconds(1), 1, null); // warms up reads and the snapshot store
    double without = recovery(system, size.recoveryEvents(), 0, size.settled(), 3, plain);
    double with = recovery(system, size.recoveryEvents(), size.snapshotEvery(), size.settled(), 5, snap);
    double rightAfter = recovery(system, size.recoveryEvents(), size.snapshotEvery(), Duration.ofSeconds(1), 1, early);
    return new Row("P5", "recovery of a bot with " + size.recoveryEvents() + " events, snapshot every "
        + size.snapshotEvery() + " (median)", fmt(with) + " ms", fmt(without) + " ms without snapshots",
        ratio(with / without),
        "<= 50 ms", "replayed " + snap[0].replayed() + " events (without: " + plain[0].replayed() + "); recovered "
            + "1 s after its last write (before the journal's tag-scanning record, every 5 s): " + fmt(rightAfter)
            + " ms");
  }

  private static Row heap(FleetNode node, Size size, Consumer<String> progress) throws Exception {
    progress.accept("P3: heap per live bot, " + size.heapBots() + " bots ...");
    HeapPerBot.Result heap = HeapPerBot.measure(node, size.heapBots());
    return new Row("P3", "heap per live bot entity (sharded, idle)", fmt(heap.bytesPerBot() / 1024) + " KiB",
        mib(heap.baselineBytes()) + " MiB used before (node, " + size.bots() + " bots)",
        fmt(heap.botsPerGib()) + " bots/GiB", ">= 100,000 bots in 2 GiB",
        heap.bots() + " bots: " + mib(heap.baselineBytes()) + " -> " + mib(heap.afterBytes()) + " MiB after full GC; "
            + fmt(2 * heap.botsPerGib()) + " in 2 GiB; created in " + fmt(heap.seconds()) + " s");
  }

  private static Row replay(ActorSystem<Void> system, Size size, Consumer<String> progress) throws Exception {
    progress.accept("P6: replay of real bars to " + size.replayBots() + " strategy bots vs ta4j ...");
    var bars = ReplaySpeed.firstBars(ReplaySpeed.bars(), size.replayBars());
    ReplaySpeed.Result replay = ReplaySpeed.measure(system, bars, size.replayBots(), size.replayWarmups(), size.replayRounds());
    return new Row("P6", "fleet replay, " + replay.bots() + " bots x " + replay.bars() + " real 1-min bars",
        fmt(replay.fleetPerSecond()) + " evals/s", fmt(replay.ta4jPerSecond()) + " evals/s ta4j BarSeriesManager",
        ratio(replay.ratio()), "ratio >= 1", "median of " + size.replayRounds() + " rounds after "
            + size.replayWarmups() + " warm-up rounds (ratios " + ratio(replay.lowestRatio()) + " to "
            + ratio(replay.highestRatio()) + "); positions fleet "
            + replay.fleetPositions() + " / ta4j " + replay.ta4jPositions() + "; fleet " + fmt(replay.fleetSeconds())
            + " s, ta4j " + fmt(replay.ta4jSeconds()) + " s");
  }

  static void print(List<Row> rows) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println();
    System.out.printf("machine: %d cores, %s GiB RAM, Java %s (%s), max heap %s MiB; Cassandra 5.0.9 node on this machine%n",
        Runtime.getRuntime().availableProcessors(), fmt(os.getTotalMemorySize() / (double) (1L << 30)),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), mib(Runtime.getRuntime().maxMemory()));
    String format = "%-3s %-58s %-24s %-50s %-16s %-24s %s%n";
    System.out.printf(format, "", "measure", "figure", "baseline (same run)", "ratio", "goal", "detail");
    for (Row r : rows) System.out.printf(format, r.id(), r.measure(), r.figure(), r.baseline(), r.ratio(), r.goal(), r.detail());
  }

  /** The latency of one event write when nothing else writes: {@code samples} persists, one after the other. */
  private static Histogram persistLatency(ActorSystem<Void> system, int samples) throws Exception {
    long run = System.nanoTime();
    var entity = system.systemActorOf(BenchEntity.create("latency-" + run, 0), "bench-latency-" + run, Props.empty());
    Histogram h = new Histogram(60_000_000_000L, 3);
    for (int n = 0; n < samples + 20; n++) { // the first 20 warm the entity and its statements up
      long t0 = System.nanoTime();
      AskPattern.ask(entity, (ActorRef<Done> r) -> new BenchEntity.Persist(1, r), Duration.ofSeconds(30),
          system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (n >= 20) h.recordValue(System.nanoTime() - t0);
    }
    entity.tell(new BenchEntity.Stop());
    return h;
  }

  private static double persistCeiling(ActorSystem<Void> system, Size size) throws Exception {
    List<ActorRef<BenchEntity.Command>> entities = new ArrayList<>();
    long run = System.nanoTime();
    for (int i = 0; i < size.ceilingEntities(); i++) {
      entities.add(system.systemActorOf(BenchEntity.create("ceiling-" + run + "-" + i, 0), "bench-" + run + "-" + i,
          Props.empty()));
    }
    long t0 = System.nanoTime();
    List<CompletableFuture<Done>> chains = new ArrayList<>();
    for (var entity : entities) {
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (int n = 0; n < size.ceilingEvents(); n++) {
        chain = chain.thenCompose(d -> AskPattern.ask(entity, (ActorRef<Done> r) -> new BenchEntity.Persist(1, r),
            Duration.ofSeconds(30), system.scheduler()));
      }
      chains.add(chain.toCompletableFuture());
    }
    CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    entities.forEach(e -> e.tell(new BenchEntity.Stop()));
    return (double) size.ceilingEntities() * size.ceilingEvents() / seconds;
  }

  /**
   * Writes {@code events} in writes of 100, stops the writer, waits {@code settle}, and times
   * {@code recoveries} fresh incarnations' recoveries one after the other: the median (ms).
   */
  private static double recovery(ActorSystem<Void> system, int events, int snapshotEvery, Duration settle,
      int recoveries, BenchEntity.Counts[] out) throws Exception {
    String id = "recovery-" + snapshotEvery + "-" + System.nanoTime();
    var writer = system.systemActorOf(BenchEntity.create(id, snapshotEvery), id + "-writer", Props.empty());
    for (int written = 0; written < events; written += 100) {
      int batch = Math.min(100, events - written);
      AskPattern.ask(writer, (ActorRef<Done> r) -> new BenchEntity.Persist(batch, r),
          Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    writer.tell(new BenchEntity.Stop());
    Thread.sleep(settle.toMillis()); // let it stop and its last snapshot land: one writer per persistence id
    var times = new ArrayList<Double>();
    BenchEntity.Counts counts = null;
    for (int attempt = 1; times.size() < recoveries; attempt++) { // a failed recovery stops the entity: time a fresh one
      long t0 = System.nanoTime();
      var reader = system.systemActorOf(BenchEntity.create(id, snapshotEvery), id + "-reader-" + attempt, Props.empty());
      try {
        counts = AskPattern.ask(reader, BenchEntity.GetCount::new, Duration.ofSeconds(30),
            system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        times.add((System.nanoTime() - t0) / 1e6);
        reader.tell(new BenchEntity.Stop());
        Thread.sleep(300); // stopped before the next incarnation starts
      } catch (Exception e) {
        if (attempt == recoveries + 2) throw e;
        Thread.sleep(1000);
      }
    }
    if (counts.count() != events) throw new IllegalStateException("recovered " + counts.count() + " of " + events);
    if (out != null) out[0] = counts;
    times.sort(null);
    return times.get(times.size() / 2);
  }

  /** The paper venue, telling {@code placed} about every order it is asked to place. */
  private static VenueAdapter counting(PaperVenue paper, Consumer<Order> placed) {
    return new ForwardingVenueAdapter(paper) {
      @Override
      public CompletionStage<OrderReport> place(Order order) {
        placed.accept(order);
        return super.place(order);
      }
    };
  }

  private static String ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) return "-";
    return String.format("%.1f", h.getValueAtPercentile(percentile) / 1e6);
  }

  static String fmt(double value) {
    return String.format("%,.1f", value);
  }

  private static String pct(double share) {
    return String.format("%.1f %%", share * 100);
  }

  private static String ratio(double r) {
    return String.format("%.3f", r);
  }

  private static String mib(long bytes) {
    return fmt(bytes / (double) (1 << 20));
  }
}
