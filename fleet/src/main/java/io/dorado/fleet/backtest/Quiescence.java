package io.dorado.fleet.backtest;

import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Waits until the order path has nothing left to do: every bot in a phase that waits for the market (idle, holding,
 * or after a refusal), no message in any mailbox ({@link CountingMailbox}), and the bots', the guardian's and the
 * venues' states and the count of messages sent unchanged over two consecutive rounds of questions (each question
 * queues behind whatever the actor still had to process, and an entity answers only once its writes are in the
 * journal). Only then does the next bar go out, so a run does not depend on thread timing.
 */
final class Quiescence {
  /** Phases in which a bot waits for the next bar; any other is work in flight. */
  static final Set<Phase> RESTING = Set.of(Phase.NEW, Phase.IDLE, Phase.MONITORING, Phase.REJECTED, Phase.CANCELLED,
      Phase.FAILED);
  private static final Duration ASK = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final Map<String, ActorRef<Bot.Command>> bots;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final List<ActorRef<Venue.Command>> venues;
  private final Duration patience;
  private final CountingMailbox.Counts counts;
  private long rounds;

  Quiescence(ActorSystem<?> system, Map<String, ActorRef<Bot.Command>> bots, ActorRef<RiskGuardian.Command> guardian,
      List<ActorRef<Venue.Command>> venues, Duration patience) {
    this.system = system;
    this.bots = bots;
    this.guardian = guardian;
    this.venues = venues;
    this.patience = patience;
    this.counts = CountingMailbox.of(system.name());
  }

  /** What everyone looks like once settled: the bots' states by id and the guardian's status. */
  record Settled(Map<String, BotState> bots, RiskGuardian.GuardianStatus guardian) {}

  Settled await() {
    long deadline = System.nanoTime() + patience.toNanos();
    Snapshot previous = null;
    while (true) {
      Snapshot now = snapshot();
      rounds++;
      boolean resting = now.sent() != null && now.bots().values().stream().allMatch(s -> RESTING.contains(s.phase()));
      if (resting && now.equals(previous)) return new Settled(now.bots(), now.guardian());
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the order path did not settle within " + patience + ": " + now.bots());
      }
      previous = now;
      if (!resting) Thread.onSpinWait();
    }
  }

  /** Rounds of questions asked so far (the cost of determinism). */
  long rounds() {
    return rounds;
  }

  /** {@code sent}: messages put into the system's mailboxes so far, all of them taken out (else null: work in flight). */
  private record Snapshot(Map<String, BotState> bots, RiskGuardian.GuardianStatus guardian, List<VenueState> venues,
      Long sent) {}

  private Snapshot snapshot() {
    // Asked downstream in the order path's direction: the bots (all at once), then the guardian, then the venues. An
    // actor sends what a change of its state sets off before it answers a question showing that change, so whatever a
    // bot sent the guardian is in the guardian's mailbox before the guardian is asked, and so on to the venues; what
    // goes back upstream (a venue's report) changes the venue's state, and the next round asks the bots after it.
    var states = new LinkedHashMap<String, CompletableFuture<BotState>>();
    bots.forEach((id, bot) -> states.put(id, ask(bot, Bot.GetState::new)));
    var answered = new LinkedHashMap<String, BotState>();
    states.forEach((id, f) -> answered.put(id, join(f, id)));
    var status = join(ask(guardian, RiskGuardian.GetStatus::new), "the guardian");
    var orders = new ArrayList<VenueState>();
    for (var venue : venues) orders.add(join(ask(venue, Venue.GetOrders::new), venue.path().name()));
    long in = counts.in.get();
    return new Snapshot(answered, status, orders, counts.out.get() == in ? in : null);
  }

  /** {@code to}'s answer to {@code question}, waited for. */
  <C, R> R answer(ActorRef<C> to, java.util.function.Function<ActorRef<R>, C> question) {
    return join(ask(to, question), to.path().name());
  }

  private <C, R> CompletableFuture<R> ask(ActorRef<C> to, java.util.function.Function<ActorRef<R>, C> question) {
    return AskPattern.ask(to, question::apply, ASK, system.scheduler()).toCompletableFuture();
  }

  private static <R> R join(CompletableFuture<R> answer, String who) {
    try {
      return answer.get(ASK.toSeconds() + 1, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no answer from " + who + ": " + e, e);
    }
  }
}
