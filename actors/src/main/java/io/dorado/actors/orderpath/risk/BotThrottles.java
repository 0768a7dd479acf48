package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.PMap;

/**
 * What the execution throttle remembers of each bot, folded from the guardian's own events (so a restart
 * rebuilds it): when it asked for trades and orders (reviews and acknowledgements, allowed or denied), when
 * it completed round trips (went from holding something to holding nothing), and which bots are paused.
 * Decisions are {@link ExecutionThrottle}'s. A bot's times older than a day are dropped, and at most
 * {@link RiskPolicy.BotThrottle#MAX_COUNT} of each are kept: no window may be longer or count more.
 *
 * @param bots by bot id
 * @param paused the bots the throttle paused, by id, until an operator resumes them
 */
public record BotThrottles(Map<String, Activity> bots, Map<String, RiskGuardian.PausedBot> paused)
    implements CborSerializable {

  public static final BotThrottles EMPTY = new BotThrottles(Map.of(), Map.of());

  /** One bot: its requests and round trips (oldest first) and when it last went flat (null: never). */
  public record Activity(List<Instant> requests, List<Instant> roundTrips, Instant lastExit) implements CborSerializable {
    static final Activity NONE = new Activity(List.of(), List.of(), null);

    public Activity {
      requests = List.copyOf(requests);
      roundTrips = List.copyOf(roundTrips);
    }

    /** How many of {@code times} are after {@code since}. */
    static int after(List<Instant> times, Instant since) {
      int n = 0;
      for (int i = times.size() - 1; i >= 0 && times.get(i).isAfter(since); i--) n++;
      return n;
    }
  }

  public BotThrottles {
    bots = Persistent.map(bots); // one bot's activity changes per event: the others' are shared, not copied
    paused = Persistent.map(paused);
  }

  public Activity of(String botId) {
    return bots.getOrDefault(botId, Activity.NONE);
  }

  public boolean isPaused(String botId) {
    return paused.containsKey(botId);
  }

  /**
   * The throttle after {@code event}; {@code before} and {@code after} are the guardian's state around it
   * (a fill is a round trip when the bot held something before it and nothing after).
   */
  public BotThrottles apply(GuardianEvent event, GuardianState before, GuardianState after) {
    if (event instanceof GuardianEvent.ReviewApproved e) return requested(e.proposal().botId(), e.at());
    if (event instanceof GuardianEvent.ReviewDenied e) return requested(e.botId(), e.at());
    if (event instanceof GuardianEvent.OrderDenied e) return requested(e.clientOrderId().botId(), e.at());
    if (event instanceof GuardianEvent.OrdersAcknowledged e) {
      BotThrottles t = this;
      for (AcknowledgedOrder ack : e.acks()) t = t.requested(ack.order().botId(), e.at());
      return t;
    }
    if (event instanceof GuardianEvent.FillRecorded e) {
      String botId = e.fill().clientOrderId().botId();
      String account = before.fillAccount(e);
      if (holds(before.account(account).book().ledger(), botId) && !holds(after.account(account).book().ledger(), botId)) {
        return exited(botId, e.at(), e.fill().at());
      }
      return this;
    }
    if (event instanceof GuardianEvent.BotPaused e) {
      if (paused.containsKey(e.botId())) return this;
      return new BotThrottles(bots, ((PMap<String, RiskGuardian.PausedBot>) paused).plus(e.botId(),
          new RiskGuardian.PausedBot(e.denial().reason(), e.denial().detail(), e.at())));
    }
    if (event instanceof GuardianEvent.BotResumed e) {
      var p = ((PMap<String, RiskGuardian.PausedBot>) paused).minus(e.botId());
      Activity a = bots.get(e.botId());
      var b = ((PMap<String, Activity>) bots).minus(e.botId());
      // Counts start afresh (else the next request trips it again); the cooldown after its last exit stands.
      if (a != null && a.lastExit() != null) b = b.plus(e.botId(), new Activity(List.of(), List.of(), a.lastExit()));
      return new BotThrottles(b, p);
    }
    return this;
  }

  private BotThrottles requested(String botId, Instant at) {
    Activity a = of(botId);
    return with(botId, new Activity(kept(a.requests(), at), a.roundTrips(), a.lastExit()));
  }

  /**
   * A round trip, counted when the guardian learned of it ({@code at}, so the times stay in order); the cooldown runs
   * from the exit's own time, as the account's does (a fill reported late does not lengthen it).
   */
  private BotThrottles exited(String botId, Instant at, Instant filledAt) {
    Activity a = of(botId);
    Instant exit = filledAt == null || a.lastExit() != null && a.lastExit().isAfter(filledAt) ? a.lastExit() : filledAt;
    return with(botId, new Activity(a.requests(), kept(a.roundTrips(), at), exit == null ? at : exit));
  }

  private BotThrottles with(String botId, Activity a) {
    return new BotThrottles(((PMap<String, Activity>) bots).plus(botId, a), paused);
  }

  /** {@code times} with {@code at} added, less those a day older than it, at most MAX_COUNT (the newest). */
  private static List<Instant> kept(List<Instant> times, Instant at) {
    var out = new ArrayList<Instant>(times.size() + 1);
    Instant horizon = at.minus(RiskPolicy.BotThrottle.MAX_WINDOW);
    for (Instant t : times) if (t.isAfter(horizon)) out.add(t);
    out.add(at);
    int extra = out.size() - RiskPolicy.BotThrottle.MAX_COUNT;
    return extra > 0 ? out.subList(extra, out.size()) : out;
  }

  /** The bot holds a position in some symbol. */
  static boolean holds(Ledger ledger, String botId) {
    for (Position p : ledger.botPositionsOf(botId).values()) if (!p.isFlat()) return true;
    return false;
  }
}
