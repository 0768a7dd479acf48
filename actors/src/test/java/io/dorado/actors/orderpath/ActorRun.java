package io.dorado.actors.orderpath;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotLinks;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.risk.GuardianState;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One randomized run of the real actors on one ActorSystem (on whichever journal it has): two bots, the risk
 * guardian and a venue account over a recording paper exchange. Intercepting proxies between bot,
 * guardian and venue duplicate and delay (reorder) messages; restarts stop an actor and start it
 * again with the same persistence id; signals, approvals, prices, the kill switch and timeouts come
 * from a seeded generator. Real threads and timers: a seed does not replay exactly, it names the run.
 */
final class ActorRun {
  static final Duration ACK_VALIDITY = Duration.ofSeconds(2);
  private static final AckSigner SIGNER = AckSigner.ofSecret("order-path-actor-run-secret-0123456789");
  private static final BigDecimal START_CASH = new BigDecimal("100000");

  /** Faults injected by the proxies and the run. */
  static final class Faults {
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger delayed = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();
  }

  private final ActorTestKit kit;
  private final StoredEvents journal;
  private final long seed;
  private final Random random;
  private final Faults faults;
  private final String venueId;
  private final String guardianId;
  private final RiskEngine engine;
  private final RecordingExchange exchange;
  private final Map<String, BigDecimal> prices = new TreeMap<>(Map.of("BTC", new BigDecimal("40000"), "ETH", new BigDecimal("2000")));
  private final AtomicReference<ActorRef<RiskGuardian.Command>> guardian = new AtomicReference<>();
  private final AtomicReference<ActorRef<Venue.Command>> venue = new AtomicReference<>();
  private final Map<String, AtomicReference<ActorRef<Bot.Command>>> bots = new LinkedHashMap<>();
  private final Map<String, BotConfig> configs = new LinkedHashMap<>();
  private final List<ActorRef<?>> plumbing = new ArrayList<>();
  private final ActorRef<RiskGuardian.Command> guardianProxy;
  private final ActorRef<Venue.Command> venueProxy;
  private final ActorRef<OrderReport> guardianReports;
  private final BotSettings botSettings = BotSettings.defaults().withRetryInterval(Duration.ofMillis(100))
      .withExecutionTimeout(Duration.ofSeconds(1));
  private int signals;
  private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

