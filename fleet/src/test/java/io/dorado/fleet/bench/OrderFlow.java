package io.dorado.fleet.bench;

import io.dorado.cluster.FleetNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import io.dorado.cluster.NodeSetup;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Drives auto-execute paper bots through the whole durable order path (signal, review, intent,
 * acknowledgement, venue submission, fill; every step journalled on the real Cassandra node) and
 * measures what reaches the venue. A bot is given its next signal when its previous order is done: the
 * bot's own "order filled, complete" alert (published after the fill is persisted) says so.
 *
 * <p>Latency is signal sent to order placed at the venue adapter (the venue calls the adapter only
 * after its {@code Submitted} is in the journal), recorded in an HdrHistogram.
 */
final class OrderFlow {
  static final BigDecimal MID = new BigDecimal("42000");
  private static final Duration STUCK = Duration.ofSeconds(10);

  private final FleetNode node;
  private final FleetOperations ops;
  private final List<String> bots = new ArrayList<>();
  /** Per bot: completed when its current trade is done (filled, or denied). */
  private final Map<String, CompletableFuture<Boolean>> done = new ConcurrentHashMap<>();
  /** Per bot: the next signal enters (else it exits). */
  private final Map<String, Boolean> flat = new ConcurrentHashMap<>();
  private final Map<String, Long> signalledAt = new ConcurrentHashMap<>();
  private final AtomicLong placed = new AtomicLong();
  private final AtomicLong signals = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-pacer");
    t.setDaemon(true);
    return t;
  });
  private volatile Histogram latencies = new Histogram(60_000_000_000L, 3);

  /** What one measurement window saw. */
  record Window(long orders, double seconds, long signals, long refused, long missed, Histogram latency,
      double cpuBusy) {
    double perSecond() {
      return orders / seconds;
    }
  }

  /** The whole machine's CPU use (every process: the fleet, Cassandra, the rest), sampled twice a second. */
  private final class CpuSampler implements AutoCloseable {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private double sum;
    private int samples;
    private final java.util.concurrent.ScheduledFuture<?> task = timer.scheduleAtFixedRate(this::sample, 500, 500,
        TimeUnit.MILLISECONDS);

    private synchronized void sample() {
      double load = os.getCpuLoad();
      if (load >= 0) {
        sum += load;
        samples++;
      }
    }

    synchronized double mean() {
      return samples == 0 ? Double.NaN : sum / samples;
    }

    @Override
    public void close() {
      task.cancel(false);
    }
  }

  private OrderFlow(FleetNode node) {
    this.node = node;
    this.ops = node.operations();
  }

  /** The node's setup: high order rate, no re-entry cooldown: the benchmark measures the path, not the limits. */
  static NodeSetup setup() {
    RiskPolicy policy = new RiskPolicy(null, null, null,
        new RiskPolicy.Orders(null, null, null, new RiskPolicy.RateLimit(100_000, 100_000), Duration.ZERO, null, null,
            new RiskPolicy.BotThrottle(0, null, 0, null, Duration.ZERO)), null); // each bot trades flat out: no throttle
    Universe core = new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));
    BigDecimal cash = new BigDecimal("100000000");
    return new NodeSetup(List.of(core), List.of("paper"), Set.of("crypto_momentum"), policy,
        AllocationPolicy.defaults(ArmMode.BY_BOT, cash, 7), cash, false);
  }

  /** Called by the venue adapter for every order it is asked to place. */
  void placed(Order order) {
    placed.incrementAndGet();
    Long t0 = signalledAt.remove(order.botId());
    if (t0 != null) {
      long nanos = System.nanoTime() - t0;
      Histogram h = latencies;
      synchronized (h) {
        h.recordValue(Math.min(nanos, h.getHighestTrackableValue()));
      }
    }
  }

  /** Creates {@code count} auto-execute paper bots through the fleet supervisor and listens to their alerts. */
  static OrderFlow start(FleetNode node, OrderFlow flow, int count) throws Exception {
    var system = node.system();
    ActorRef<Alert> listener = system.systemActorOf(Behaviors.receive(Alert.class)
        .onMessage(Alert.OrderFilled.class, a -> {
          if (a.complete()) finish(flow, a.botId(), true);
          return Behaviors.same();
        })
        .onMessage(Alert.TradeDenied.class, a -> {
          finish(flow, a.botId(), false);
          return Behaviors.same();
        })
        .onMessage(Alert.OrderDenied.class, a -> {
          finish(flow, a.botId(), false);
          return Behaviors.same();
        })
        .onAnyMessage(a -> Behaviors.same())
        .build(), "bench-alerts-" + System.nanoTime(), Props.empty());
    system.eventStream().tell(new EventStream.Subscribe<>(Alert.class, listener));
    long run = System.currentTimeMillis() % 1_000_000;
    List<CompletableFuture<?>> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String botId = "flow-" + run + "-" + i;
      flow.bots.add(botId);
      flow.flat.put(botId, true);
      BotConfig bot = new BotConfig(botId, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
          ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.001")), RegimeFilter.ANY, null);
      created.add(flow.ops.createBot(bot, "bench").toCompletableFuture().exceptionally(e -> null));
      if (created.size() == 10) { // the supervisor writes one registration at a time: a few in flight
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        created.clear();
      }
    }
    CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    for (int i = 0; i < count; i++) { // a registration that timed out is asked again (idempotent)
      BotConfig bot = new BotConfig(flow.bots.get(i), "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
          SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.001")), RegimeFilter.ANY, null);
      for (int attempt = 0; ; attempt++) {
        try {
          flow.ops.createBot(bot, "bench").toCompletableFuture().get(30, TimeUnit.SECONDS);
          break;
        } catch (Exception e) {
          if (attempt > 20) throw e;
        }
      }
    }
    for (String botId : flow.bots) { // created: the supervisor tells each bot; wait until each one answers
      for (int attempt = 0; ; attempt++) {
        var state = flow.ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (state.isPresent() && state.get().phase() == Phase.IDLE) break;
        if (attempt > 200) throw new IllegalStateException("bot " + botId + " never became IDLE");
        Thread.sleep(50);
      }
    }
    flow.price();
    return flow;
  }

  static OrderFlow create(FleetNode node) {
    return new OrderFlow(node);
  }

  private static void finish(OrderFlow flow, String botId, boolean filled) {
    var f = flow.done.get(botId);
    if (f != null) f.complete(filled);
  }

  int bots() {
    return bots.size();
  }

  /** Every bot trades as fast as the path lets it: the maximum load. */
  Window closedLoop(Duration window) throws InterruptedException {
    price();
    reset();
    long t0 = System.nanoTime();
    long end = t0 + window.toNanos();
    long before = placed.get();
    var finished = new CountDownLatch(bots.size());
    try (var cpu = new CpuSampler()) {
      for (String botId : bots) trade(botId, () -> System.nanoTime() < end, finished);
      finished.await(window.toSeconds() + 60, TimeUnit.SECONDS);
      return new Window(placed.get() - before, (System.nanoTime() - t0) / 1e9, signals.get(), refused.get(), 0,
          latencies, cpu.mean());
    }
  }

  /** Signals at {@code perSecond} to whichever bots are free: a fixed offered load. */
  Window paced(double perSecond, Duration window) throws InterruptedException {
    price();
    reset();
    var free = new ConcurrentLinkedQueue<>(bots);
    long t0 = System.nanoTime();
    long end = t0 + window.toNanos();
    long before = placed.get();
    AtomicLong missed = new AtomicLong();
    long periodNanos = Math.max(1, (long) (1e9 / perSecond));
    var ticks = timer.scheduleAtFixedRate(() -> {
      String botId = free.poll();
      if (botId == null) {
        missed.incrementAndGet();
        return;
      }
      tradeOnce(botId).whenComplete((ok, e) -> free.add(botId));
    }, 0, periodNanos, TimeUnit.NANOSECONDS);
    var pricing = timer.scheduleAtFixedRate(this::price, 1, 1, TimeUnit.SECONDS);
    var cpu = new CpuSampler();
    Thread.sleep(window.toMillis());
    cpu.close();
    ticks.cancel(false);
    pricing.cancel(false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long orders = placed.get() - before;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (free.size() < bots.size() && System.nanoTime() < deadline) Thread.sleep(50); // let trades in flight end
    // A missed tick found no free bot: the offered load was not met.
    return new Window(orders, seconds, signals.get(), refused.get(), missed.get(), latencies, cpu.mean());
  }

  /** The machine's mean CPU use over {@code window} while no signal is offered: what the node costs at rest. */
  double cpuAtRest(Duration window) throws InterruptedException {
    try (var cpu = new CpuSampler()) {
      Thread.sleep(window.toMillis());
      return cpu.mean();
    }
  }

  private void reset() {
    latencies = new Histogram(60_000_000_000L, 3);
    signals.set(0);
    refused.set(0);
  }

  private void trade(String botId, java.util.function.BooleanSupplier more, CountDownLatch finished) {
    if (!more.getAsBoolean()) {
      finished.countDown();
      return;
    }
    tradeOnce(botId).whenComplete((ok, e) -> trade(botId, more, finished));
  }

  /** One signal to {@code botId}; completes when its trade is done, or refused, or stuck. */
  private CompletableFuture<Boolean> tradeOnce(String botId) {
    var result = new CompletableFuture<Boolean>();
    done.put(botId, result);
    boolean enter = flat.get(botId);
    long n = signals.incrementAndGet();
    signalledAt.put(botId, System.nanoTime());
    var signal = new Signal("s-" + n + "-" + System.nanoTime(), botId, "BTC",
        enter ? SignalAction.ENTER_LONG : SignalAction.EXIT, MID, null, null, "bench", Instant.now());
    ops.ingestSignal(botId, signal).whenComplete((ack, e) -> {
      if (e != null || ack instanceof Bot.Rejected) {
        refused.incrementAndGet();
        signalledAt.remove(botId);
        resync(botId, result);
      }
    });
    return result.completeOnTimeout(false, STUCK.toMillis(), TimeUnit.MILLISECONDS).thenCompose(filled -> {
      if (filled) {
        flat.put(botId, !enter);
        return CompletableFuture.completedFuture(true);
      }
      var again = new CompletableFuture<Boolean>();
      resync(botId, again);
      return again;
    });
  }

  /** After a refusal or a stuck trade: read the bot's phase, then go on from there. */
  private void resync(String botId, CompletableFuture<Boolean> result) {
    ops.liveState(botId, true).whenComplete((state, e) -> {
      if (state != null && state.isPresent() && (state.get().phase() == Phase.IDLE || state.get().phase() == Phase.MONITORING)) {
        flat.put(botId, state.get().phase() == Phase.IDLE);
        result.complete(false);
      } else {
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(() -> resync(botId, result));
      }
    });
  }

  /** Marks the guardian and quotes the venue, so orders are valued and filled at {@link #MID}. */
  void price() {
    Instant now = Instant.now();
    node.guardian().tell(new RiskGuardian.MarkPrice("BTC", MID, now));
    node.venue("paper").tell(new Venue.MarketPrice("BTC", MID.subtract(BigDecimal.ONE), MID.add(BigDecimal.ONE), now));
  }

  void close() {
    timer.shutdownNow();
  }
}
