package io.dorado.actors.strategy.manage;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.scan.BotGateway;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Side;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The position manager scales out through the bot ({@code Bot.ReducePosition}) and reads which tranches
 * are done from the bot's state: a manager restarted after the first tranche (a singleton moved to
 * another node) asks for the second one only, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaledExitManagerTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final String BOT = "fx1";
  private final ActorTestKit testKit = ActorTestKit.create("scaled-exits", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_restarted_manager_knows_the_first_tranche_is_done_and_asks_only_for_the_second() throws Exception {
    var bots = new FakeBot(holding(new BigDecimal("100")));
    ActorRef<MarketData.Command> eur = testKit.spawn(MarketDataActor.create("EURUSD", 100));
    var settings = new PositionManager.Settings(Map.of(BOT, template()), Duration.ofMillis(100), 50, Duration.ofSeconds(3));

    var first = testKit.spawn(PositionManager.create(Map.of("EURUSD", eur), bots, settings));
    awaitWatch(first, w -> w.scaling() != null);
    eur.tell(new MarketData.PublishBar(bar(1, "104", "99")));
    eur.tell(new MarketData.PublishBar(bar(2, "105", "101"))); // 1R: entry 100, stop 95
    Bot.ReducePosition one = eventually(Duration.ofSeconds(10), bots.reductions::peek, r -> r != null);
    assertEquals("trade-1/scale-1", one.reductionId());
    assertEquals(new BigDecimal("33"), one.quantity());
    eur.tell(new MarketData.PublishBar(bar(3, "106", "101"))); // still above 1R: nothing more
    awaitWatch(first, w -> w.scaling().pending() == null && w.scaling().done().size() == 1);

    testKit.stop(first);
    var second = testKit.spawn(PositionManager.create(Map.of("EURUSD", eur), bots, settings));
    Management.Watch restored = awaitWatch(second, w -> w.scaling() != null);
    assertEquals(List.of("trade-1/scale-1"), restored.scaling().done(), "read back from the bot's state");
    eur.tell(new MarketData.PublishBar(bar(4, "106", "101"))); // above 1R again: not reduced twice
    eur.tell(new MarketData.PublishBar(bar(5, "110", "104"))); // 2R
    eventually(Duration.ofSeconds(10), () -> bots.reductions.size(), n -> n == 2);
    Bot.ReducePosition two = bots.reductions.stream().toList().get(1);
    assertEquals("trade-1/scale-2", two.reductionId());
    assertEquals(new BigDecimal("33"), two.quantity(), "a third of the entered 100, from the 67 left");

    Management.Watch after = awaitWatch(second, w -> w.scaling().done().size() == 2 && w.scaling().pending() == null);
    assertEquals(0, new BigDecimal("100").compareTo(after.stop()), "the second tranche moved the stop to break-even");
    assertEquals(new BigDecimal("34"), after.scaling().quantity());
    eur.tell(new MarketData.PublishBar(bar(6, "115", "108")));
    eur.tell(new MarketData.PublishBar(bar(7, "99.5", "99"))); // the runner's stop (break-even) is hit: close the rest
    Bot.ClosePosition close = eventually(Duration.ofSeconds(10), bots.closes::peek, c -> c != null);
    assertEquals("management: stop 100 hit (bar low 99)", close.reason());
    assertEquals(List.of("trade-1/scale-1", "trade-1/scale-2"), List.copyOf(bots.asked), "each tranche asked for once");
  }

  private Management.Watch awaitWatch(ActorRef<Management.Command> manager,
      java.util.function.Predicate<Management.Watch> ready) throws Exception {
    var probe = testKit.<Management.Watches>createTestProbe();
    return eventually(Duration.ofSeconds(10), () -> {
      manager.tell(new Management.GetWatches(probe.getRef()));
      var l = probe.receiveMessage().watches();
      return l.isEmpty() ? null : l.get(0);
    }, w -> w != null && ready.test(w));
  }

  /** Long 100 EURUSD at 100 with the stop at 95 (R = 5), as the bot's journal would have it. */
  private static BotData holding(BigDecimal quantity) {
    BotConfig config = new BotConfig(BOT, "u", "EURUSD", "paper", VenueMode.PAPER, "fx_momentum", SignalMode.SCAN,
        ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, null);
    return BotData.initial(config)
        .openingTrade("trade-1", new BigDecimal("50"), T0, new BigDecimal("95"), null)
        .withFill(new Fill("f1", ClientOrderId.of(BOT, 1), "EURUSD", Side.BUY, quantity, new BigDecimal("100"),
            BigDecimal.ZERO, T0));
  }

  private static StrategyTemplate template() {
    return new StrategyTemplate("fx", TemplateType.FX_DIRECTIONAL, AssetClass.FX, null, null, null, null, null, null,
        new StrategyTemplate.Management(null, null, null, null, null, null, null, new StrategyTemplate.AtrLevel(null, 2.0),
            null, null, null, List.of(new StrategyTemplate.ScaledExit(1.0, 33.0, null),
                new StrategyTemplate.ScaledExit(2.0, 33.0, StrategyTemplate.StopMove.BREAK_EVEN))),
        null, null, null);
  }

  private static Bar bar(int hours, String high, String low) {
    return new Bar("EURUSD", T0.plus(Duration.ofHours(hours)), Duration.ofHours(1), new BigDecimal(low),
        new BigDecimal(high), new BigDecimal(low), new BigDecimal(low), null);
  }

  /** A bot that fills every reduction at once (its state is what a real bot's journal would give). */
  private final class FakeBot implements BotGateway {
    final ConcurrentLinkedQueue<Bot.ReducePosition> reductions = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Bot.ClosePosition> closes = new ConcurrentLinkedQueue<>();
    /** Every reduction asked for, repeats included (the bot would answer a repeat AlreadyProcessed). */
    final ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();
    private final AtomicReference<BotState> state;
    private final ActorRef<Bot.Ack> nobody = testKit.<Bot.Ack>createTestProbe().ref();
    private int fills = 1;

    FakeBot(BotData data) {
      this.state = new AtomicReference<>(new BotState.Monitoring(data, T0));
    }

    @Override
    public synchronized CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      Bot.Command c = command.apply(nobody);
      if (c instanceof Bot.ClosePosition close) {
        closes.add(close);
        return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.CLOSING, "closing"));
      }
      var r = (Bot.ReducePosition) c;
      asked.add(r.reductionId());
      BotData d = state.get().data();
      if (d.hasSeenSignal(r.reductionId())) {
        return CompletableFuture.completedFuture(new Bot.AlreadyProcessed(botId, r.reductionId(), Phase.MONITORING));
      }
      reductions.add(r);
      fills++;
      BotData reduced = d.withSignal(r.reductionId()).withReduction(r.reductionId())
          .withFill(new Fill("f" + fills, ClientOrderId.of(BOT, fills), "EURUSD", Side.SELL, r.quantity(),
              new BigDecimal("105"), BigDecimal.ZERO, T0));
      state.set(new BotState.Monitoring(reduced, T0));
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.CLOSING, "reducing"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.completedFuture(state.get());
    }
  }
}