  ActorRun(ActorTestKit kit, StoredEvents journal, long seed, Faults faults) {
    this.kit = kit;
    this.journal = journal;
    this.seed = seed;
    this.random = new Random(seed);
    this.faults = faults;
    this.venueId = "paper-" + seed;
    this.guardianId = "guardian-" + seed;
    this.engine = OrderPathWorld.engine(venueId);
    this.exchange = new RecordingExchange(new PaperVenue(new PaperMatchingEngine.Settings(new BigDecimal("5"),
        new BigDecimal("1"), BigDecimal.ZERO, new BigDecimal("0.5"))), this::acknowledged);
    this.guardianProxy = spawn(proxy(guardian, true));
    this.venueProxy = spawn(proxy(venue, true));
    ActorRef<RiskGuardian.Command> reportsProxy = spawn(proxy(guardian, false)); // one sender to one receiver: in order
    this.guardianReports = spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      reportsProxy.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }));
    startGuardian();
    startVenue();
    for (String[] b : new String[][] {{"b1", "BTC", "0.1"}, {"b2", "ETH", "1"}}) {
      String id = "r" + seed + b[0];
      var mode = random.nextInt(3) == 0 ? ApprovalMode.HUMAN_REQUIRED : ApprovalMode.AUTO_EXECUTE;
      configs.put(id, new BotConfig(id, "sim", b[1], venueId, VenueMode.PAPER, "sim", SignalMode.BOTH, mode,
          Sizing.fixedQuantity(new BigDecimal(b[2])), RegimeFilter.ANY, Duration.ofMillis(400)));
      bots.put(id, new AtomicReference<>());
      startBot(id);
      TestProbe<Bot.Ack> acks = kit.createTestProbe();
      bots.get(id).get().tell(new Bot.Create(configs.get(id), acks.ref()));
      acks.receiveMessage();
    }
    prices.forEach(this::publishPrice);
  }

  // ---------------------------------------------------------------- the run

  void run(int actions) throws InterruptedException {
    for (int i = 0; i < actions; i++) {
      int r = random.nextInt(100);
      if (r < 35) {
        signal();
      } else if (r < 45) {
        approve();
      } else if (r < 70) {
        movePrice();
      } else if (r < 78) {
        restart();
      } else if (r < 82) {
        log.add("kill switch");
        guardian.get().tell(new RiskGuardian.EngageKillSwitch("run", "random", kit.system().ignoreRef()));
      } else if (r < 90) {
        log.add("trading ACTIVE");
        guardian.get().tell(new RiskGuardian.SetTradingState(TradingState.ACTIVE, "run", "resume", kit.system().ignoreRef()));
      } else if (r < 95) {
        reduce();
      }
      Thread.sleep(random.nextInt(15));
    }
  }

  /** What the run did, in order: printed when it fails. */
  List<String> log() {
    return List.copyOf(log);
  }

  /** Keeps quoting (so resting remainders fill) until no bot waits on anything, or {@code patience} runs out. */
  boolean settle(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      prices.forEach(this::publishPrice);
      if (botStates().values().stream().noneMatch(ActorRun::waiting)) return true;
      Thread.sleep(50);
    }
    return false;
  }

  /**
   * Why the bots still waiting are stuck: each one's last journalled events, and the last guardian and venue
   * events that name it (a close refused over and over says its reason only there).
   */
  String whyUnsettled() {
    var why = new StringBuilder();
    botStates().forEach((id, s) -> {
      if (!waiting(s)) return;
      why.append("\n  last events of ").append(id).append(':');
      tail(events(BotEntity.persistenceId(id).id()), 8).forEach(e -> why.append("\n    ").append(e));
      why.append("\n  last guardian events naming ").append(id).append(':');
      tail(naming(events(RiskGuardianActor.persistenceId(guardianId).id()), id), 6)
          .forEach(e -> why.append("\n    ").append(e));
      why.append("\n  last venue events naming ").append(id).append(':');
      tail(naming(events(VenueActor.persistenceId(venueId).id()), id), 6).forEach(e -> why.append("\n    ").append(e));
    });
    return why.toString();
  }

  private static List<Object> naming(List<Object> events, String botId) {
    return events.stream().filter(e -> String.valueOf(e).contains(botId)).toList();
  }

  private static List<Object> tail(List<Object> events, int n) {
    return events.subList(Math.max(0, events.size() - n), events.size());
  }

  private static boolean waiting(BotState s) {
    return s instanceof BotState.RiskCheck || s instanceof BotState.WithOrder || s instanceof BotState.AwaitingApproval;
  }

  Map<String, BotState> botStates() {
    var states = new LinkedHashMap<String, BotState>();
    TestProbe<BotState> probe = kit.createTestProbe();
    bots.forEach((id, ref) -> {
      ref.get().tell(new Bot.GetState(probe.ref()));
      states.put(id, probe.receiveMessage(Duration.ofSeconds(5)));
    });
    return states;
  }

  /** The four invariants, over the journals as written, the exchange's record and the bots' positions. */
  List<String> violations() {
    var guardianEvents = events(RiskGuardianActor.persistenceId(guardianId).id());
    var venueEvents = new ArrayList<VenueEvent>();
    for (Object e : events(VenueActor.persistenceId(venueId).id())) venueEvents.add((VenueEvent) e);
    GuardianState folded = GuardianState.open(engine.policy(), START_CASH, Clock.systemUTC().instant());
    for (Object e : guardianEvents) folded = folded.apply((GuardianEvent) e);
    var positions = new HashMap<String, BigDecimal>();
    botStates().forEach((id, s) -> positions.put(id, s.data().position().quantity()));
    var v = new ArrayList<>(OrderPathInvariantTest.check(exchange, guardianEvents, venueEvents, folded.book().ledger(),
        START_CASH, positions, id -> configs.get(id).underlying()));
    TestProbe<RiskGuardian.GuardianStatus> probe = kit.createTestProbe();
    guardian.get().tell(new RiskGuardian.GetStatus(probe.ref()));
    var status = probe.receiveMessage(Duration.ofSeconds(5));
    if (status.cash().compareTo(folded.book().ledger().cash()) != 0) {
      v.add("the live guardian's cash " + status.cash() + " != its journal's " + folded.book().ledger().cash());
    }
    return v;
  }

  int ordersChecked() {
    return acknowledged().size();
  }

  int fills() {
    return exchange.fills().size();
  }

  int sent() {
    return exchange.sends().size();
  }

  void stop() {
    bots.values().forEach(ref -> kit.stop(ref.get()));
    kit.stop(guardian.get());
    kit.stop(venue.get());
    plumbing.forEach(kit::stop);
  }

  // ---------------------------------------------------------------- actions

  private void signal() {
    var ids = List.copyOf(bots.keySet());
    String id = ids.get(random.nextInt(ids.size()));
    String symbol = configs.get(id).underlying();
    SignalAction action = List.of(SignalAction.ENTER_LONG, SignalAction.ENTER_SHORT, SignalAction.EXIT)
        .get(random.nextInt(3));
    BigDecimal price = prices.get(symbol);
    BigDecimal stop = switch (action) {
      case ENTER_LONG -> price.multiply(new BigDecimal("0.95"));
      case ENTER_SHORT -> price.multiply(new BigDecimal("1.05"));
      default -> null;
    };
    var s = new Signal("s" + (++signals), id, symbol, action, action == SignalAction.EXIT ? null : price, stop, null,
        "run", Clock.systemUTC().instant());
    log.add("signal " + s.signalId() + " " + action + " to " + id);
    bots.get(id).get().tell(new Bot.IngestSignal(s, kit.system().ignoreRef()));
  }

  private int reductions;

  private void approve() {
    var ids = List.copyOf(bots.keySet());
    String id = ids.get(random.nextInt(ids.size()));
    var ref = bots.get(id).get();
    boolean reject = random.nextInt(4) == 0;
    log.add((reject ? "reject " : "approve ") + id);
    if (reject) ref.tell(new Bot.Reject(null, "run", "random", kit.system().ignoreRef()));
    else ref.tell(new Bot.Approve(null, "run", kit.system().ignoreRef()));
  }

  /** A partial close of half the bot's size; now and then a repeated reduction id, which must reduce nothing. */
  private void reduce() {
    var ids = List.copyOf(bots.keySet());
    String id = ids.get(random.nextInt(ids.size()));
    String reductionId = "x" + (random.nextInt(4) == 0 && reductions > 0 ? reductions : ++reductions);
    BigDecimal half = configs.get(id).sizing().quantity().divide(new BigDecimal("2"));
    log.add("reduce " + id + " by " + half + " (" + reductionId + ")");
    bots.get(id).get().tell(new Bot.ReducePosition(reductionId, half, "run", kit.system().ignoreRef()));
  }

  private void movePrice() {
    String symbol = random.nextBoolean() ? "BTC" : "ETH";
    double pct = (random.nextDouble() - 0.5) * (random.nextInt(8) == 0 ? 0.3 : 0.06);
    BigDecimal p = prices.get(symbol).multiply(BigDecimal.valueOf(1 + pct)).setScale(2, RoundingMode.HALF_UP);
    prices.put(symbol, p);
    log.add("price " + symbol + " " + p);
    publishPrice(symbol, p);
  }

  private void publishPrice(String symbol, BigDecimal p) {
    BigDecimal half = p.multiply(new BigDecimal("0.0005")).setScale(2, RoundingMode.HALF_UP);
    var now = Clock.systemUTC().instant();
    venue.get().tell(new Venue.MarketPrice(symbol, p.subtract(half), p.add(half), now));
    guardian.get().tell(new RiskGuardian.MarkPrice(symbol, p, now));
  }

  private void restart() {
    faults.restarts.incrementAndGet();
    int who = random.nextInt(bots.size() + 2);
    log.add("restart " + (who == 0 ? "guardian" : who == 1 ? "venue" : "bot " + List.copyOf(bots.keySet()).get(who - 2)));
    if (who == 0) {
      kit.stop(guardian.get());
      startGuardian();
    } else if (who == 1) {
      kit.stop(venue.get());
      startVenue();
    } else {
      String id = List.copyOf(bots.keySet()).get(who - 2);
      kit.stop(bots.get(id).get());
      journalSeesTheStop();
      startBot(id);
    }
  }

  /**
   * A moment between a bot incarnation's stop and the next one's start (a node's restart backoff is 200 ms).
   * The Cassandra plugin's tag writers learn of a stop through their own death watch; a new incarnation
   * recovering before that can send a tag write the old one still has buffered, and the journal then
   * fails for good ("Expected events to be ordered by seqNr", a plugin race; seen here once on Cassandra, and again
   * with 100 ms at load 18). Bots only: the guardian's and the venue's events are untagged.
   */
  private static void journalSeesTheStop() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- actors

  private void startGuardian() {
    var settings = new RiskGuardianActor.Settings(guardianId, START_CASH, ACK_VALIDITY, SIGNER, Clock.systemUTC());
    guardian.set(kit.spawn(RiskGuardianActor.create(settings, engine, VenueDirectory.of(Map.of(venueId, venueProxy)))));
  }

  private void startVenue() {
    var settings = new VenueSettings(venueId, guardianId, SIGNER, Clock.systemUTC(), Duration.ofSeconds(2),
        Duration.ofMillis(100));
    venue.set(kit.spawn(VenueActor.create(settings, exchange, guardianReports)));
  }

  private void startBot(String id) {
    bots.get(id).set(kit.spawn(BotEntity.create(id, BotLinks.of(guardianProxy, venueProxy), botSettings)));
  }

  /** Forwards to the current incarnation of an actor, now and then twice, or later (so out of order). */
  private <T> Behavior<T> proxy(AtomicReference<ActorRef<T>> target, boolean mayDelay) {
    return Behaviors.setup(context -> Behaviors.receiveMessage(m -> {
      int r = random.nextInt(100);
      ActorRef<T> to = target.get();
      if (r < 12) {
        faults.duplicates.incrementAndGet();
        to.tell(m);
        to.tell(m);
      } else if (mayDelay && r < 24) {
        faults.delayed.incrementAndGet();
        context.scheduleOnce(Duration.ofMillis(5 + random.nextInt(40)), to, m);
      } else {
        to.tell(m);
      }
      return Behaviors.same();
    }));
  }

  private <T> ActorRef<T> spawn(Behavior<T> behavior) {
    ActorRef<T> ref = kit.spawn(behavior);
    plumbing.add(ref);
    return ref;
  }

  private List<AcknowledgedOrder> acknowledged() {
    var acks = new ArrayList<AcknowledgedOrder>();
    for (Object e : events(RiskGuardianActor.persistenceId(guardianId).id())) {
      if (e instanceof GuardianEvent.OrdersAcknowledged oa) acks.addAll(oa.acks());
    }
    return acks;
  }

  /** Partial closes the bots started (each a reduce-only order through the same path). */
  int reductionsStarted() {
    int n = 0;
    for (String id : bots.keySet()) {
      for (Object e : events(BotEntity.persistenceId(id).id())) {
        if (e instanceof io.dorado.protocol.bot.BotEvent.ReductionStarted) n++;
      }
    }
    return n;
  }

  private List<Object> events(String persistenceId) {
    return journal.of(persistenceId);
  }

  long seed() {
    return seed;
  }
}
