package io.dorado.actors.orderpath.venue;

import com.typesafe.config.Config;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.VenueOrderView;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Beside a venue actor, on the same adapter: reads the venue's account ({@link VenueAdapter#account}), its open orders
 * and the executions since the last read, at start and every {@code dorado.venues.reconcile-interval}, and reports
 * them to the risk guardian, which opens the account from the first snapshot and reconciles it with each later one.
 * An adapter that reports no account (the paper venue) is not read further: its account stays the guardian's own.
 * The execution cursor lives here; after a restart it starts from the adapter's look-back and the guardian drops what
 * it counted before (by fill id, or by execution id for external ones).
 */
public final class VenueAccountWatcher {
  private VenueAccountWatcher() {}

  /** Local to its venue entity: never sent to another node. */
  public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

  private record Read() implements Command {}

  private record Answered(AccountSnapshot account, List<VenueOrderView> open, ExecutionPage page) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  /** {@code dorado.venues.reconcile-interval}: how often a venue's account is read and reconciled. */
  public static Duration interval(Config config) {
    return config.hasPath("dorado.venues.reconcile-interval") ? config.getDuration("dorado.venues.reconcile-interval")
        : Duration.ofMinutes(1);
  }

  public static Behavior<Command> create(String venueId, VenueAdapter adapter, ActorRef<RiskGuardian.Command> guardian,
      Duration interval, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Read(), interval);
      ctx.getSelf().tell(new Read());
      String[] cursor = {null};
      boolean[] reading = {false};
      return Behaviors.receive(Command.class)
          .onMessage(Read.class, r -> {
            if (reading[0]) return Behaviors.same(); // the last read is still under way
            reading[0] = true;
            CompletableFuture<AccountSnapshot> account = adapter.account().toCompletableFuture();
            CompletableFuture<Answered> all = account.thenCompose(a -> adapter.openOrders().toCompletableFuture()
                .thenCombine(adapter.executionsSince(cursor[0]).toCompletableFuture(), (o, p) -> new Answered(a, o, p)));
            ctx.pipeToSelf(all, (ok, err) -> err == null ? ok : new Failed(err));
            return Behaviors.same();
          })
          .onMessage(Answered.class, a -> {
            reading[0] = false;
            cursor[0] = a.page().cursor();
            String mode = adapter.info().mode() == null ? null : adapter.info().mode().name().toLowerCase();
            guardian.tell(new RiskGuardian.AccountReported(venueId, mode, a.account(), a.open(), a.page().executions(),
                clock.instant()));
            return Behaviors.same();
          })
          .onMessage(Failed.class, f -> {
            reading[0] = false;
            Throwable cause = f.cause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : f.cause();
            if (cause instanceof UnsupportedOperationException) {
              ctx.getLog().info("Venue {} reports no account ({}): its account is the guardian's own, not reconciled",
                  venueId, cause.getMessage());
              return Behaviors.stopped();
            }
            ctx.getLog().warn("Venue {}: reading its account failed, again in {}: {}", venueId, interval, cause.toString());
            return Behaviors.same();
          })
          .build();
    }));
  }
}
