package io.dorado.actors.strategy.manage;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.scan.BotGateway;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.strategy.Management;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.TemplateType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Position management with the stop and target resting at the venue: the manager moves the venue's stop
 * ({@code Bot.MoveStop}) as its trailing stop or a break-even tightens it, and never closes on a cross of a level that
 * rests there (the venue's order closes the position; a market close on top would close it twice). A bot whose stop is
 * virtual is closed on the same bar as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueStopManagerTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("venue-stops", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void the_trailing_stop_moves_the_venue_stop_and_a_bar_through_it_closes_only_the_bot_whose_stop_is_virtual()
      throws Exception {
    var bots = new FakeBots(Map.of("venue", holding("venue", true), "virtual", holding("virtual", false)), 0);
    ActorRef<MarketData.Command> eur = testKit.spawn(MarketDataActor.create("EURUSD", 100));
    var trailing = management(new StrategyTemplate.TrailingStop(true, 1.0, 2.0), List.of());
    var settings = new PositionManager.Settings(Map.of("venue", template(trailing), "virtual", template(trailing)),
        Duration.ofMillis(100), 50, Duration.ofSeconds(3));
    var manager = testKit.spawn(PositionManager.create(Map.of("EURUSD", eur), bots, settings));
    eventually(Duration.ofSeconds(10), () -> watches(manager).size(), n -> n == 2);

    for (int h = 1; h <= 21; h++) eur.tell(new MarketData.PublishBar(bar(h, "100.5", "99.5")));
    eur.tell(new MarketData.PublishBar(bar(22, "106", "105"))); // 6 ATRs in favour: the stops trail

    Bot.MoveStop move = eventually(Duration.ofSeconds(10), bots.moves::peek, m -> m != null);
    Management.Watch venueWatch = eventually(Duration.ofSeconds(10),
        () -> watches(manager).stream().filter(w -> w.botId().equals("venue")).findFirst().orElseThrow(),
        w -> w.stop().compareTo(new BigDecimal("95")) > 0);
    assertEquals(0, venueWatch.stop().compareTo(move.stop()), "the venue's stop goes where the trailing stop is");
    assertEquals(0, move.stop().compareTo(bots.restingStop("venue")));
    System.out.println("venue stop: 95 → " + move.stop().toPlainString() + " (" + move.reason() + ")");

    eur.tell(new MarketData.PublishBar(bar(23, "100", "90"))); // through both stops
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), () -> bots.closes.get("virtual"), c -> c != null);
    assertTrue(close.reason().contains("hit"), close.reason());
    assertEquals(null, bots.closes.get("venue"), "its stop at the venue closes it; the manager does not");
    assertEquals(1, bots.moves.size(), "only the bot whose stop rests at the venue is asked to move it");
  }

  @Test
  void break_even_after_a_scale_out_moves_the_venue_stop_asked_again_while_the_bot_refuses() throws Exception {
    var bots = new FakeBots(Map.of("be", holding("be", true)), 1); // refuses the first move (its resized stop not resting)
    ActorRef<MarketData.Command> eur = testKit.spawn(MarketDataActor.create("EURUSD", 100));
    var scaled = management(null, List.of(new StrategyTemplate.ScaledExit(1.0, 50.0, StrategyTemplate.StopMove.BREAK_EVEN)));
    var settings = new PositionManager.Settings(Map.of("be", template(scaled)), Duration.ofMillis(100), 50,
        Duration.ofSeconds(3));
    var manager = testKit.spawn(PositionManager.create(Map.of("EURUSD", eur), bots, settings));
    eventually(Duration.ofSeconds(10), () -> watches(manager).size(), n -> n == 1);

    eur.tell(new MarketData.PublishBar(bar(1, "105", "101"))); // 1R (entry 100, stop 95): half out, stop to break-even

    eventually(Duration.ofSeconds(10), () -> bots.restingStop("be"), s -> s.compareTo(new BigDecimal("100")) == 0);
    assertTrue(bots.moves.size() >= 2, "refused once, then asked again on a refresh: " + bots.moves.size());
    bots.moves.forEach(m -> assertEquals(0, new BigDecimal("100").compareTo(m.stop())));
    eur.tell(new MarketData.PublishBar(bar(2, "101", "99"))); // through break-even: the venue's stop closes it
    eur.tell(new MarketData.PublishBar(bar(3, "101", "99")));
    eventually(Duration.ofSeconds(10), () -> watches(manager).get(0).best(), b -> b != null);
    assertEquals(Map.of(), bots.closes, "no virtual close on top of the venue's stop");
  }

  @Test
  void a_trailing_stop_the_venue_cannot_take_is_closed_on_by_the_manager_above_the_venues_own_stop() throws Exception {
    // The bot refuses every move (its stop rests inside a native OCO): the venue's stop stays at 95.
    var bots = new FakeBots(Map.of("oco", holding("oco", true)), Integer.MAX_VALUE);
    ActorRef<MarketData.Command> eur = testKit.spawn(MarketDataActor.create("EURUSD", 100));
    var trailing = management(new StrategyTemplate.TrailingStop(true, 1.0, 2.0), List.of());
    var settings = new PositionManager.Settings(Map.of("oco", template(trailing)), Duration.ofMillis(100), 50,
        Duration.ofSeconds(3));
    var manager = testKit.spawn(PositionManager.create(Map.of("EURUSD", eur), bots, settings));
    eventually(Duration.ofSeconds(10), () -> watches(manager).size(), n -> n == 1);

    for (int h = 1; h <= 21; h++) eur.tell(new MarketData.PublishBar(bar(h, "100.5", "99.5")));
    eur.tell(new MarketData.PublishBar(bar(22, "106", "105"))); // the stop trails to ~103, the venue's stays at 95
    eventually(Duration.ofSeconds(10), bots.moves::peek, m -> m != null);
    assertEquals(0, new BigDecimal("95").compareTo(bots.restingStop("oco")), "the move was refused");

    eur.tell(new MarketData.PublishBar(bar(23, "104", "101"))); // through the trailing stop, not the venue's
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), () -> bots.closes.get("oco"), c -> c != null);
    assertTrue(close.reason().contains("hit"), close.reason());
  }

  @Test
  void a_target_kept_virtual_beside_the_venues_stop_is_closed_on_by_the_manager_and_the_stop_is_left_to_the_venue()
      throws Exception {
    // Kraken spot: the stop at 95 rests, the target at 110 cannot rest beside it (each would hold the whole position)
    BotData spot = withStop(BotData.initial(holding("spot", false).config())
        .openingTrade("trade-spot", new BigDecimal("50"), T0, new BigDecimal("95"), new BigDecimal("110"))
        .withFill(new Fill("f-spot", ClientOrderId.of("spot", 1), "EURUSD", Side.BUY, new BigDecimal("100"),
            new BigDecimal("100"), BigDecimal.ZERO, T0)), 2, new BigDecimal("95"));
    var bots = new FakeBots(Map.of("spot", spot), 0);
    ActorRef<MarketData.Command> eur = testKit.spawn(MarketDataActor.create("EURUSD", 100));
    var settings = new PositionManager.Settings(Map.of("spot", template(management(null, List.of()))),
        Duration.ofMillis(100), 50, Duration.ofSeconds(3));
    var manager = testKit.spawn(PositionManager.create(Map.of("EURUSD", eur), bots, settings));
    eventually(Duration.ofSeconds(10), () -> watches(manager).size(), n -> n == 1);

    eur.tell(new MarketData.PublishBar(bar(1, "111", "105"))); // through the target
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), () -> bots.closes.get("spot"), c -> c != null);
    assertTrue(close.reason().contains("target 110 reached"), close.reason());
  }

  private List<Management.Watch> watches(ActorRef<Management.Command> manager) {
    var probe = testKit.<Management.Watches>createTestProbe();
    manager.tell(new Management.GetWatches(probe.getRef()));
    return probe.receiveMessage().watches();
  }

  /** Long 100 EURUSD at 100, stop 95; with {@code resting}, a stop order at 95 rests at the venue (accepted). */
  private static BotData holding(String botId, boolean resting) {
    BotConfig config = new BotConfig(botId, "u", "EURUSD", "paper", VenueMode.PAPER, "fx_momentum", SignalMode.SCAN,
        ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, null);
    BotData d = BotData.initial(config)
        .openingTrade("trade-" + botId, new BigDecimal("50"), T0, new BigDecimal("95"), null)
        .withFill(new Fill("f-" + botId, ClientOrderId.of(botId, 1), "EURUSD", Side.BUY, new BigDecimal("100"),
            new BigDecimal("100"), BigDecimal.ZERO, T0));
    return resting ? withStop(d, 2, new BigDecimal("95")) : d;
  }

  private static BotData withStop(BotData d, long sequence, BigDecimal stop) {
    var order = new Order(ClientOrderId.of(d.config().id(), sequence), "paper", "EURUSD", Side.SELL, OrderType.STOP,
        d.position().quantity(), null, stop, TimeInForce.GTC, true);
    return d.withProtective(ProtectiveOrder.intended(order, ProtectiveOrder.Role.STOP).asAccepted());
  }

  private static StrategyTemplate.Management management(StrategyTemplate.TrailingStop trailing,
      List<StrategyTemplate.ScaledExit> scaled) {
    return new StrategyTemplate.Management(null, null, null, null, null, null, null,
        new StrategyTemplate.AtrLevel(null, 2.0), null, null, trailing, scaled);
  }

  private static StrategyTemplate template(StrategyTemplate.Management m) {
    return new StrategyTemplate("fx", TemplateType.FX_DIRECTIONAL, AssetClass.FX, null, null, null, null, null, null, m,
        null, null, null);
  }

  private static Bar bar(int hours, String high, String low) {
    return new Bar("EURUSD", T0.plus(Duration.ofHours(hours)), Duration.ofHours(1), new BigDecimal(low),
        new BigDecimal(high), new BigDecimal(low), new BigDecimal(low), null);
  }

  /**
   * Bots as their journal would show them: a stop move leaves one stop resting at the new price (what the real bot
   * reaches once the new stop rests and the old is cancelled), a reduction fills at once.
   */
  private final class FakeBots implements BotGateway {
    final ConcurrentLinkedQueue<Bot.MoveStop> moves = new ConcurrentLinkedQueue<>();
    final Map<String, Bot.ClosePosition> closes = new ConcurrentHashMap<>();
    private final Map<String, BotData> data = new ConcurrentHashMap<>();
    private final AtomicInteger refusals;
    private final ActorRef<Bot.Ack> nobody = testKit.<Bot.Ack>createTestProbe().ref();

    FakeBots(Map<String, BotData> initial, int refusals) {
      data.putAll(initial);
      this.refusals = new AtomicInteger(refusals);
    }

    BigDecimal restingStop(String botId) {
      return data.get(botId).protecting().stream().map(p -> p.order().stopPrice()).findFirst().orElse(null);
    }

    @Override
    public synchronized CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      Bot.Command c = command.apply(nobody);
      BotData d = data.get(botId);
      if (c instanceof Bot.ClosePosition close) {
        closes.put(botId, close);
        return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.CLOSING, "closing"));
      }
      if (c instanceof Bot.MoveStop move) {
        moves.add(move);
        if (refusals.getAndDecrement() > 0) {
          return CompletableFuture.completedFuture(new Bot.Rejected(botId, Phase.MONITORING, "not resting yet"));
        }
        ProtectiveOrder old = d.protecting().get(0);
        BotData moved = withStop(d, d.lastOrderSequence() + 1, move.stop()).withoutProtective(old.clientOrderId());
        data.put(botId, moved);
        return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.MONITORING, "moving"));
      }
      var r = (Bot.ReducePosition) c;
      BotData reduced = d.withSignal(r.reductionId()).withReduction(r.reductionId())
          .withFill(new Fill("f-" + r.reductionId(), ClientOrderId.of(botId, 9), "EURUSD", Side.SELL, r.quantity(),
              new BigDecimal("105"), BigDecimal.ZERO, T0));
      data.put(botId, reduced);
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.CLOSING, "reducing"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.completedFuture(new BotState.Monitoring(data.get(botId), T0));
    }
  }
}
