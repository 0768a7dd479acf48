package io.dorado.cluster.venues;

import io.dorado.actors.orderpath.venue.VenueAccountWatcher;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A venue account's sharded entity as the node runs it: the {@link VenueActor} over the account's adapter, and
 * beside it, without touching the venue actor, what the node adds: {@link Venue.GetInfo} answered from the
 * adapter at once, and the scanner's {@link Venue.GetOptionChain} from the adapter; the venue's instrument rules reported to the guardian when the entity starts and every
 * {@code refresh} (so a guardian that restarted has them back within one refresh); the adapter closed when the
 * entity stops.
 */
public final class VenueEntity {
  private static final Logger log = LoggerFactory.getLogger(VenueEntity.class);

  private VenueEntity() {}

  /**
   * @param reportRules report even an empty list (a venue the guardian requires rules of); otherwise only
   *     venues with rules report
   */
  public static Behavior<Venue.Command> create(VenueAccount account, VenueAdapter adapter, VenueSettings settings,
      ActorRef<OrderReport> guardianReports, ActorRef<RiskGuardian.Command> guardian, boolean reportRules,
      Duration refresh) {
    return create(account, adapter, settings, guardianReports, guardian, reportRules, refresh, null);
  }

  /**
   * As above, with the account watcher beside the venue actor (a child, on the same adapter): it reads the venue's
   * account, open orders and executions every {@code reconcileEvery} and reports them to the guardian
   * ({@link VenueAccountWatcher}); null: no watcher.
   */
  public static Behavior<Venue.Command> create(VenueAccount account, VenueAdapter adapter, VenueSettings settings,
      ActorRef<OrderReport> guardianReports, ActorRef<RiskGuardian.Command> guardian, boolean reportRules,
      Duration refresh, Duration reconcileEvery) {
    return Behaviors.setup(ctx -> {
      VenueAdapter venue = new ConfiguredVenue(account, adapter);
      if (reconcileEvery != null) {
        ctx.spawn(VenueAccountWatcher.create(account.id(), venue, guardian, reconcileEvery, Clock.systemUTC()), "account");
      }
      Runnable report = () -> reportRules(account.id(), venue, guardian, reportRules);
      Cancellable refreshing = ctx.getSystem().scheduler().scheduleWithFixedDelay(Duration.ZERO, refresh, report,
          ctx.getExecutionContext());
      return Behaviors.intercept(() -> new Beside(venue, refreshing),
          VenueActor.create(settings, venue, guardianReports));
    });
  }

  private static void reportRules(String venueId, VenueAdapter venue, ActorRef<RiskGuardian.Command> guardian,
      boolean always) {
    try {
      venue.instruments().whenComplete((rules, failure) -> {
        if (failure != null) {
          log.warn("venue {}: its instrument rules could not be fetched ({}); the guardian keeps the last it had",
              venueId, failure.getClass().getSimpleName());
        } else if (always || !rules.isEmpty()) {
          guardian.tell(new RiskGuardian.InstrumentRulesReported(venueId, List.<InstrumentRules>copyOf(rules),
              Clock.systemUTC().instant()));
        }
      });
    } catch (RuntimeException e) {
      log.warn("venue {}: its instrument rules could not be fetched ({})", venueId, e.getClass().getSimpleName());
    }
  }

  /** Answers GetInfo beside the venue actor; on stop, stops the refresh and closes the adapter. */
  private static final class Beside extends BehaviorInterceptor<Venue.Command, Venue.Command> {
    private final VenueAdapter venue;
    private final Cancellable refreshing;

    Beside(VenueAdapter venue, Cancellable refreshing) {
      super(Venue.Command.class);
      this.venue = venue;
      this.refreshing = refreshing;
    }

    @Override
    public Behavior<Venue.Command> aroundReceive(TypedActorContext<Venue.Command> ctx, Venue.Command msg,
        ReceiveTarget<Venue.Command> target) {
      if (msg instanceof Venue.GetInfo get) {
        get.replyTo().tell(venue.info());
        return Behaviors.same();
      }
      if (msg instanceof Venue.GetInstruments get) { // an operator's look at the rules: from the adapter
        VenueActor.answerInstruments(venue, get);
        return Behaviors.same();
      }
      if (msg instanceof Venue.GetOptionChain get) { // the scanner's chain: from the adapter, never behind writes
        VenueActor.answerChain(venue, get);
        return Behaviors.same();
      }
      return target.apply(ctx, msg);
    }

    @Override
    public Behavior<Venue.Command> aroundSignal(TypedActorContext<Venue.Command> ctx, Signal signal,
        SignalTarget<Venue.Command> target) {
      if (signal instanceof PostStop) {
        refreshing.cancel();
        try {
          venue.close();
        } catch (RuntimeException e) {
          log.warn("venue {}: closing its adapter failed ({})", venue.info().venue(), e.getClass().getSimpleName());
        }
      }
      return target.apply(ctx, signal);
    }
  }
}
