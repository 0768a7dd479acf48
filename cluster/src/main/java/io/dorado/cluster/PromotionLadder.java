package io.dorado.cluster;

import io.dorado.actors.fleet.Ladder;
import io.dorado.actors.strategy.scan.ScanActor;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.TradeView;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.fleet.Stage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The promotion ladder (PRD §3.3) as a cluster singleton ({@code "ladder"}): every {@code interval} it
 * reads each bot's closed trades on its current step (its own and its paper twin's, from the read side),
 * applies {@link Ladder#evaluate} with the configured criteria, and asks the fleet supervisor to promote
 * the bots that meet them; the promotion is a fleet event ({@code BotPromoted}) and the bot view shows the
 * stage. The supervisor refuses a live step while live trading is off; the ladder logs each bot's standing
 * when it changes.
 *
 * <p>A promotion reconfigures the bot ({@code Bot.Reconfigure}, sent by the fleet supervisor): canary is live
 * at {@code canary_size_pct} of the registered size, full is live at the registered size
 * ({@link Ladder#configFor}); the bot applies it when it is next IDLE, so an open trade keeps its sizing.
 * No live venue adapter ships: a live bot's orders still go to the venue the node routes them to.
 */
public final class PromotionLadder {
  private PromotionLadder() {}

  sealed interface Command {}

  private record Tick() implements Command {}

  private record Evaluated(Map<String, String> standing) implements Command {}

  public static ActorRef<Command> init(ActorSystem<?> system, FleetOperations ops, LadderPolicy policy, Duration interval) {
    return ClusterSingleton.get(system).init(SingletonActor.of(create(ops, policy, interval, Clock.systemUTC()), "ladder"));
  }

  static Behavior<Command> create(FleetOperations ops, LadderPolicy policy, Duration interval, Clock clock) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      ctx.setLoggerName(PromotionLadder.class);
      timers.startTimerWithFixedDelay(new Tick(), interval);
      var last = new HashMap<String, String>();
      return Behaviors.receive(Command.class)
          .onMessage(Tick.class, t -> {
            ctx.pipeToSelf(round(ops, policy, clock.instant()),
                (standing, err) -> new Evaluated(standing != null ? standing : Map.of("*", "ladder round failed: " + err)));
            return Behaviors.same();
          })
          .onMessage(Evaluated.class, e -> {
            e.standing().forEach((bot, why) -> {
              if (!why.equals(last.put(bot, why))) ctx.getLog().info("ladder: {}: {}", bot, why);
            });
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** One pass over the fleet: bot id → what the ladder decided and why. */
  static CompletionStage<Map<String, String>> round(FleetOperations ops, LadderPolicy policy, Instant now) {
    return ops.bots().thenCompose(list -> {
      var each = new ArrayList<CompletableFuture<Map.Entry<String, String>>>();
      for (BotEntry b : list.bots()) {
        if (b.retired() || b.botId().endsWith(ScanActor.PAPER_SUFFIX) || b.stage() == Stage.FULL) continue;
        each.add(evaluate(ops, policy, b, now).toCompletableFuture());
      }
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
        var out = new HashMap<String, String>();
        each.forEach(f -> out.put(f.join().getKey(), f.join().getValue()));
        return out;
      });
    });
  }

  private static CompletionStage<Map.Entry<String, String>> evaluate(FleetOperations ops, LadderPolicy policy, BotEntry b,
      Instant now) {
    Instant since = b.stage() == Stage.initial(b.config().venueMode()) ? b.registeredAt() : b.changedAt();
    return trades(ops, b.botId()).thenCombine(trades(ops, b.botId() + ScanActor.PAPER_SUFFIX), (own, twin) -> {
      var pnls = new ArrayList<BigDecimal>();
      for (List<TradeView> l : List.of(own, twin)) {
        l.stream().filter(t -> t.closedAt() != null && !t.closedAt().isBefore(since) && t.realizedPnl() != null)
            .forEach(t -> pnls.add(t.realizedPnl()));
      }
      return Ladder.evaluate(b, pnls, policy, now);
    }).thenCompose(v -> v.promoteTo().isEmpty()
        ? CompletableFuture.completedFuture(Map.entry(b.botId(), b.stage().name().toLowerCase() + "; " + v.reason()))
        : ops.promoteBot(b.botId(), v.promoteTo().get(), v.reason(), "ladder")
            .thenApply(r -> Map.entry(b.botId(), describe(r, v))));
  }

  private static String describe(Fleet.Reply r, Ladder.Verdict v) {
    if (r instanceof Fleet.Refused refused) return v.reason() + "; promotion refused: " + refused.reason();
    return v.reason() + "; " + (r instanceof Fleet.Done d ? d.detail() : r.toString());
  }

  private static CompletionStage<List<TradeView>> trades(FleetOperations ops, String botId) {
    return ops.trades(Optional.of(botId), PageRequest.first(PageRequest.MAX_LIMIT)).thenApply(p -> p.items())
        .exceptionally(e -> List.of());
  }
}
