package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The venue account's decisions as pure functions, as {@code BotTransitions} is the bot's: given the state
 * (as written plus everything decided but not yet written), what arrived and the time, the events to write and
 * what to do about it. {@link VenueActor} routes commands, batches the writes and runs the effects (adapter
 * calls, tells, alerts); the order-path simulation runs the same decisions on its own message bus.
 */
public final class VenueDecisions {

  /** Who a report goes to: the order's submitting bot, the guardian, or whoever sent the command decided on. */
  public sealed interface Effect {}

  /** Calls the adapter to place {@code order} (its {@code Submitted} is written by then). */
  public record Send(Order order) implements Effect {}

  /**
   * Asks the adapter to cancel; its answer goes to the requester (for a cancel sent again while reconciling,
   * on an adapter's report, the order's bot).
   */
  public record SendCancel(ClientOrderId id, String reason) implements Effect {}

  /** Asks the adapter for the order's status (its fills, before closing it). */
  public record Query(ClientOrderId id) implements Effect {}

  public record TellBot(VenueOrder order, OrderReport report) implements Effect {}

  public record TellGuardian(OrderReport report) implements Effect {}

  public record TellRequester(OrderReport report) implements Effect {}

  /** Tells the requester the order's status as written (answered from the journal, not the projection). */
  public record ReplyStatus(ClientOrderId id) implements Effect {}

  /** Tells the requester of a cancel how it ended, judged on the state as written ({@link #cancelOutcome}). */
  public record ReplyCancelOutcome(VenueOrder before, boolean wrote, OrderReport answer) implements Effect {}

  /** An operator alert ({@code id} may be null). */
  public record Alert(String text, ClientOrderId id) implements Effect {}

  /** A line for the log, nothing else. */
  public record Info(ClientOrderId id, String text) implements Effect {}

  /**
   * What a command leads to: {@code events} to write, {@code atOnce} to run now, {@code afterWrite} to run once
   * the events (and everything decided before them) are written.
   */
  public record Decision(List<VenueEvent> events, List<Effect> atOnce, List<Effect> afterWrite) {
    public Decision {
      events = List.copyOf(events);
      atOnce = List.copyOf(atOnce);
      afterWrite = List.copyOf(afterWrite);
    }

    static Decision none() {
      return new Decision(List.of(), List.of(), List.of());
    }

    static Decision now(Effect... effects) {
      return new Decision(List.of(), List.of(effects), List.of());
    }

    static Decision write(List<VenueEvent> events, Effect... afterWrite) {
      return new Decision(events, List.of(), List.of(afterWrite));
    }

    public boolean isEmpty() {
      return events.isEmpty() && atOnce.isEmpty() && afterWrite.isEmpty();
    }
  }

  private final VenueSettings settings;

  public VenueDecisions(VenueSettings settings) {
    this.settings = settings;
  }

  private String venueId() {
    return settings.venueId();
  }

  // --- submissions -------------------------------------------------------------------------------

  /**
   * A submission: answered with its status when known (never sent twice), refused when cancelled before it
   * arrived, forgotten or not properly acknowledged, else written as {@code Submitted} and sent after the write.
   */
  public Decision submit(VenueState state, AcknowledgedOrder ack, ActorRef<OrderReport> reportTo, Instant now) {
    if (ack == null) return Decision.now(new Alert("a submission without an acknowledgement was refused", null));
    ClientOrderId id = ack.clientOrderId();
    Optional<VenueOrder> known = state.find(id);
    if (known.isPresent()) {
      List<Effect> atOnce = new ArrayList<>();
      if (!known.get().order().equals(ack.order())) {
        atOnce.add(new Alert("client order id " + id + " was submitted again with different fields; nothing was sent", id));
      }
      atOnce.add(new Info(id, id + " was submitted before (" + known.get().status() + "): answering its status, sending nothing"));
      return new Decision(List.of(), atOnce, List.of(new ReplyStatus(id)));
    }
    Optional<String> cancelled = state.cancelledBeforeArrival(id);
    if (cancelled.isPresent()) {
      String reason = "cancelled before it arrived (" + cancelled.get() + "); not sent";
      return new Decision(List.of(new VenueEvent.Refused(venueId(), id, ack.ackId(), reason, now)),
          List.of(new Info(id, id + " was cancelled before its submission arrived: refusing it")),
          List.of(new TellGuardian(new OrderReport.Rejected(id, reason)), new TellRequester(new OrderReport.Rejected(id, reason))));
    }
    // An id settled and forgotten is closed for good, even under a fresh, valid acknowledgement.
    Optional<String> problem = state.forgotten(id) ? Optional.of(state.forgottenReason(id)) : settings.problemWith(ack, now);
    if (problem.isPresent()) {
      String reason = "refused by venue " + venueId() + ": " + problem.get();
      // A forgotten id may well have filled: FORGOTTEN, not "rejected" (which says nothing filled).
      OrderReport report = state.forgotten(id) ? state.statusOf(id) : new OrderReport.Rejected(id, reason);
      return Decision.write(List.of(new VenueEvent.Refused(venueId(), id, ack.ackId(), problem.get(), now)),
          new Alert(reason + " (ack " + ack.ackId() + ")", id), new TellGuardian(report), new TellRequester(report));
    }
    return Decision.write(List.of(new VenueEvent.Submitted(venueId(), ack, reportTo, now)), new Send(ack.order()));
  }

