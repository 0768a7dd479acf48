package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Polls a live {@link OhlcvFeed} every {@code interval} (on the blocking dispatcher) and publishes the
 * bars it has not published yet into the instrument's market-data actor. A failed poll is logged and
 * the next one tries again from the same point; one poll at a time.
 */
public final class PollingActor {
  private PollingActor() {}

  /** Local-only commands. */
  public sealed interface Command {}

  /** Poll now (the timer sends it too). */
  public record Poll() implements Command {}

  private record Polled(List<Bar> bars, String error) implements Command {}

  /** Optional: told after each poll, for tests and health. */
  public record PollDone(String symbol, int newBars, String error) {}

  public static Behavior<Command> create(String symbol, OhlcvFeed feed, Duration interval,
      ActorRef<MarketData.Command> target, ActorRef<PollDone> listener) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      timers.startTimerWithFixedDelay("poll", new Poll(), Duration.ZERO, interval);
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      return idle(ctx, symbol, feed, target, listener, blocking, null);
    }));
  }

  private static Behavior<Command> idle(ActorContext<Command> ctx, String symbol, OhlcvFeed feed,
      ActorRef<MarketData.Command> target, ActorRef<PollDone> listener, Executor blocking, Instant last) {
    return Behaviors.receive(Command.class)
        .onMessage(Poll.class, p -> {
          ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
            try {
              return feed.fetch(symbol, last);
            } catch (Exception e) {
              throw new CompletionException(e);
            }
          }, blocking), (bars, err) -> err == null ? new Polled(bars, null) : new Polled(List.of(), describe(err)));
          return polling(ctx, symbol, feed, target, listener, blocking, last);
        })
        .onMessage(Polled.class, p -> Behaviors.same())
        .build();
  }

  private static Behavior<Command> polling(ActorContext<Command> ctx, String symbol, OhlcvFeed feed,
      ActorRef<MarketData.Command> target, ActorRef<PollDone> listener, Executor blocking, Instant last) {
    return Behaviors.receive(Command.class)
        .onMessage(Poll.class, p -> Behaviors.same()) // the poll under way answers for this one too
        .onMessage(Polled.class, p -> {
          Instant newest = last;
          int fresh = 0;
          if (p.error() != null) {
            ctx.getLog().warn("polling {} failed: {}", symbol, p.error());
          }
          for (Bar b : p.bars()) {
            if (newest == null || b.end().isAfter(newest)) {
              target.tell(new MarketData.PublishBar(b));
              newest = b.end();
              fresh++;
            }
          }
          if (listener != null) listener.tell(new PollDone(symbol, fresh, p.error()));
          return idle(ctx, symbol, feed, target, listener, blocking, newest);
        })
        .build();
  }

  private static String describe(Throwable err) {
    Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
