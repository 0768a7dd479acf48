package io.dorado.protocol.risk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The risk guardian's public face: the gate every order passes. A bot asks it to review a trade
 * (RISK_CHECK) and, just before sending, to acknowledge the order; only an acknowledged order
 * reaches a venue.
 */
public final class RiskGuardian {
  private RiskGuardian() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(ReviewTrade.class),
    @JsonSubTypes.Type(AcknowledgeOrder.class),
    @JsonSubTypes.Type(VenueReported.class),
    @JsonSubTypes.Type(MarkPrice.class),
    @JsonSubTypes.Type(BudgetsUpdated.class),
    @JsonSubTypes.Type(EngageKillSwitch.class),
    @JsonSubTypes.Type(EngageKillScope.class),
    @JsonSubTypes.Type(ReleaseKillScope.class),
    @JsonSubTypes.Type(SetTradingState.class),
    @JsonSubTypes.Type(RestrictTrading.class),
    @JsonSubTypes.Type(GetStatus.class),
    @JsonSubTypes.Type(GetBreakers.class),
    @JsonSubTypes.Type(GetBotPosition.class),
    @JsonSubTypes.Type(Stop.class),
    @JsonSubTypes.Type(ResumeBot.class),
    @JsonSubTypes.Type(AccountReported.class),
    @JsonSubTypes.Type(AcknowledgeReconciliation.class),
    @JsonSubTypes.Type(GetAccounts.class),
    @JsonSubTypes.Type(InstrumentRulesReported.class),
    @JsonSubTypes.Type(RegimeChanged.class)
  })
  public sealed interface Command extends CborSerializable {}

  /**
   * What the actor tells itself (adapter answers, timers, the flush of its write batch): declared in the actor's
   * package, package-private there, so only the actor can create them; never sent to another node.
   */
  public non-sealed interface Internal extends Command {}

  /** Review a proposed trade; answered with {@link TradeApproved} or {@link TradeDenied}. */
  public record ReviewTrade(TradeProposal proposal, ActorRef<ReviewReply> replyTo) implements Command {}

  /**
   * Acknowledge an order and forward it to its venue. Idempotent per client order id. A denial is
   * reported to {@code reportTo} as {@link OrderReport.Denied}; the venue reports the rest there.
   */
  public record AcknowledgeOrder(Order order, ActorRef<OrderReport> reportTo) implements Command {}

  /** What a venue reports about an order (fills, cancels, rejections): feeds the ledger and the breakers. */
  public record VenueReported(OrderReport report) implements Command {}

  /**
   * A venue's trading rules (tick, lot, min quantity, min notional per symbol), reported when its venue entity
   * starts and again every refresh interval: the guardian rounds orders to them, or denies, before it signs.
   * The latest report of a venue replaces the one before; kept in memory, so a restarted guardian has them back
   * within one refresh interval (until then it denies orders for a venue that requires rules).
   */
  public record InstrumentRulesReported(String venue, List<io.dorado.protocol.venue.InstrumentRules> rules, Instant at)
      implements Command {}

  /** The latest price of a symbol: the price band and the valuation use it. */
  /**
   * The regime radar's macro regime as published (sent on every publish, so a guardian that moved learns it again
   * at the radar's next refresh): sizes new trades down in a high-volatility regime and halts them in a crisis.
   */
  public record RegimeChanged(String label, double confidence, Instant publishedAt) implements Command {}

  public record MarkPrice(String symbol, BigDecimal price, Instant at) implements Command {}

  /** The allocator's notional budget per bot; a bot without one is not limited by budget. */
  public record BudgetsUpdated(Map<String, BigDecimal> budgets, Instant asOf) implements Command {}

  /** HALTED at once, every working order cancelled through its venue, an alert raised. */
  public record EngageKillSwitch(String by, String reason, ActorRef<OperatorReply> replyTo) implements Command {}

  /**
   * The kill switch for one scope ({@link KillScope}): {@code all} is {@link EngageKillSwitch}; a venue, account or
   * bot scope denies new exposure in it ({@code KILL_SWITCH_VENUE}/{@code _ACCOUNT}/{@code _BOT}) and, once written,
   * cancels its working entries at their venues (reduce-only orders, the protective stops and targets, stay working:
   * exits are allowed). Answered with {@link OperatorReply}, {@code killSwitch} true.
   */
  public record EngageKillScope(KillScope scope, String by, String reason, ActorRef<OperatorReply> replyTo)
      implements Command {}

  /**
   * Releases one scope's kill switch: {@code all} sets ACTIVE (as {@link SetTradingState} does); a venue, account or bot
   * scope lets new exposure in it again. Answered with {@link OperatorReply}, {@code killSwitch} false when that scope
   * was not engaged ({@code detail} says so).
   */
  public record ReleaseKillScope(KillScope scope, String by, String reason, ActorRef<OperatorReply> replyTo)
      implements Command {}

  /** An operator sets ACTIVE (which also releases the kill switch), REDUCING or HALTED. */
  public record SetTradingState(TradingState state, String by, String reason, ActorRef<OperatorReply> replyTo)
      implements Command {}

  /**
   * At least {@code atLeast}: a stricter state (or the kill switch) stays as it is. For automatic restrictions
   * (the journal watchdog's REDUCING), which must never lift an operator's HALTED the way SetTradingState would.
   */
  public record RestrictTrading(TradingState atLeast, String by, String reason, ActorRef<OperatorReply> replyTo)
      implements Command {}

  public record GetStatus(ActorRef<GuardianStatus> replyTo) implements Command {}

  /** The circuit breakers now, measured against the policy; answered with {@link BreakerReport}. */
  public record GetBreakers(ActorRef<BreakerReport> replyTo) implements Command {}

  /**
   * A bot's position in {@code symbol} as the guardian's ledger holds it (every fill of the bot's orders it
   * counted), answered with {@link BotPosition} once what the guardian has decided is written. A bot whose
   * order was forgotten reconciles its position from it.
   */
  public record GetBotPosition(String botId, String symbol, ActorRef<BotPosition> replyTo) implements Command {}

  /** The answer to {@link GetBotPosition}; {@code position} is flat when the ledger holds none. */
  public record BotPosition(String botId, io.dorado.protocol.order.Position position, Instant asOf)
      implements CborSerializable {}

  /**
   * How the cluster stops it (its hand-over to another node or the node's shutdown): handled after the write in flight (commands
   * are stashed while persisting), and what was decided but not yet written is written (and acted on) first,
   * where Pekko's default PoisonPill would drop it. Its last write is in the journal before the next
   * incarnation recovers.
   */
  public record Stop() implements Command {}

  /**
   * An operator lets a bot the execution throttle paused add exposure again (its counts start afresh);
   * answered with {@link BotResumeReply}, {@code resumed=false} when the bot was not paused.
   */
  public record ResumeBot(String botId, String by, String reason, ActorRef<BotResumeReply> replyTo) implements Command {}

  public record BotResumeReply(String botId, boolean resumed, String detail) implements CborSerializable {}

  /** A bot paused by the execution throttle: why ({@code reason} and its numbers in {@code detail}) and since when. */
  public record PausedBot(DenialReason reason, String detail, Instant since) implements CborSerializable {}

  public record OperatorReply(TradingState tradingState, boolean killSwitch, String detail) implements CborSerializable {}

  /** The guardian's live state, for inspection; {@code pausedBots}: the bots its execution throttle paused, by id. */
  public record GuardianStatus(
      TradingState tradingState,
      boolean killSwitch,
      String reason,
      BigDecimal cash,
      BigDecimal equity,
      BigDecimal realizedPnl,
      Map<String, BigDecimal> positions,
      int workingOrders,
      long acknowledgedOrders,
      BigDecimal heatPct,
      BigDecimal dailyLossPct,
      BigDecimal drawdownPct,
      Map<String, PausedBot> pausedBots,
      List<AccountView> accounts,
      PortfolioRisk portfolioRisk,
      List<KillScope.Engaged> killScopes)
      implements CborSerializable {
    public GuardianStatus {
      pausedBots = pausedBots == null ? Map.of() : Map.copyOf(pausedBots);
      accounts = accounts == null ? List.of() : List.copyOf(accounts);
      killScopes = killScopes == null ? List.of() : List.copyOf(killScopes);
    }

    /** Without the engaged kill switch scopes (venue, account, bot). */
    public GuardianStatus(TradingState tradingState, boolean killSwitch, String reason, BigDecimal cash, BigDecimal equity,
        BigDecimal realizedPnl, Map<String, BigDecimal> positions, int workingOrders, long acknowledgedOrders,
        BigDecimal heatPct, BigDecimal dailyLossPct, BigDecimal drawdownPct, Map<String, PausedBot> pausedBots,
        List<AccountView> accounts, PortfolioRisk portfolioRisk) {
      this(tradingState, killSwitch, reason, cash, equity, realizedPnl, positions, workingOrders, acknowledgedOrders,
          heatPct, dailyLossPct, drawdownPct, pausedBots, accounts, portfolioRisk, null);
    }

    /** Without the portfolio risk figures. */
    public GuardianStatus(TradingState tradingState, boolean killSwitch, String reason, BigDecimal cash, BigDecimal equity,
        BigDecimal realizedPnl, Map<String, BigDecimal> positions, int workingOrders, long acknowledgedOrders,
        BigDecimal heatPct, BigDecimal dailyLossPct, BigDecimal drawdownPct, Map<String, PausedBot> pausedBots,
        List<AccountView> accounts) {
      this(tradingState, killSwitch, reason, cash, equity, realizedPnl, positions, workingOrders, acknowledgedOrders,
          heatPct, dailyLossPct, drawdownPct, pausedBots, accounts, null);
    }

    /** Without the per-account view. */
    public GuardianStatus(TradingState tradingState, boolean killSwitch, String reason, BigDecimal cash, BigDecimal equity,
        BigDecimal realizedPnl, Map<String, BigDecimal> positions, int workingOrders, long acknowledgedOrders,
        BigDecimal heatPct, BigDecimal dailyLossPct, BigDecimal drawdownPct, Map<String, PausedBot> pausedBots) {
      this(tradingState, killSwitch, reason, cash, equity, realizedPnl, positions, workingOrders, acknowledgedOrders,
          heatPct, dailyLossPct, drawdownPct, pausedBots, List.of());
    }

    /** No bot paused. */
    public GuardianStatus(TradingState tradingState, boolean killSwitch, String reason, BigDecimal cash, BigDecimal equity,
        BigDecimal realizedPnl, Map<String, BigDecimal> positions, int workingOrders, long acknowledgedOrders,
        BigDecimal heatPct, BigDecimal dailyLossPct, BigDecimal drawdownPct) {
      this(tradingState, killSwitch, reason, cash, equity, realizedPnl, positions, workingOrders, acknowledgedOrders,
          heatPct, dailyLossPct, drawdownPct, Map.of());
    }
  }

  /**
   * 1-day value at risk of an open book, in its currency, as a loss (positive): {@code var95}/{@code var99} the loss not
   * exceeded on 95 %/99 % of days, {@code cvar95}/{@code cvar99} the mean loss beyond it (expected shortfall).
   */
  public record VarFigures(BigDecimal var95, BigDecimal cvar95, BigDecimal var99, BigDecimal cvar99)
      implements CborSerializable {}

  /**
   * One scope's portfolio risk: an account (its id) or {@code "fleet"} (the live accounts together). {@code exposure}:
   * the held positions' value by symbol; {@code observations}: the days of returns the VaR used (0: not measurable);
   * {@code historical}/{@code parametric}: its VaR (null when not measurable); {@code varPct}: the limit's measure (VaR 95
   * by {@code method}, in % of {@code equity}) against {@code varLimitPct} (null: no limit); {@code positions} (symbols
   * held or with an entry working) against {@code maxPositions} (null: no limit); {@code unmeasured}: held symbols with
   * too few daily returns (left out of the VaR).
   */
  public record ScopeRisk(String scope, BigDecimal equity, Map<String, BigDecimal> exposure, int observations,
      VarFigures historical, VarFigures parametric, BigDecimal varPct, BigDecimal varLimitPct, int positions,
      Integer maxPositions, List<String> unmeasured) implements CborSerializable {
    public ScopeRisk {
      exposure = Map.copyOf(exposure);
      unmeasured = List.copyOf(unmeasured);
    }
  }

  /**
   * Every account's portfolio risk and the live accounts' together ({@code fleet}), the VaR limit's method, and the option
   * book's greeks ({@code greeks}, null from a guardian before them).
   */
  public record PortfolioRisk(String method, List<ScopeRisk> accounts, ScopeRisk fleet, Instant at,
      PortfolioGreeks greeks) implements CborSerializable {
    public PortfolioRisk {
      accounts = List.copyOf(accounts);
    }

    /** Without the greeks. */
    public PortfolioRisk(String method, List<ScopeRisk> accounts, ScopeRisk fleet, Instant at) {
      this(method, accounts, fleet, at, null);
    }

    public PortfolioRisk withGreeks(PortfolioGreeks g) {
      return new PortfolioRisk(method, accounts, fleet, at, g);
    }
  }

  // ---- venue accounts ----------------------------------------------------------------------------------------

  /**
   * What a venue's account watcher read from its adapter: the account ({@code account} null when the adapter reports
   * none, as the paper venue: its account is then not reconciled), the orders working there, and the executions
   * since its last read. {@code mode}: the venue's mode as its adapter says (paper, broker_paper, live).
   */
  public record AccountReported(String venue, String mode, io.dorado.protocol.venue.AccountSnapshot account,
      List<io.dorado.protocol.venue.VenueOrderView> openOrders, List<io.dorado.protocol.venue.VenueExecution> executions,
      Instant at) implements Command {
    public AccountReported {
      openOrders = openOrders == null ? List.of() : List.copyOf(openOrders);
      executions = executions == null ? List.of() : List.copyOf(executions);
    }
  }

  /**
   * An operator has looked at an account's reconciliation mismatch: the account takes the venue's last snapshot and
   * leaves REDUCING. Answered with {@link AccountReply}, {@code done=false} when nothing was held.
   */
  public record AcknowledgeReconciliation(String account, String by, String reason, ActorRef<AccountReply> replyTo)
      implements Command {}

  /** @param known whether the guardian keeps such an account at all (an unknown one is a 404 at the edge) */
  public record AccountReply(String account, boolean known, boolean done, String detail) implements CborSerializable {}

  /** Every account the guardian keeps, answered with {@link AccountsView}. */
  public record GetAccounts(ActorRef<AccountsView> replyTo) implements Command {}

  public record AccountsView(List<AccountView> accounts, Instant at) implements CborSerializable {
    public AccountsView {
      accounts = List.copyOf(accounts);
    }
  }

  /**
   * One account: a venue's own (id = the venue id) or its paper account (id = venue + "/paper": paper twins).
   * {@code reconciliation}: NOT_REPORTED (its venue reports no account: ledger from fills and the configured
   * cash), OK, or MISMATCH (REDUCING until acknowledged; {@code reducingReason} says why). {@code financing}: per
   * symbol, the financing (swap) the venue's last snapshot reports on the open position, in the account currency
   * (empty when the venue reports none).
   */
  public record AccountView(String account, String venue, String mode, TradingState tradingState, String reducingReason,
      BigDecimal cash, BigDecimal equity, BigDecimal buyingPower, BigDecimal heatPct, BigDecimal realizedPnl,
      Map<String, BigDecimal> positions, Map<String, BigDecimal> externalPositions,
      List<io.dorado.protocol.venue.VenueOrderView> externalOrders, String reconciliation, Instant lastCheck,
      String mismatch, Map<String, BigDecimal> financing) implements CborSerializable {
    public AccountView {
      positions = Map.copyOf(positions);
      externalPositions = Map.copyOf(externalPositions);
      externalOrders = List.copyOf(externalOrders);
      financing = financing == null ? Map.of() : Map.copyOf(financing);
    }

    /** A view without financing (a venue that reports none). */
    public AccountView(String account, String venue, String mode, TradingState tradingState, String reducingReason,
        BigDecimal cash, BigDecimal equity, BigDecimal buyingPower, BigDecimal heatPct, BigDecimal realizedPnl,
        Map<String, BigDecimal> positions, Map<String, BigDecimal> externalPositions,
        List<io.dorado.protocol.venue.VenueOrderView> externalOrders, String reconciliation, Instant lastCheck,
        String mismatch) {
      this(account, venue, mode, tradingState, reducingReason, cash, equity, buyingPower, heatPct, realizedPnl,
          positions, externalPositions, externalOrders, reconciliation, lastCheck, mismatch, null);
    }
  }

  /**
   * One breaker: its measure ({@code value}, a loss in % of equity or a count of losing round trips)
   * against the policy's {@code limit}; {@code tripped} when the measure reaches the limit (never for a
   * count rule switched off with 0), {@code since} when the guardian first saw it tripped (null when
   * not), {@code action} what a trip does: "halt" or "reduce sizing".
   */
  public record BreakerGauge(Breaker breaker, BigDecimal value, BigDecimal limit, boolean tripped, Instant since,
      String action) implements CborSerializable {}

  /**
   * The circuit breakers at {@code at}. The top-level fields are the first account's by id (what this report said
   * before accounts): every gauge, the sizing multiplier they impose on new trades (1, or the policy's reduced
   * multiplier), the trading state they imply (HALTED when a halting breaker is tripped, else ACTIVE) next to the
   * trading state in force, and the kill switch. {@code accounts}: every account's own, by id; {@code fleetWide}: the
   * live accounts' totals against the policy's {@code fleet_wide} limits (null when none is switched on).
   */
  public record BreakerReport(List<BreakerGauge> breakers, BigDecimal sizingMultiplier, TradingState impliedState,
      TradingState tradingState, boolean killSwitch, Instant at, List<AccountBreakers> accounts,
      FleetWideReport fleetWide) implements CborSerializable {
    public BreakerReport {
      breakers = List.copyOf(breakers);
      accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** One account's report, without the per-account list. */
    public BreakerReport(List<BreakerGauge> breakers, BigDecimal sizingMultiplier, TradingState impliedState,
        TradingState tradingState, boolean killSwitch, Instant at) {
      this(breakers, sizingMultiplier, impliedState, tradingState, killSwitch, at, null, null);
    }
  }

  /**
   * One account's breakers ({@link BreakerReport}'s top-level fields, for that account); {@code mode} as its venue
   * reported it; {@code fleetWide}: it counts toward (and is held by) the fleet-wide limits (a live-money account).
   */
  public record AccountBreakers(String account, String venue, String mode, boolean fleetWide,
      List<BreakerGauge> breakers, BigDecimal sizingMultiplier, TradingState impliedState, TradingState tradingState,
      boolean killSwitch) implements CborSerializable {
    public AccountBreakers {
      breakers = List.copyOf(breakers);
    }
  }

  /**
   * The live accounts' totals: their ids, equity and open risk together, and each fleet-wide limit switched on
   * ({@code heat}, {@code daily_loss}, {@code weekly_loss}) as a percentage against its maximum.
   */
  public record FleetWideReport(List<String> accounts, BigDecimal equity, BigDecimal openRisk, List<FleetGauge> limits)
      implements CborSerializable {
    public FleetWideReport {
      accounts = List.copyOf(accounts);
      limits = List.copyOf(limits);
    }
  }

  /** A fleet-wide limit: its measure in % against {@code max}; {@code tripped}: at or past it (no new exposure). */
  public record FleetGauge(String limit, BigDecimal value, BigDecimal max, boolean tripped) implements CborSerializable {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(TradeApproved.class),
    @JsonSubTypes.Type(TradeDenied.class)
  })
  public sealed interface ReviewReply extends CborSerializable {
    String reviewId();
  }

  /** The trade may go ahead with {@code quantity}; {@code maxLoss} is what it risks at its stop. */
  public record TradeApproved(String reviewId, BigDecimal quantity, BigDecimal maxLoss, String note)
      implements ReviewReply {}

  public record TradeDenied(String reviewId, DenialReason reason, String detail) implements ReviewReply {}
}