  // --- cancels -----------------------------------------------------------------------------------

  /**
   * A cancel: remembered when it overtook its submission (so the submission is refused), answered with the
   * status when there is nothing to cancel, else written as {@code CancelRequested} and sent after the write.
   */
  public Decision cancel(VenueState state, ClientOrderId id, String requestedReason, Instant now) {
    Optional<VenueOrder> known = state.find(id);
    String reason = requestedReason == null || requestedReason.isBlank() ? "cancel requested" : requestedReason;
    if (known.isEmpty() && state.cancelledBeforeArrival(id).isEmpty() && !state.forgotten(id)) {
      return Decision.write(List.of(new VenueEvent.CancelledBeforeArrival(venueId(), id, reason, now)), new ReplyStatus(id));
    }
    if (known.isEmpty() || known.get().isTerminal()) return Decision.write(List.of(), new ReplyStatus(id));
    return Decision.write(List.of(new VenueEvent.CancelRequested(venueId(), id, reason, now)), new SendCancel(id, reason));
  }

  /**
   * The adapter's answer to a cancel. A cancel counting fills not yet recorded (their reports still queued)
   * does not close the order: the venue is asked for its status, which lists every fill.
   */
  public Decision cancelAnswered(VenueState state, OrderReport answer, Instant now) {
    Optional<VenueOrder> known = state.find(answer.clientOrderId());
    if (known.isEmpty()) return Decision.write(List.of(), new ReplyStatus(answer.clientOrderId()));
    VenueOrder order = known.get();
    if (answer instanceof OrderReport.Cancelled x && !order.isTerminal() && order.missesFillsOf(x)) {
      // the close goes to the bot and the guardian once the fills are in
      return new Decision(List.of(), askForFills(order, x), List.of(new ReplyStatus(order.clientOrderId())));
    }
    List<VenueEvent> events = eventsFor(order, answer, now);
    List<Effect> after = new ArrayList<>(reportsFor(order, events));
    after.add(new ReplyCancelOutcome(order, !events.isEmpty(), answer));
    return new Decision(events, List.of(), after);
  }

  /**
   * What the requester of a cancel hears once its answer is written: nothing when the order's bot asked and
   * has already heard the cancel; else the cancel with the fills as written, or the order's status.
   */
  public static Optional<OrderReport> cancelOutcome(VenueState written, ReplyCancelOutcome c, boolean requesterIsBot) {
    VenueOrder order = c.before();
    VenueOrder after = written.find(order.clientOrderId()).orElse(order);
    boolean botHeardCancel = c.wrote() && after.status() == OrderStatus.CANCELLED && requesterIsBot;
    if (botHeardCancel) return Optional.empty();
    if (after.status() == OrderStatus.CANCELLED && c.answer() instanceof OrderReport.Cancelled cancelled) {
      return Optional.of(new OrderReport.Cancelled(order.clientOrderId(), after.filledQuantity(), cancelled.reason()));
    }
    return Optional.of(after.toStatus());
  }

  // --- what the adapter tells us ----------------------------------------------------------------

