package io.dorado.http;

import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.risk.KillScope;
import io.dorado.protocol.risk.TradingState;
import java.util.List;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The guardian (live state, policy, breakers, trading state, kill switch, resuming a bot its execution throttle
 * paused), the allocator and the regime.
 */
final class RiskRoutes {
  private static final java.util.regex.Pattern VENUE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final FleetOperations ops;
  private final Responses r;

  RiskRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  record TradingStateChange(TradingState state, String reason) {}

  /** {@code scope}: {@link KillScope#parse}'s forms; absent: {@code all}, the fleet-wide kill switch. */
  record KillSwitch(String reason, String scope) {
    static final KillSwitch NONE = new KillSwitch(null, null);
  }

  /** Body of a kill switch release: the scope (required) and why. */
  record KillSwitchRelease(String scope, String reason) {
    static final KillSwitchRelease NONE = new KillSwitchRelease(null, null);
  }

  /** Body of resume-trading: why (for the audit trail). */
  record ResumeTrading(String reason) {
    static final ResumeTrading NONE = new ResumeTrading(null);
  }

  List<Endpoint> endpoints() {
    return List.of(
        Endpoint.get("/api/v1/risk", Access.READ, c -> r.await(ops.risk().thenCombine(ops.riskPolicy(), RiskLimits::view),
            "the risk guardian", r::ok)),
        Endpoint.get("/api/v1/risk/policy", Access.READ, c -> r.okWhenDone(ops::riskPolicy, "the risk guardian")),
        Endpoint.get("/api/v1/risk/breakers", Access.READ, c -> r.okWhenDone(ops::breakers, "the risk guardian")),
        Endpoint.put("/api/v1/risk/trading-state", Access.OPERATE, c -> r.jsonBody(c, TradingStateChange.class, null,
            change -> {
              if (change.state() == null) throw ApiProblem.badRequest("state is required: ACTIVE, REDUCING or HALTED");
              String reason = change.reason() == null || change.reason().isBlank() ? "set by operator" : change.reason();
              return r.okWhenDone(() -> ops.setTradingState(change.state(), c.by(), reason), "the risk guardian");
            })),
        Endpoint.post("/api/v1/risk/kill-switch", Access.OPERATE, c -> r.jsonBody(c, KillSwitch.class, KillSwitch.NONE,
            k -> {
              String reason = k.reason() == null || k.reason().isBlank() ? "kill switch from HTTP" : k.reason();
              if (k.scope() == null) return r.okWhenDone(() -> ops.killSwitch(c.by(), reason), "the risk guardian");
              KillScope scope = scope(k.scope());
              return r.okWhenDone(() -> ops.engageKillScope(scope, c.by(), reason), "the risk guardian");
            })),
        Endpoint.post("/api/v1/risk/kill-switch/release", Access.OPERATE, c -> r.jsonBody(c, KillSwitchRelease.class,
            KillSwitchRelease.NONE, k -> {
              KillScope scope = scope(k.scope());
              String reason = k.reason() == null || k.reason().isBlank() ? "released from HTTP" : k.reason();
              return r.okWhenDone(() -> ops.releaseKillScope(scope, c.by(), reason), "the risk guardian");
            })),
        Endpoint.post("/api/v1/bots/{botId}/resume-trading", Access.OPERATE, this::resumeTrading),
        Endpoint.get("/api/v1/accounts", Access.READ, c -> r.okWhenDone(ops::accounts, "the risk guardian")),
        Endpoint.post("/api/v1/accounts/{venue}/acknowledge", Access.OPERATE, this::acknowledgeReconciliation),
        Endpoint.get("/api/v1/allocator", Access.READ, c -> r.okWhenDone(ops::allocation, "the allocator")),
        Endpoint.get("/api/v1/allocator/track-records", Access.READ,
            c -> r.okWhenDone(ops::trackRecords, "the track records")),
        Endpoint.get("/api/v1/regime", Access.READ, c -> r.await(ops.regime(), "the regime radar",
            regime -> regime.map(r::ok).orElseGet(this::warmingUp))));
  }

  /** Seconds a client waits before asking again for a regime not published yet (the radar's first run). */
  static final int REGIME_RETRY_AFTER_SECONDS = 10;

  /** Before the radar's first snapshot: 503 with Retry-After, as for any service still warming up. */
  private Route warmingUp() {
    return respondWithHeader(RawHeader.create("Retry-After", Integer.toString(REGIME_RETRY_AFTER_SECONDS)),
        () -> r.error(StatusCodes.SERVICE_UNAVAILABLE, "warming up: no regime published yet"));
  }

  /** A scope as {@link KillScope#parse} reads it, or a 400 naming the forms accepted. */
  private static KillScope scope(String text) {
    try {
      return KillScope.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("scope: " + e.getMessage());
    }
  }

  /** Body of an account's acknowledgement: why (for the audit trail). */
  record Acknowledge(String reason) {
    static final Acknowledge NONE = new Acknowledge(null);
  }

  /**
   * An operator acknowledges an account's reconciliation mismatch (the venue's account; {@code {venue}} may also name a
   * paper account, {@code <venue>/paper} URL-encoded): 200, 404 when the guardian keeps no such account, or 409 when
   * the account is not held.
   */
  private Route acknowledgeReconciliation(Call c) {
    String account = c.param("venue");
    if (account == null || !VENUE_ID.matcher(account).matches()) {
      throw ApiProblem.badRequest("'" + account + "' is not a venue id");
    }
    return r.jsonBody(c, Acknowledge.class, Acknowledge.NONE, body -> {
      String reason = body.reason() == null || body.reason().isBlank() ? "acknowledged by operator" : body.reason();
      return r.await(ops.acknowledgeReconciliation(account, c.by(), reason), "the risk guardian",
          reply -> reply.done() ? r.ok(reply)
              : r.error(reply.known() ? StatusCodes.CONFLICT : StatusCodes.NOT_FOUND, reply.detail()));
    });
  }

  /** A bot the execution throttle paused may add exposure again: 200, or 409 when it is not paused. */
  private Route resumeTrading(Call c) {
    String botId = BotRoutes.botId(c);
    return r.jsonBody(c, ResumeTrading.class, ResumeTrading.NONE, body -> {
      String reason = body.reason() == null || body.reason().isBlank() ? "resumed by operator" : body.reason();
      return r.await(ops.resumeBotTrading(botId, c.by(), reason), "the risk guardian",
          reply -> reply.resumed() ? r.ok(reply) : r.error(StatusCodes.CONFLICT, reply.detail()));
    });
  }
}
