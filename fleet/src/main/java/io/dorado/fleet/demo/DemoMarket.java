package io.dorado.fleet.demo;

import io.dorado.cluster.FleetNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The demo's market: a synthetic random walk (clearly not real data) that marks the guardian and
 * drives the paper venue, and a naive signal source that enters when a demo bot is idle and exits
 * after it has held for a while, so the whole order path runs without any outside input.
 */
public final class DemoMarket {
  private DemoMarket() {}

  sealed interface Tick {}

  private record PriceTick() implements Tick {}

  private record SignalTick() implements Tick {}

  private record Observed(BotConfig bot, BotState state) implements Tick {}

  /** A bot that did not answer: the next signal tick asks again. */
  private record Unanswered() implements Tick {}

  public static Behavior<Tick> create(FleetNode node, List<BotConfig> bots, Duration tickInterval, Duration signalInterval,
      Duration holdFor) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context -> {
      timers.startTimerWithFixedDelay(new PriceTick(), tickInterval);
      timers.startTimerWithFixedDelay(new SignalTick(), signalInterval);
      var random = new SplittableRandom(7);
      Map<String, BigDecimal> prices = new HashMap<>(DemoFleet.START_PRICES);
      FleetOperations ops = node.operations();
      return Behaviors.receive(Tick.class)
          .onMessage(PriceTick.class, t -> {
            Instant now = Instant.now();
            prices.replaceAll((symbol, p) -> {
              // ±0.2 % steps: enough to see P&L move in a minute.
              BigDecimal step = BigDecimal.valueOf(random.nextGaussian() * 0.002);
              BigDecimal next = p.multiply(BigDecimal.ONE.add(step)).setScale(2, RoundingMode.HALF_EVEN);
              BigDecimal half = next.multiply(new BigDecimal("0.0001")).setScale(2, RoundingMode.HALF_EVEN).max(new BigDecimal("0.01"));
              node.guardian().tell(new RiskGuardian.MarkPrice(symbol, next, now));
              node.venue(DemoFleet.VENUE).tell(new Venue.MarketPrice(symbol, next.subtract(half), next.add(half), now));
              return next;
            });
            return Behaviors.same();
          })
          .onMessage(SignalTick.class, t -> {
            for (BotConfig bot : bots) {
              context.pipeToSelf(ops.liveState(bot.id(), true),
                  (state, failure) -> state != null && state.isPresent() ? new Observed(bot, state.get()) : new Unanswered());
            }
            return Behaviors.same();
          })
          .onMessage(Unanswered.class, u -> Behaviors.same())
          .onMessage(Observed.class, o -> {
            BotState s = o.state();
            Instant now = Instant.now();
            String id = "demo-" + o.bot().id() + "-" + now.toEpochMilli();
            if (s instanceof BotState.Idle && !s.data().paused() && s.data().position().isFlat()) {
              ops.ingestSignal(o.bot().id(), new Signal(id, o.bot().id(), o.bot().underlying(), SignalAction.ENTER_LONG,
                  prices.get(o.bot().underlying()), null, null, "demo", now));
            } else if (s instanceof BotState.Monitoring m && m.since().plus(holdFor).isBefore(now)) {
              ops.ingestSignal(o.bot().id(), new Signal(id, o.bot().id(), o.bot().underlying(), SignalAction.EXIT,
                  null, null, null, "demo", now));
            }
            return Behaviors.same();
          })
          .build();
    }));
  }
}