  /**
   * An execution report or a status from the adapter. A status reconciles the order ({@link #reconcile});
   * {@code placing}: this incarnation sent it and has not heard back.
   */
  public Decision adapterReported(VenueState state, OrderReport report, boolean placing, Instant now) {
    Optional<VenueOrder> known = state.find(report.clientOrderId());
    if (known.isEmpty()) {
      boolean forgotten = state.forgotten(report.clientOrderId());
      return Decision.now(new Alert("the venue reported on " + report.clientOrderId() + ", which this account "
          + (forgotten ? "settled and forgot" : "never sent") + ": " + report, report.clientOrderId()));
    }
    VenueOrder order = known.get();
    if (report instanceof OrderReport.Status status) return reconcile(order, status, placing, now);
    if (report instanceof OrderReport.Cancelled x && !order.isTerminal() && order.missesFillsOf(x)) {
      return new Decision(List.of(), askForFills(order, x), List.of());
    }
    List<VenueEvent> events = eventsFor(order, report, now);
    return new Decision(events, List.of(), reportsFor(order, events));
  }

  private static List<Effect> askForFills(VenueOrder order, OrderReport.Cancelled cancelled) {
    return List.of(
        new Info(order.clientOrderId(), order.clientOrderId() + " cancelled with " + cancelled.filledQuantity() + " filled, "
            + order.filledQuantity() + " recorded: asking the venue for its fills before closing it"),
        new Query(order.clientOrderId()));
  }

  /**
   * Brings one order in line with what the venue says. UNKNOWN means the venue never received it:
   * an order we never saw placed is sent now (first arrival, not a repeat) unless its ack expired, a
   * cancel was asked for, or this incarnation's send of it is still unanswered ({@code placing}: its
   * answer decides, not this older view of the venue); a placed order the venue has lost is closed and
   * alerted. Otherwise fills we missed are recorded and a terminal status adopted. A pending cancel is
   * sent again.
   */
  public Decision reconcile(VenueOrder order, OrderReport.Status status, boolean placing, Instant now) {
    ClientOrderId id = order.clientOrderId();
    List<VenueEvent> events = new ArrayList<>();
    List<Effect> atOnce = new ArrayList<>();
    boolean resend = false;
    boolean recancel = false;
    if (order.isTerminal()) {
      events.addAll(missedFills(order, status.fills(), now));
    } else if (status.status() == OrderStatus.UNKNOWN) {
      if (order.isPlaced()) {
        atOnce.add(new Alert("venue " + venueId() + " has no record of working order " + id + "; closing it as lost", id));
        events.add(closed(id, OrderStatus.CANCELLED, "the venue has no record of this working order", now));
      } else if (order.cancelRequested()) {
        events.add(closed(id, OrderStatus.CANCELLED, "cancelled before it reached the venue", now));
      } else if (placing) {
        // Sent by this incarnation, not yet answered: its answer decides, not this older view of the venue.
      } else if (order.ack().isExpiredAt(now)) {
        events.add(closed(id, OrderStatus.REJECTED,
            "the acknowledgement expired (" + order.ack().expiresAt() + ") before the order reached the venue; not sent",
            now));
      } else {
        resend = true;
      }
    } else {
      if (!order.isPlaced() && status.status() != OrderStatus.REJECTED) {
        events.add(new VenueEvent.Placed(venueId(), id, null, now));
      }
      events.addAll(missedFills(order, status.fills(), now));
      if (status.status() == OrderStatus.CANCELLED || status.status() == OrderStatus.REJECTED) {
        events.add(closed(id, status.status(), status.reason() == null ? "reported by the venue" : status.reason(), now));
      } else if (order.cancelRequested()) {
        recancel = status.status() != OrderStatus.FILLED;
      }
    }
    if (resend) atOnce.add(new Info(id, "venue " + venueId() + " never received " + id + ": sending it now"));
    List<Effect> after = new ArrayList<>(reportsFor(order, events));
    if (resend) after.add(new Send(order.order()));
    if (recancel) after.add(new SendCancel(id, order.reason()));
    return new Decision(events, atOnce, after);
  }

  // --- forgetting settled orders -----------------------------------------------------------------

  /** The guardian forgot {@code ids}: those this account holds as settled go too (nothing written when none). */
  public Decision forgetSettled(VenueState state, Instant before, List<ClientOrderId> ids, Instant now) {
    List<ClientOrderId> going = state.forgettable(ids);
    if (going.isEmpty()) return Decision.none();
    return Decision.write(List.of(new VenueEvent.SettledForgotten(venueId(), before, going, now)));
  }

