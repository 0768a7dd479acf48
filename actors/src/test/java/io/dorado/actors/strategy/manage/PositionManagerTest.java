package io.dorado.actors.strategy.manage;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.scan.BotGateway;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Management;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import io.dorado.actors.testing.TestConfigs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The manager reads stops and targets from the bots' own state, watches the bars, and asks the bot to
 * close when one is hit; once the bot is flat the watch is dropped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PositionManagerTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("manage", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_bar_through_the_stop_closes_the_position_through_its_bot_and_a_flat_bot_is_no_longer_watched() throws Exception {
    BotConfig config = new BotConfig("m1", "u", "BTC", "paper", VenueMode.PAPER, "t", SignalMode.SCAN, ApprovalMode.AUTO_EXECUTE,
        Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, null);
    BotData holding = BotData.initial(config)
        .openingTrade("m1/s1", new BigDecimal("50"), T0, new BigDecimal("95"), new BigDecimal("110"))
        .withFill(new Fill("f1", ClientOrderId.of("m1", 1), "BTC", Side.BUY, BigDecimal.TEN, new BigDecimal("100"),
            BigDecimal.ZERO, T0));
    var state = new AtomicReference<BotState>(new BotState.Monitoring(holding, T0));
    var bots = new FakeBots(state);
    ActorRef<MarketData.Command> btc = testKit.spawn(MarketDataActor.create("BTC", 100));
    var settings = new PositionManager.Settings(Map.of("m1", template()), Duration.ofMillis(100), 50, Duration.ofSeconds(3));
    var manager = testKit.spawn(PositionManager.create(Map.of("BTC", btc), bots, settings));

    var watches = testKit.<Management.Watches>createTestProbe();
    Management.Watch w = eventually(Duration.ofSeconds(10), () -> {
      manager.tell(new Management.GetWatches(watches.getRef()));
      return watches.receiveMessage().watches();
    }, l -> l.size() == 1).get(0);
    assertEquals(new BigDecimal("95"), w.stop());
    assertEquals(Side.BUY, w.side());

    btc.tell(new MarketData.PublishBar(bar(1, "104", "97")));
    btc.tell(new MarketData.PublishBar(bar(2, "101", "94.5")));
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), () -> bots.closes.peek(), c -> c != null);
    assertEquals("management: stop 95 hit (bar low 94.5)", close.reason());

    state.set(new BotState.Idle(holding)); // closed (the fills do not matter to the manager)
    eventually(Duration.ofSeconds(10), () -> {
      manager.tell(new Management.GetWatches(watches.getRef()));
      return watches.receiveMessage().watches();
    }, List::isEmpty);
    assertEquals(1, bots.closes.size(), "one close asked for");
    assertTrue(bots.asked.get() > 1, "the manager keeps asking the bots for their state");
  }

  @Test
  void a_bot_created_after_start_is_learnt_from_the_fleet_registry_and_its_stop_managed_by_the_template_it_runs()
      throws Exception {
    BotConfig config = new BotConfig("late-1", "u", "BTC", "paper", VenueMode.PAPER, "t", SignalMode.SCAN,
        ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, null);
    BotData holding = BotData.initial(config)
        .openingTrade("late-1/s1", new BigDecimal("50"), T0, new BigDecimal("95"), new BigDecimal("110"))
        .withFill(new Fill("f1", ClientOrderId.of("late-1", 1), "BTC", Side.BUY, BigDecimal.TEN, new BigDecimal("100"),
            BigDecimal.ZERO, T0));
    var bots = new FakeBots(new AtomicReference<>(new BotState.Monitoring(holding, T0)));
    var registry = new AtomicReference<List<BotConfig>>(List.of());
    ActorRef<MarketData.Command> btc = testKit.spawn(MarketDataActor.create("BTC", 100));
    // Nothing configured at start: the bot exists only in the registry (created through the API), its template by id.
    var settings = new PositionManager.Settings(Map.of(), Duration.ofMillis(100), 50, Duration.ofSeconds(3),
        Map.of("t", template()), () -> CompletableFuture.completedFuture(registry.get()));
    var manager = testKit.spawn(PositionManager.create(Map.of("BTC", btc), bots, settings));
    var watches = testKit.<Management.Watches>createTestProbe();
    manager.tell(new Management.GetWatches(watches.getRef()));
    assertTrue(watches.receiveMessage().watches().isEmpty());
    assertEquals(0, bots.asked.get(), "a bot the registry does not list is not asked");

    registry.set(List.of(config)); // POST /api/v1/bots, then an entry filled
    Management.Watch w = eventually(Duration.ofSeconds(10), () -> {
      manager.tell(new Management.GetWatches(watches.getRef()));
      return watches.receiveMessage().watches();
    }, l -> l.size() == 1).get(0);
    assertEquals("late-1", w.botId());
    assertEquals(new BigDecimal("95"), w.stop());
    assertEquals(new BigDecimal("110"), w.target());

    btc.tell(new MarketData.PublishBar(bar(1, "111", "99")));
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), () -> bots.closes.peek(), c -> c != null);
    assertEquals("management: target 110 reached (bar high 111)", close.reason());
  }

  @Test
  void an_iron_condor_whose_short_put_is_tested_is_closed_through_its_bot() throws Exception {
    BotConfig config = new BotConfig("ic1", "u", "AAPL", "paper", VenueMode.PAPER, "iron_condor", SignalMode.SCAN,
        ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, null);
    var expiry = java.time.LocalDate.of(2026, 3, 20);
    var legs = List.of(
        new io.dorado.protocol.order.OrderLeg(occ(expiry, io.dorado.protocol.order.OptionSymbol.Right.PUT, "95"), Side.SELL, 1),
        new io.dorado.protocol.order.OrderLeg(occ(expiry, io.dorado.protocol.order.OptionSymbol.Right.PUT, "90"), Side.BUY, 1),
        new io.dorado.protocol.order.OrderLeg(occ(expiry, io.dorado.protocol.order.OptionSymbol.Right.CALL, "105"), Side.SELL, 1),
        new io.dorado.protocol.order.OrderLeg(occ(expiry, io.dorado.protocol.order.OptionSymbol.Right.CALL, "110"), Side.BUY, 1));
    var entry = io.dorado.protocol.order.Order.combo(ClientOrderId.of("ic1", 1), "paper", "AAPL", Side.SELL, BigDecimal.ONE,
        new BigDecimal("1.50"), legs, false);
    BotData holding = BotData.initial(config).withStructureEntry(entry, new BigDecimal("350"));
    for (var leg : legs) {
      holding = holding.withFill(new Fill(leg.symbol(), entry.clientOrderId(), leg.symbol(), leg.side(), new BigDecimal("100"),
          new BigDecimal(leg.side() == Side.SELL ? "1.20" : "0.45"), BigDecimal.ZERO, T0));
    }
    var bots = new FakeBots(new AtomicReference<>(new BotState.Monitoring(holding, T0)));
    ActorRef<MarketData.Command> aapl = testKit.spawn(MarketDataActor.create("AAPL", 100));
    var rules = new StrategyTemplate.Management(50.0, 200.0, 14, new StrategyTemplate.ExitRule(
        StrategyTemplate.ExitTrigger.SHORT_STRIKE_TESTED, null, StrategyTemplate.ExitAction.CLOSE_TESTED_SIDE), null, null, null,
        null, null, null, null);
    var entryRules = new StrategyTemplate.Entry(null, null, null,
        new StrategyTemplate.LegRule(StrategyTemplate.StrikeMethod.DELTA_AND_SUPPORT, List.of(-0.20, -0.15), null, null, null),
        new StrategyTemplate.LegRule(StrategyTemplate.StrikeMethod.FIXED_WIDTH, null, 5.0, null, null),
        new StrategyTemplate.LegRule(StrategyTemplate.StrikeMethod.DELTA_AND_RESISTANCE, List.of(0.15, 0.20), null, null, null),
        new StrategyTemplate.LegRule(StrategyTemplate.StrikeMethod.FIXED_WIDTH, null, 5.0, null, null),
        List.of(30, 50), "delta_first");
    var template = new StrategyTemplate("iron_condor", io.dorado.protocol.strategy.TemplateType.OPTIONS_INCOME,
        io.dorado.protocol.market.AssetClass.EQUITY_OPTIONS, null, null, null, null, null, entryRules, rules, null, null, null);
    var settings = new PositionManager.Settings(Map.of("ic1", template), Duration.ofMillis(100), 50, Duration.ofSeconds(3));
    testKit.spawn(PositionManager.create(Map.of("AAPL", aapl), bots, settings));

    var hour = new java.util.concurrent.atomic.AtomicInteger();
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), () -> {
      int h = hour.incrementAndGet(); // the first bars may come before the manager has seen the bot's state
      aapl.tell(new MarketData.PublishBar(new Bar("AAPL", T0.plus(Duration.ofHours(h)), Duration.ofHours(1),
          new BigDecimal("96"), new BigDecimal("96"), new BigDecimal("94"), new BigDecimal("94.5"), null)));
      Thread.sleep(50);
      return bots.closes.peek();
    }, c -> c != null);
    assertEquals("management: short put 95 tested (close 94.5)", close.reason());
  }

  private static String occ(java.time.LocalDate expiry, io.dorado.protocol.order.OptionSymbol.Right right, String strike) {
    return io.dorado.protocol.order.OptionSymbol.of("AAPL", expiry, right, new BigDecimal(strike)).occ();
  }

  private static StrategyTemplate template() {
    return new StrategyTemplate("t", io.dorado.protocol.strategy.TemplateType.CRYPTO_DIRECTIONAL,
        io.dorado.protocol.market.AssetClass.CRYPTO, null, null, null, null, null, null,
        new StrategyTemplate.Management(null, null, null, null, null, null, null, new StrategyTemplate.AtrLevel(null, 2.0),
            null, null, null), null, null, null);
  }

  private static Bar bar(int hours, String high, String low) {
    return new Bar("BTC", T0.plus(Duration.ofHours(hours)), Duration.ofHours(1), new BigDecimal("100"), new BigDecimal(high),
        new BigDecimal(low), new BigDecimal("100"), null);
  }

  private final class FakeBots implements BotGateway {
    final ConcurrentLinkedQueue<Bot.ClosePosition> closes = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicReference<BotState> state;
    private final ActorRef<Bot.Ack> nobody = testKit.<Bot.Ack>createTestProbe().ref();

    FakeBots(AtomicReference<BotState> state) {
      this.state = state;
    }

    @Override
    public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      if (command.apply(nobody) instanceof Bot.ClosePosition c) closes.add(c);
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.CLOSING, "closing"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(state.get());
    }
  }
}
