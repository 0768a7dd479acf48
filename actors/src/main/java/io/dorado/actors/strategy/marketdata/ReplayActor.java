package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Replays a history into a market-data actor on an accelerated clock: the wall-clock wait between two
 * bars is their gap in market time divided by {@code speed} (a speed of 3600 plays an hour a second).
 * The first {@code preload} bars go out at once, so indicators have history from the start. When the
 * last bar is out the replay tells {@code listener} (if any) and stops.
 */
public final class ReplayActor {
  private ReplayActor() {}

  private static final Duration MIN_WAIT = Duration.ofMillis(5);

  /** Local-only commands: the replay's own timer. */
  public sealed interface Command {}

  private record Next(int index) implements Command {}

  /** Sent to the listener when the replay has published every bar. */
  public record Finished(String symbol, int bars, java.time.Instant lastBarEnd) {}

  public static Behavior<Command> create(
      List<Bar> bars, ActorRef<MarketData.Command> target, double speed, int preload, ReplayClock clock,
      ActorRef<Finished> listener) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, was " + speed);
    List<Bar> all = List.copyOf(bars);
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      int first = Math.min(Math.max(preload, 1), all.size());
      for (int i = 0; i < first; i++) publish(all.get(i), target, clock);
      if (first >= all.size()) return finish(all, listener);
      schedule(timers, all, first, speed);
      return running(all, target, speed, clock, listener, timers);
    }));
  }

  private static Behavior<Command> running(List<Bar> all, ActorRef<MarketData.Command> target, double speed,
      ReplayClock clock, ActorRef<Finished> listener, TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(Next.class, n -> {
          publish(all.get(n.index()), target, clock);
          int next = n.index() + 1;
          // Waits shorter than the scheduler's tick would each cost a whole tick: publish those bars now.
          while (next < all.size() && wait(all, next, speed).compareTo(MIN_WAIT) < 0) {
            publish(all.get(next), target, clock);
            next++;
          }
          if (next >= all.size()) return finish(all, listener);
          schedule(timers, all, next, speed);
          return Behaviors.same();
        })
        .build();
  }

  private static void schedule(TimerScheduler<Command> timers, List<Bar> all, int index, double speed) {
    timers.startSingleTimer("next", new Next(index), wait(all, index, speed));
  }

  /** Wall-clock wait before bar {@code index}: its gap to the previous bar in market time / speed. */
  private static Duration wait(List<Bar> all, int index, double speed) {
    Duration gap = Duration.between(all.get(index - 1).end(), all.get(index).end());
    return Duration.ofNanos((long) Math.max(0, gap.toNanos() / speed));
  }

  private static void publish(Bar bar, ActorRef<MarketData.Command> target, ReplayClock clock) {
    target.tell(new MarketData.PublishBar(bar));
    if (clock != null) clock.advanceTo(bar.end());
  }

  private static Behavior<Command> finish(List<Bar> all, ActorRef<Finished> listener) {
    if (listener != null && !all.isEmpty()) {
      Bar last = all.get(all.size() - 1);
      listener.tell(new Finished(last.symbol(), all.size(), last.end()));
    }
    return Behaviors.stopped();
  }
}
