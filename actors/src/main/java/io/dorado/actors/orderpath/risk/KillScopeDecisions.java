package io.dorado.actors.orderpath.risk;

import io.dorado.actors.orderpath.risk.GuardianDecisions.CancelAtVenue;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Decision;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Effect;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Log;
import io.dorado.actors.orderpath.risk.GuardianDecisions.LogAs;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Publish;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Reply;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.KillScope;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The granular kill switch's decisions, pure as {@link GuardianDecisions}' are. {@code all} is the fleet-wide kill switch
 * ({@link GuardianDecisions#killSwitch}: HALTED, every working order cancelled) and its release sets ACTIVE. A venue,
 * account or bot scope is written as {@link GuardianEvent.KillScopeEngaged}; once written, its working entries (orders
 * that are not reduce-only) are cancelled at their venues, in client order id order, while its reduce-only orders (the
 * protective stops and targets of held positions) stay working: a killed scope may still get out, never further in.
 * New exposure in it is denied ({@link KillScopes#denial}) until {@link GuardianEvent.KillScopeReleased}.
 */
public final class KillScopeDecisions {
  private final GuardianDecisions decisions;

  public KillScopeDecisions(GuardianDecisions decisions) {
    this.decisions = decisions;
  }

  public Decision engage(GuardianState now, KillScope scope, String by, String reason, Instant at) {
    if (scope.kind() == KillScope.Kind.ALL) return decisions.killSwitch(now, by, reason, at);
    var events = new ArrayList<GuardianEvent>();
    boolean already = now.kills().isEngaged(scope);
    if (!already) events.add(new GuardianEvent.KillScopeEngaged(scope, by, reason, at));
    List<Order> entries = workingIn(now, scope, false);
    int protective = workingIn(now, scope, true).size();
    var afterWrite = new ArrayList<Effect>();
    afterWrite.add(new Log(LogAs.ALERT_ERROR, null, "KILL SWITCH " + (already ? "(already engaged) " : "engaged ")
        + "for " + scope.describe() + " by " + by + ": " + reason + " — cancelling " + entries.size()
        + " working entries; " + protective + " reduce-only orders stay"));
    for (Order o : entries) afterWrite.add(new CancelAtVenue(o, "kill switch " + scope.key() + ": " + reason));
    afterWrite.add(new Reply(new RiskGuardian.OperatorReply(fleetState(now), true, "kill switch "
        + (already ? "already engaged" : "engaged") + " for " + scope.describe() + "; cancelling " + entries.size()
        + " working entries, " + protective + " reduce-only orders stay")));
    if (!already) {
      afterWrite.add(new Publish(new Alert.KillSwitchEngaged(by, scope.describe() + ": " + reason, entries.size(), at)));
    }
    return decision(now, events, List.of(), afterWrite);
  }

  public Decision release(GuardianState now, KillScope scope, String by, String reason, Instant at) {
    if (scope.kind() == KillScope.Kind.ALL) {
      return decisions.setTradingState(now, TradingState.ACTIVE, by, "kill switch released: " + reason, at);
    }
    if (!now.kills().isEngaged(scope)) {
      return decision(now, List.of(), List.of(new Reply(new RiskGuardian.OperatorReply(fleetState(now), false,
          "no kill switch engaged for " + scope.describe()))), List.of());
    }
    return decision(now, List.of(new GuardianEvent.KillScopeReleased(scope, by, reason, at)), List.of(), List.of(
        new Log(LogAs.ALERT_WARN, null, "Kill switch released for " + scope.describe() + " by " + by + ": " + reason),
        new Reply(new RiskGuardian.OperatorReply(fleetState(now), false, "kill switch released for "
            + scope.describe() + ": new exposure allowed there again"))));
  }

  /** The orders working in {@code scope} (every account, by client order id): reduce-only ones or the others. */
  static List<Order> workingIn(GuardianState s, KillScope scope, boolean reduceOnly) {
    var out = new ArrayList<Order>();
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) {
      for (RiskBook.Working w : a.book().working().values()) {
        Order o = w.order();
        if (o.reduceOnly() == reduceOnly && scope.covers(o.venue(), a.id(), o.botId())) out.add(o);
      }
    }
    out.sort(Comparator.comparing(Order::clientOrderId));
    return out;
  }

  private static Decision decision(GuardianState now, List<GuardianEvent> events, List<Effect> atOnce,
      List<Effect> afterWrite) {
    GuardianState after = now;
    for (GuardianEvent e : events) after = after.apply(e);
    return new Decision(events, after, atOnce, afterWrite, List.of());
  }

  /** The fleet-wide trading state: what an account opened now would have. */
  private static TradingState fleetState(GuardianState s) {
    return s.opening() == null ? s.book().tradingState() : s.opening().tradingState();
  }
}
