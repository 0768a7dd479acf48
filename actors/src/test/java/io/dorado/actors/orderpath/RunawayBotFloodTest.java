package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
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
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The incident of issue 17 through the real actors (bots, guardian, paper venue): one bot alternates entry and
 * exit signals as fast as it can while another bot holds the same symbol, so the account is never flat and its
 * cooldown never applies. Before the execution throttle, 347 orders reached the venue in 20 s. Now the bot's own
 * limits stop it, the guardian pauses it, and only an operator lets it trade again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunawayBotFloodTest {
  private static final String SECRET = "runaway-bot-flood-test-secret-0123";
  private static final Universe UNIVERSE =
      new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));
  /** The longest the flood runs; it stops a second after the bot is paused (the incident ran 20 s). */
  private static final Duration FLOOD = Duration.ofSeconds(20);
  private static final Duration AFTER_PAUSE = Duration.ofSeconds(1);
  private final ActorTestKit kit = ActorTestKit.create("runaway-bot", TestConfigs.eventSourced());
  private final StoredEvents journal = StoredEvents.inMemory(PersistenceTestKit.create(kit.system()));
  /** Denials alerted per bot, from the alerts the bots and the guardian publish. */
  private final Map<String, AtomicInteger> alertedDenials = new ConcurrentHashMap<>();
  private final Map<String, Alert.BotPaused> pauses = new ConcurrentHashMap<>();

  RunawayBotFloodTest() {
    var listener = kit.spawn(Behaviors.<Alert>receiveMessage(a -> {
      if (a instanceof Alert.TradeDenied d) alertedDenials.computeIfAbsent(d.botId(), k -> new AtomicInteger()).incrementAndGet();
      if (a instanceof Alert.OrderDenied d) alertedDenials.computeIfAbsent(d.botId(), k -> new AtomicInteger()).incrementAndGet();
      if (a instanceof Alert.BotPaused p) pauses.put(p.botId(), p);
      return Behaviors.same();
    }), "alerts");
    kit.system().eventStream().tell(new EventStream.Subscribe<>(Alert.class, listener));
  }

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  /** 12 requests a minute, 3 round trips in 10 minutes, no cooldown of the bot's own: the throttle alone bounds it. */
  @Test
  void aFloodingBotSendsAtMostItsConfiguredOrdersIsPausedAndTradesAgainOnlyOnceAnOperatorResumesIt() {
    var throttle = new RiskPolicy.BotThrottle(12, Duration.ofMinutes(1), 3, Duration.ofMinutes(10), Duration.ZERO);
    var policy = new RiskPolicy(null, null, null,
        new RiskPolicy.Orders(null, null, null, null, null, null, null, throttle), null);
    var path = OrderPathRig.paper(kit, SECRET, "guardian-flood", "paper", UNIVERSE, "holder-01", policy);
    var flood = flood(path, "flood-01");

    int maxOrders = Math.min(throttle.maxRequests(), 2 * throttle.maxRoundTrips());
    assertTrue(flood.sent() <= maxOrders, "orders sent " + flood.sent() + " > configured " + maxOrders);
    assertTrue(flood.paused(), "the bot is paused");
    assertEquals(Phase.IDLE, state(flood.bot()).phase(), "tripped at an entry: flat");
    assertEquals(DenialReason.EXECUTION_THROTTLE, pauses.get("flood-01").reason());
    assertTrue(pauses.get("flood-01").detail().contains("3 round trips"), pauses.get("flood-01").detail());

    // Still paused: its next entry is denied and reaches no venue.
    int before = path.submits.size();
    TestProbe<Bot.Ack> acks = kit.createTestProbe();
    flood.bot().tell(new Bot.IngestSignal(signal("flood-01", "still", SignalAction.ENTER_LONG), acks.getRef()));
    awaitPhase(flood.bot(), Phase.IDLE);
    assertEquals(before, path.submits.size(), "a paused bot's entry never reaches the venue");

    TestProbe<RiskGuardian.BotResumeReply> operator = kit.createTestProbe();
    path.guardian.tell(new RiskGuardian.ResumeBot("flood-01", "ops", "loop fixed", operator.getRef()));
    assertTrue(operator.receiveMessage().resumed());
    flood.bot().tell(new Bot.IngestSignal(signal("flood-01", "after-resume", SignalAction.ENTER_LONG), acks.getRef()));
    awaitPhase(flood.bot(), Phase.MONITORING);
    assertTrue(path.submits.size() > before, "resumed, its entry reached the venue");
    assertTrue(path.submits.subList(before, path.submits.size()).stream()
        .allMatch(s -> s.ack().order().botId().equals("flood-01") && !s.ack().order().reduceOnly()), "only its entry");
    assertTrue(status(path).pausedBots().isEmpty());
  }

  /** The default policy: the bot's own cooldown (the account's, 30 min) stops the loop, the request rate pauses it. */
  @Test
  void withTheDefaultPolicyTheFloodIsStoppedWithinSecondsAndTheBotPaused() {
    var path = OrderPathRig.paper(kit, SECRET, "guardian-flood-default", "paper", UNIVERSE, "holder-02");
    var flood = flood(path, "flood-02");
    var dflt = RiskPolicy.DEFAULT.orders().botThrottle();
    assertTrue(flood.sent() <= dflt.maxRequests(), "orders sent " + flood.sent());
    assertEquals(2, flood.sent(), "one entry and its exit; the re-entries are denied by the bot's cooldown");
    assertTrue(flood.paused(), "the bot is paused");
    assertTrue(flood.pausedAfter().compareTo(Duration.ofSeconds(10)) < 0, "paused after " + flood.pausedAfter());
  }

  /** {@code denied}: the guardian's denials of the bot (its journal); {@code alerted}: how many of them were alerted. */
  record Flood(ActorRef<Bot.Command> bot, int signals, int sent, int denied, int alerted, boolean paused,
      Duration pausedAfter) {}

  /**
   * The holder buys BTC and keeps it; then the flooding bot gets an entry and an exit signal every few
   * milliseconds until a second after it is paused (at most {@link #FLOOD}). Prints the figures.
   */
  private Flood flood(OrderPathRig path, String botId) {
    TestProbe<Bot.Ack> acks = kit.createTestProbe();
    ActorRef<Bot.Command> holder = path.bot;
    String holderName = holderOf(path);
    create(holder, holderName, acks);
    path.price("BTC", "41990", "42010");
    holder.tell(new Bot.IngestSignal(signal(holderName, "hold", SignalAction.ENTER_LONG), acks.getRef()));
    awaitPhase(holder, Phase.MONITORING);

    ActorRef<Bot.Command> bot = path.addBot(botId);
    create(bot, botId, acks);
    int before = path.submits.size();
    Instant start = Instant.now();
    Instant pausedAt = null;
    int signals = 0;
    while (Duration.between(start, Instant.now()).compareTo(FLOOD) < 0
        && (pausedAt == null || Duration.between(pausedAt, Instant.now()).compareTo(AFTER_PAUSE) < 0)) {
      bot.tell(new Bot.IngestSignal(signal(botId, "e" + signals++, SignalAction.ENTER_LONG), acks.getRef()));
      sleep(4);
      bot.tell(new Bot.IngestSignal(signal(botId, "x" + signals++, SignalAction.EXIT), acks.getRef()));
      sleep(4);
      if (pausedAt == null && pauses.containsKey(botId)) pausedAt = Instant.now();
    }
    awaitSettled(bot);
    var orders = path.submits.subList(before, path.submits.size()).stream()
        .filter(s -> s.ack().order().botId().equals(botId))
        .map(s -> s.ack().clientOrderId() + " " + s.ack().order().side() + (s.ack().order().reduceOnly() ? " reduce-only" : ""))
        .distinct().toList(); // a retried order is submitted again under its id: one order
    int sent = orders.size();
    boolean paused = status(path).pausedBots().containsKey(botId);
    var denials = journal.of(RiskGuardianActor.persistenceId(guardianOf(path)).id()).stream()
        .map(e -> e instanceof GuardianEvent.ReviewDenied d && d.botId().equals(botId) ? d.denial().reason()
            : e instanceof GuardianEvent.OrderDenied d && d.clientOrderId().botId().equals(botId) ? d.denial().reason() : null)
        .filter(java.util.Objects::nonNull).toList();
    int denied = denials.size();
    int alerted = alertedDenials.getOrDefault(botId, new AtomicInteger()).get();
    assertEquals(denials.stream().filter(r -> r != DenialReason.BOT_PAUSED).count(), alerted,
        "every denial is alerted but those of a paused bot (its pause was): " + denials);
    Duration after = pausedAt == null ? Duration.ZERO : Duration.between(start, pausedAt);
    Duration ran = Duration.between(start, Instant.now());
    System.out.println("Runaway bot " + botId + ": " + signals + " signals in " + ran.toMillis() + " ms, orders sent "
        + sent + ", denials " + denied + " (" + alerted + " alerted), paused " + paused + " (after " + after.toMillis() + " ms"
        + (paused ? ": " + pauses.get(botId).detail() : "") + "); orders " + orders);
    assertEquals(Phase.MONITORING, state(holder).phase(), "the holder still holds");
    return new Flood(bot, signals, sent, denied, alerted, paused, after);
  }

  private static String guardianOf(OrderPathRig path) {
    return path.guardianId;
  }

  private static String holderOf(OrderPathRig path) {
    return path.bot.path().name().substring("bot-".length());
  }

  private void create(ActorRef<Bot.Command> bot, String botId, TestProbe<Bot.Ack> acks) {
    bot.tell(new Bot.Create(new BotConfig(botId, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.01")), RegimeFilter.ANY, null),
        acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
  }

  private static Signal signal(String botId, String id, SignalAction action) {
    return new Signal(id, botId, "BTC", action, action == SignalAction.EXIT ? null : new BigDecimal("42000"), null,
        null, "test", Instant.now());
  }

  private RiskGuardian.GuardianStatus status(OrderPathRig path) {
    TestProbe<RiskGuardian.GuardianStatus> probe = kit.createTestProbe();
    path.guardian.tell(new RiskGuardian.GetStatus(probe.getRef()));
    return probe.receiveMessage();
  }

  private BotState state(ActorRef<Bot.Command> bot) {
    TestProbe<BotState> probe = kit.createTestProbe();
    bot.tell(new Bot.GetState(probe.getRef()));
    return probe.receiveMessage();
  }

  private BotState awaitPhase(ActorRef<Bot.Command> bot, Phase phase) {
    TestProbe<BotState> probe = kit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(10), () -> {
      bot.tell(new Bot.GetState(probe.getRef()));
      BotState s = probe.expectMessageClass(BotState.class);
      assertEquals(phase, s.phase(), () -> "bot is " + s);
      return s;
    });
  }

  /** IDLE or MONITORING: nothing of the bot's is in flight any more. */
  private void awaitSettled(ActorRef<Bot.Command> bot) {
    TestProbe<BotState> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      bot.tell(new Bot.GetState(probe.getRef()));
      BotState s = probe.expectMessageClass(BotState.class);
      assertTrue(s.phase() == Phase.IDLE || s.phase() == Phase.MONITORING, () -> "bot is " + s);
      return s;
    });
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