  /** The guardian's "forgotten through" sync: the settled orders at or below each bot's mark it no longer holds. */
  public Decision forgottenThrough(
      VenueState state, Instant before, Map<String, Long> through, Collection<ClientOrderId> kept, Instant now) {
    List<ClientOrderId> going = state.forgettableThrough(through, kept);
    if (going.isEmpty()) return Decision.none();
    return Decision.write(List.of(new VenueEvent.SettledForgotten(venueId(), before, going, now)));
  }

  // --- the rules ---------------------------------------------------------------------------------

  /** The fills in {@code fills} this account has not recorded for {@code order}, each once. */
  public List<VenueEvent> missedFills(VenueOrder order, List<Fill> fills, Instant now) {
    List<VenueEvent> events = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Fill fill : fills) {
      if (order.hasFill(fill.fillId()) || !seen.add(fill.fillId())) continue;
      events.add(new VenueEvent.FillRecorded(venueId(), order.clientOrderId(), fill, now));
    }
    return events;
  }

  /** The events an execution report means for {@code order}: nothing twice, nothing backwards. */
  public List<VenueEvent> eventsFor(VenueOrder order, OrderReport report, Instant now) {
    ClientOrderId id = order.clientOrderId();
    List<VenueEvent> events = new ArrayList<>();
    if (report instanceof OrderReport.Accepted a) {
      if (!order.isPlaced()) events.add(new VenueEvent.Placed(venueId(), id, a.venueOrderId(), now));
    } else if (report instanceof OrderReport.Filled f) {
      if (!order.hasFill(f.fill().fillId())) {
        if (!order.isPlaced()) events.add(new VenueEvent.Placed(venueId(), id, null, now));
        events.add(new VenueEvent.FillRecorded(venueId(), id, f.fill(), now));
      }
    } else if (report instanceof OrderReport.Rejected r) {
      if (!order.isTerminal()) {
        events.add(new VenueEvent.Closed(venueId(), id, OrderStatus.REJECTED, r.reason(), now, r.kind()));
      }
    } else if (report instanceof OrderReport.Cancelled x) {
      if (!order.isTerminal()) events.add(closed(id, OrderStatus.CANCELLED, x.reason(), now));
    } else if (report instanceof OrderReport.Status s) {
      // a cancel answered with a status: the order could not be cancelled; catch up with it
      if (!order.isPlaced() && s.status() != OrderStatus.UNKNOWN && s.status() != OrderStatus.REJECTED) {
        events.add(new VenueEvent.Placed(venueId(), id, null, now));
      }
      events.addAll(missedFills(order, s.fills(), now));
      if ((s.status() == OrderStatus.CANCELLED || s.status() == OrderStatus.REJECTED) && !order.isTerminal()) {
        events.add(closed(id, s.status(), s.reason(), now));
      }
    }
    return events;
  }

  /** What the bot and the guardian hear of {@code events} written for {@code before}, in order. */
  public static List<Effect> reportsFor(VenueOrder before, List<VenueEvent> events) {
    ClientOrderId id = before.clientOrderId();
    BigDecimal cumulative = before.filledQuantity();
    BigDecimal quantity = before.order().fillQuantity(); // a combo: every leg's units
    List<Effect> effects = new ArrayList<>();
    for (VenueEvent event : events) {
      if (event instanceof VenueEvent.Placed p) {
        effects.add(new TellBot(before, new OrderReport.Accepted(id, p.venueOrderId())));
      } else if (event instanceof VenueEvent.FillRecorded f) {
        cumulative = cumulative.add(f.fill().quantity());
        var filled = new OrderReport.Filled(id, f.fill(), cumulative, cumulative.compareTo(quantity) >= 0);
        effects.add(new TellBot(before, filled));
        effects.add(new TellGuardian(filled));
      } else if (event instanceof VenueEvent.Closed c) {
        OrderReport report = c.status() == OrderStatus.REJECTED
            ? new OrderReport.Rejected(id, c.reason(), c.kind())
            : new OrderReport.Cancelled(id, cumulative, c.reason());
        effects.add(new TellBot(before, report));
        effects.add(new TellGuardian(report));
      }
    }
    return effects;
  }

  private VenueEvent.Closed closed(ClientOrderId id, OrderStatus status, String reason, Instant now) {
    return new VenueEvent.Closed(venueId(), id, status, reason, now);
  }
}
