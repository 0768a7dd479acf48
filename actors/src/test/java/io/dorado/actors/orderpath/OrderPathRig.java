package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.bot.ProtectionStyle;
import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The order path's real actors on a test system: a risk guardian (100,000 cash), a venue actor on one
 * {@link VenueAdapter} (by default a paper venue with 5 bps slippage) whose reports reach the guardian and are kept in
 * {@link #fills}, and the bots the test adds on them. Actor names end in the rig's name, so one test kit can hold
 * several rigs. Its waits give the bot 20 seconds and the guardian and venue 10 unless the test is more patient.
 *
 * <pre>{@code
 * var rig = OrderPathRig.builder(testKit).secret(SECRET).guardianId("guardian-oco").venue(VENUE, adapter).build();
 * }</pre>
 */
final class OrderPathRig {
  /** BTC on the paper venue, the universe most order-path tests trade in. */
  static final Universe PAPER_BTC = btcOn("paper");

  final ActorRef<RiskGuardian.Command> guardian;
  final String guardianId;
  final String venueId;
  final ActorRef<Venue.Command> venue;
  /** The bot the rig started with (null: none was asked for). */
  final ActorRef<Bot.Command> bot;
  /** Every fill the venue reported, in order. */
  final List<Fill> fills = new CopyOnWriteArrayList<>();
  /** Every order that reached the venue (each submission the guardian forwarded), in order. */
  final List<Venue.Submit> submits = new CopyOnWriteArrayList<>();
  /** The paper venue itself (a counterparty's partial fill: {@link PaperVenue#fill}); null on another adapter. */
  final PaperVenue paper;
  private final ActorTestKit kit;
  private final ActorRef<Venue.Command> venueSeen;
  private final VenueAdapter adapter;
  private final Duration botPatience;
  private final Duration patience;

  /** Universe "core" holding BTC (crypto, USD) on {@code venueId}. */
  static Universe btcOn(String venueId) {
    return universe("BTC", AssetClass.CRYPTO, venueId);
  }

  /** Universe "core" holding {@code symbol} (of {@code assetClass}, quoted in USD) on {@code venueId}. */
  static Universe universe(String symbol, AssetClass assetClass, String venueId) {
    return new Universe("core", List.of(new Underlying(symbol, assetClass, venueId, "USD")));
  }

  static Builder builder(ActorTestKit kit) {
    return new Builder(kit);
  }

  /** A paper rig with one bot, {@code botId}, named after it. */
  static OrderPathRig paper(ActorTestKit kit, String secret, String guardianId, String venueId, Universe universe,
      String botId) {
    return paper(kit, secret, guardianId, venueId, universe, botId, RiskPolicy.DEFAULT);
  }

  static OrderPathRig paper(ActorTestKit kit, String secret, String guardianId, String venueId, Universe universe,
      String botId, RiskPolicy policy) {
    return builder(kit).secret(secret).guardianId(guardianId).venue(venueId, null).universe(universe).policy(policy)
        .bot(botId).build();
  }

  /** How a rig is put together; every part but the test kit has a default. */
  static final class Builder {
    private final ActorTestKit kit;
    private String secret = "order-path-rig-secret-0123456789";
    private String guardianId = VenueSettings.DEFAULT_GUARDIAN_ID;
    private String venueId = "paper";
    private VenueAdapter adapter;
    private Universe universe;
    private RiskPolicy policy = RiskPolicy.DEFAULT;
    private String botId;
    private String name;
    private Duration botPatience = Duration.ofSeconds(20);
    private Duration patience = Duration.ofSeconds(10);

    private Builder(ActorTestKit kit) {
      this.kit = kit;
    }

    Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    Builder guardianId(String guardianId) {
      this.guardianId = guardianId;
      return this;
    }

    /** The venue under {@code venueId}, on {@code adapter} (null: a paper venue, 5 bps slippage, no fees). */
    Builder venue(String venueId, VenueAdapter adapter) {
      this.venueId = venueId;
      this.adapter = adapter;
      return this;
    }

    /** The instruments the guardian knows (default: BTC on the venue). */
    Builder universe(Universe universe) {
      this.universe = universe;
      return this;
    }

    Builder policy(RiskPolicy policy) {
      this.policy = policy;
      return this;
    }

    /** A bot to start with, {@link #bot}; the rig's actors are named after it unless {@link #name} says otherwise. */
    Builder bot(String botId) {
      this.botId = botId;
      return this;
    }

    /** What the rig's actor names end in (default: the bot's id, else the venue's). */
    Builder name(String name) {
      this.name = name;
      return this;
    }

    /** How long the rig waits for a bot's state ({@code forBot}) and for the guardian or the venue. */
    Builder patience(Duration forBot, Duration forGuardianAndVenue) {
      this.botPatience = forBot;
      this.patience = forGuardianAndVenue;
      return this;
    }

    OrderPathRig build() {
      return new OrderPathRig(this);
    }
  }

  private OrderPathRig(Builder b) {
    this.kit = b.kit;
    this.guardianId = b.guardianId;
    this.venueId = b.venueId;
    String name = b.name != null ? b.name : b.botId != null ? b.botId : b.venueId;
    Universe universe = b.universe != null ? b.universe : btcOn(b.venueId);
    Clock clock = Clock.systemUTC();
    AckSigner signer = AckSigner.ofSecret(b.secret);
    var engine = new RiskEngine(b.policy, Instrument.Lookup.of(universe, b.policy));
    var venues = new ConcurrentHashMap<String, ActorRef<Venue.Command>>();
    guardian = kit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings(guardianId, new BigDecimal("100000"),
        Duration.ofSeconds(30), signer, clock), engine, VenueDirectory.of(venues)), "guardian-" + name);
    ActorRef<OrderReport> toGuardian = kit.spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      fills.addAll(r.fills());
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports-" + name);
    paper = b.adapter == null
        ? new PaperVenue(new PaperMatchingEngine.Settings(new BigDecimal("5"), BigDecimal.ZERO, BigDecimal.ZERO, null))
        : null;
    adapter = b.adapter == null ? paper : b.adapter;
    botPatience = b.botPatience;
    patience = b.patience;
    venue = kit.spawn(VenueActor.create(new VenueSettings(venueId, guardianId, signer, clock, null, null), adapter,
        toGuardian), "venue-" + name);
    venueSeen = kit.spawn(Behaviors.<Venue.Command>receiveMessage(m -> {
      if (m instanceof Venue.Submit submit) submits.add(submit);
      venue.tell(m);
      return Behaviors.same();
    }), "venue-seen-" + name);
    venues.put(venueId, venueSeen);
    bot = b.botId == null ? null : addBot(b.botId);
  }

  /** Another bot on the same guardian and venue. */
  ActorRef<Bot.Command> addBot(String botId) {
    return addBot(botId, "bot-" + botId, s -> s);
  }

  /** A bot (or a new incarnation of one: the same id under another actor name) with the settings the test shapes. */
  ActorRef<Bot.Command> addBot(String botId, String name, UnaryOperator<BotSettings> tune) {
    return kit.spawn(BotEntity.create(botId, guardian, venueSeen,
        tune.apply(BotSettings.defaults().withRetryInterval(Duration.ofMillis(500)))), name);
  }

  /**
   * A bot's settings: protective orders on, resting as this venue's adapter says it can rest them (its capabilities
   * per symbol: the fleet gives each bot its venue's, VenueCapabilityBook).
   */
  UnaryOperator<BotSettings> protectedAtVenue() {
    var style = new ProtectionStyle((v, symbol) -> adapter.capabilities(symbol), null);
    return s -> s.withProtectiveOrders(true).withProtectionStyle(style);
  }

  /** {@code botId} started again (as actor "bot-&lt;id&gt;-again"), its protection resting at the venue. */
  ActorRef<Bot.Command> restartProtected(String botId) {
    return addBot(botId, "bot-" + botId + "-again", protectedAtVenue());
  }

  /** Creates {@code botId} on {@code bot}: BTC on this venue, paper, auto-executing, a fixed 0.03, on {@code template}. */
  void create(ActorRef<Bot.Command> bot, String botId, String template) {
    create(bot, botId, template, new BigDecimal("0.03"));
  }

  /** As {@link #create(ActorRef, String, String)}, trading a fixed {@code quantity}. */
  void create(ActorRef<Bot.Command> bot, String botId, String template, BigDecimal quantity) {
    tellAccepted(bot, acks -> new Bot.Create(new BotConfig(botId, "core", "BTC", venueId, VenueMode.PAPER, template,
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(quantity), RegimeFilter.ANY, null), acks));
  }

  /** Creates {@code botId} on {@code bot}: {@code symbol} on this venue, auto-executing a fixed {@code quantity}. */
  void create(ActorRef<Bot.Command> bot, String botId, String symbol, VenueMode mode, String template, String quantity) {
    tellAccepted(bot, acks -> new Bot.Create(new BotConfig(botId, "core", symbol, venueId, mode, template,
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal(quantity)), RegimeFilter.ANY,
        null), acks));
  }

  /** {@code signal} to {@code bot}, accepted. */
  void signal(ActorRef<Bot.Command> bot, Signal signal) {
    tellAccepted(bot, acks -> new Bot.IngestSignal(signal, acks));
  }

  /** Signal {@code "s-" + botId}, to {@code bot}: enter long {@code symbol} at {@code entry}, its stop and target. */
  void enterLong(ActorRef<Bot.Command> bot, String botId, String symbol, String entry, String stop, String target) {
    signal(bot, new Signal("s-" + botId, botId, symbol, SignalAction.ENTER_LONG, new BigDecimal(entry),
        new BigDecimal(stop), new BigDecimal(target), "test", Instant.now()));
  }

  private void tellAccepted(ActorRef<Bot.Command> bot, java.util.function.Function<ActorRef<Bot.Ack>, Bot.Command> command) {
    TestProbe<Bot.Ack> acks = kit.createTestProbe();
    bot.tell(command.apply(acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
  }

  /** {@code bot}'s state once {@code done} holds (within the rig's patience for a bot: 20 seconds unless told). */
  BotState awaitState(ActorRef<Bot.Command> bot, Predicate<BotState> done) {
    TestProbe<BotState> probe = kit.createTestProbe();
    return probe.awaitAssert(botPatience, () -> {
      bot.tell(new Bot.GetState(probe.getRef()));
      BotState s = probe.expectMessageClass(BotState.class);
      assertTrue(done.test(s), () -> "bot is " + s);
      return s;
    });
  }

  /** {@code bot} in a position with {@code orders} protective orders, every one accepted at the venue. */
  BotState awaitProtected(ActorRef<Bot.Command> bot, int orders) {
    return awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == orders
        && s.data().protection().stream().allMatch(ProtectiveOrder::accepted));
  }

  /**
   * {@code bot}'s one protective order once accepted: a reduce-only GTC OCO selling the long's whole {@code quantity}
   * (compared as a number) of {@code symbol} on this venue, its limit {@code target} and its stop {@code stop}.
   */
  ProtectiveOrder awaitOco(ActorRef<Bot.Command> bot, String symbol, String quantity, String target, String stop) {
    ProtectiveOrder oco = awaitProtected(bot, 1).data().protection().get(0);
    assertEquals(ProtectiveOrder.Role.OCO, oco.role());
    Order o = oco.order();
    BigDecimal whole = new BigDecimal(quantity);
    assertEquals(new Order(oco.clientOrderId(), venueId, symbol, Side.SELL, OrderType.OCO, whole, new BigDecimal(target),
        new BigDecimal(stop), TimeInForce.GTC, true), new Order(o.clientOrderId(), o.venue(), o.symbol(), o.side(),
        o.type(), o.quantity().compareTo(whole) == 0 ? whole : o.quantity(), o.limitPrice(), o.stopPrice(),
        o.timeInForce(), o.reduceOnly()), "one reduce-only OCO for the whole position");
    return oco;
  }

  /** {@code bot} back to IDLE, no protective order left. */
  BotState awaitIdle(ActorRef<Bot.Command> bot) {
    return awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
  }

  /** Waits (10 seconds at most, unless told) until the guardian's status passes {@code check}. */
  void awaitGuardian(Consumer<RiskGuardian.GuardianStatus> check) {
    TestProbe<RiskGuardian.GuardianStatus> probe = kit.createTestProbe();
    probe.awaitAssert(patience, () -> {
      guardian.tell(new RiskGuardian.GetStatus(probe.getRef()));
      check.accept(probe.expectMessageClass(RiskGuardian.GuardianStatus.class));
      return null;
    });
  }

  /**
   * {@code bot} back to IDLE, its trade closed at the venue {@code by} (e.g. "OCO target oco-a1-2") for {@code pnl}, which
   * the guardian's ledger has realized too, nothing left working there.
   */
  BotState awaitClosedAtVenue(ActorRef<Bot.Command> bot, String by, BigDecimal pnl) {
    BotState after = awaitIdle(bot);
    assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by " + by),
        after.data().lastOutcome().reason());
    awaitLedger(pnl);
    return after;
  }

  /** Waits until the guardian's ledger has realized {@code pnl} and nothing is left working. */
  void awaitLedger(BigDecimal pnl) {
    awaitGuardian(status -> {
      assertEquals(0, pnl.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
    });
  }

  /** Waits (10 seconds at most, unless told) until {@code condition} holds, {@code what} saying why not. */
  void awaitTrue(BooleanSupplier condition, Supplier<String> what) {
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(patience, () -> {
      assertTrue(condition.getAsBoolean(), what);
      return null;
    });
  }

  /** What the venue says of {@code id} now. */
  OrderReport.Status venueStatus(ClientOrderId id) {
    TestProbe<OrderReport> probe = kit.createTestProbe();
    venue.tell(new Venue.QueryOrder(id, probe.getRef()));
    return probe.expectMessageClass(OrderReport.Status.class);
  }

  /**
   * Waits until the venue has reported {@code count} fills: its reports go to the bot and to the guardian
   * separately, so the bot may be done before the guardian's copy (which fills this list) arrives.
   */
  void awaitFills(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (fills.size() < count && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(count, fills.size(), "fills the venue reported: " + fills);
  }

  /** Marks the guardian at {@code price} (the venue is not quoted: an adapter on a fake venue is quoted there). */
  void mark(String symbol, String price) {
    guardian.tell(new RiskGuardian.MarkPrice(symbol, new BigDecimal(price), Instant.now()));
  }

  /** Marks the guardian at the mid and quotes the venue. */
  void price(String symbol, String bid, String ask) {
    Instant now = Instant.now();
    guardian.tell(new RiskGuardian.MarkPrice(symbol, new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2)), now));
    venue.tell(new Venue.MarketPrice(symbol, new BigDecimal(bid), new BigDecimal(ask), now));
  }
}
