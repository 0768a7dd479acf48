package io.dorado.fleet.telegram;

import static io.dorado.fleet.telegram.Texts.money;
import static io.dorado.fleet.telegram.Texts.num;
import static io.dorado.fleet.telegram.Texts.pct;
import static io.dorado.fleet.telegram.Texts.time;

import io.dorado.cluster.ops.AuditEntry;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.RankedScan;
import io.dorado.cluster.ops.TradeView;
import io.dorado.http.RiskLimits;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Desired;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.KillScope;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.Selection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operator's slash commands, each a call on {@link FleetOperations} and a short answer. Every
 * call is bounded by {@code operation-timeout}; a failure is answered, never swallowed. Unknown
 * commands and bad arguments get a short usage answer.
 */
final class Commands {

  static final String HELP = String.join("\n",
      "/status — trading state, equity, bots",
      "/bots — every bot and its phase",
      "/bot <id> — one bot in detail",
      "/positions — open positions",
      "/orders — recent orders",
      "/profit [days] — realized P&L (default 7 days)",
      "/daily — today's P&L",
      "/weekly [n] — realized P&L by week, the last n weeks (default 8)",
      "/monthly [n] — realized P&L by month, the last n months (default 6)",
      "/approve <bot> — approve the trade the bot waits on (or <review id>: only that one)",
      "/reject <bot> — reject it (or <review id>)",
      "/pause <bot|all> — stop new signals",
      "/resume <bot|all>",
      "/resumetrading <bot> — let a bot the execution throttle paused trade again",
      "/stopentry — REDUCING: no new entries, exits allowed",
      "/killswitch — HALT all trading (asks to confirm)",
      "/forceexit <bot> — close the bot's position at market now (asks to confirm)",
      "/killswitch <venue:ID|account:ID|bot:ID> — kill one scope: its entries cancelled, exits allowed (asks to confirm)",
      "/risk — every limit's measure against it, kill switch scopes engaged, greeks per underlying",
      "/accounts — each venue account: cash, positions, EXTERNAL, reconciliation",
      "/balance — cash, equity and buying power per venue account, and their sum",
      "/trades [n] — the last n closed trades (default 10)",
      "/performance — realized P&L per bot over its closed trades, best first",
      "/stats — closed trades by exit reason (won / even / lost) and the average hold of winners and losers",
      "/logs [n] — the last n entries of the audit log (default 10; not the process log)",
      "/reload_config — not supported: says why",
      "/ackaccount <venue> — acknowledge an account's reconciliation mismatch (leaves REDUCING)",
      "/regime — the market regime",
      "/scan — the last scan: per bot its candidates, a failed gate or refused structures, and why",
      "/scan <bot> — scan that bot now (on_demand bots are scanned only so); then /scan shows it",
      "/candidates — the latest scan's ranked candidates (score, gates, sizing, why), each with a Pick button",
      "/help — this list");

  static final int MAX_ROWS = 50;

  private static final Map<String, String> USAGE = Map.ofEntries(
      Map.entry("/bot", "/bot <id>"),
      Map.entry("/profit", "/profit [days], days from 1 to 365"),
      Map.entry("/weekly", "/weekly [n], n from 1 to " + ProfitPeriods.WEEKS.max),
      Map.entry("/monthly", "/monthly [n], n from 1 to " + ProfitPeriods.MONTHS.max),
      Map.entry("/approve", "/approve <bot>"),
      Map.entry("/reject", "/reject <bot>"),
      Map.entry("/pause", "/pause <bot|all>"),
      Map.entry("/resume", "/resume <bot|all>"),
      Map.entry("/resumetrading", "/resumetrading <bot>"),
      Map.entry("/ackaccount", "/ackaccount <venue>"),
      Map.entry("/forceexit", "/forceexit <bot>"),
      Map.entry("/scan", "/scan [bot]"),
      Map.entry("/trades", "/trades [n], n from 1 to " + MAX_ROWS),
      Map.entry("/logs", "/logs [n], n from 1 to " + MAX_ROWS),
      Map.entry("/killswitch", "/killswitch [all|venue:<id>|account:<venue>[/paper]|bot:<id>]"));

  private static final int DEFAULT_ROWS = 10;
  /** Closed trades /performance adds up (one page of the read side). */
  private static final int PERFORMANCE_TRADES = PageRequest.MAX_LIMIT;

  static final String RELOAD_UNSUPPORTED = "Not supported: this fleet does not reload its configuration while it "
      + "runs. The YAML (bots, universe, risk policy) is read once at start-up and the running bots keep what they "
      + "were created with; restart the node to apply a changed file (bots created through the HTTP API, "
      + "POST /api/v1/bots, need no restart).";

  private static final int DEFAULT_PROFIT_DAYS = 7;
  private static final int RECENT_ORDERS = 10;

  private final FleetOperations ops;
  private final TelegramSettings settings;
  private final Prompts prompts;

  Commands(FleetOperations ops, TelegramSettings settings, Prompts prompts) {
    this.ops = ops;
    this.settings = settings;
    this.prompts = prompts;
  }

  CompletionStage<List<Outgoing>> handle(long chat, String by, String text) {
    String[] words = text.trim().split("\\s+");
    String command = words[0].toLowerCase(Locale.ROOT);
    int at = command.indexOf('@'); // "/status@DoradoBot" in group chats
    if (at > 0) command = command.substring(0, at);
    List<String> args = Arrays.asList(words).subList(1, words.length);
    if (!command.startsWith("/")) return reply(chat, "Commands start with /. Try /help.");
    return switch (command) {
      case "/help", "/start" -> none(chat, command, args, () -> reply(chat, HELP));
      case "/status" -> none(chat, command, args, () -> status(chat));
      case "/bots" -> none(chat, command, args, () -> bots(chat));
      case "/bot" -> one(chat, command, args, id -> bot(chat, id));
      case "/positions" -> none(chat, command, args, () -> positions(chat));
      case "/orders" -> none(chat, command, args, () -> orders(chat));
      case "/profit" -> profitCommand(chat, args);
      case "/daily" -> none(chat, command, args, () -> profit(chat, 1));
      case "/weekly" -> periods(chat, command, args, ProfitPeriods.WEEKS, 8);
      case "/monthly" -> periods(chat, command, args, ProfitPeriods.MONTHS, 6);
      case "/approve" -> one(chat, command, args,
          id -> ack(chat, "Approve " + id, ops.approve(botOf(id), reviewOf(id), by)));
      case "/reject" -> one(chat, command, args,
          id -> ack(chat, "Reject " + id, ops.reject(botOf(id), reviewOf(id), by, "rejected in Telegram")));
      case "/pause" -> one(chat, command, args, id -> id.equalsIgnoreCase("all")
          ? fleet(chat, "⏸ Pause all", ops.pauseAll(by, "Telegram /pause all"))
          : fleet(chat, "⏸ Pause " + id, ops.pauseBot(id, by)));
      case "/resume" -> one(chat, command, args, id -> id.equalsIgnoreCase("all")
          ? fleet(chat, "▶ Resume all", ops.resumeAll(by))
          : fleet(chat, "▶ Resume " + id, ops.resumeBot(id, by)));
      case "/resumetrading" -> one(chat, command, args, id -> resumeTrading(chat, id, by));
      case "/stopentry" -> none(chat, command, args, () -> operator(chat, "🚦 Stop entry",
          ops.setTradingState(TradingState.REDUCING, by, "Telegram /stopentry")));
      case "/killswitch" -> args.isEmpty() ? askKillSwitch(chat)
          : one(chat, command, args, scope -> askKillScope(chat, scope));
      case "/risk" -> none(chat, command, args, () -> risk(chat));
      case "/accounts" -> none(chat, command, args, () -> accounts(chat));
      case "/ackaccount" -> one(chat, command, args, venue -> ackAccount(chat, venue, by));
      case "/regime" -> none(chat, command, args, () -> regime(chat));
      case "/scan" -> args.isEmpty() ? scan(chat) : one(chat, command, args, id -> scanBot(chat, id, by));
      case "/candidates" -> none(chat, command, args, () -> candidates(chat));
      case "/forceexit" -> one(chat, command, args, id -> askForceExit(chat, id));
      case "/balance" -> none(chat, command, args, () -> balance(chat));
      case "/trades" -> count(chat, command, args, n -> trades(chat, n));
      case "/performance" -> none(chat, command, args, () -> performance(chat));
      case "/stats" -> none(chat, command, args, () -> answer(chat, "stats", timed(ops.trades(Optional.empty(),
          PageRequest.first(PERFORMANCE_TRADES))).thenApply(TradeStats::text)));
      case "/logs" -> count(chat, command, args, n -> logs(chat, n));
      case "/reload_config", "/reload_conf" -> none(chat, command, args, () -> reply(chat, RELOAD_UNSUPPORTED));
      default -> reply(chat, "Unknown command " + command + ". Try /help.");
    };
  }

  // ---- argument shapes

  /** A review id is {@code <bot>/<signal>}: naming it approves that trade only, never a newer one. */
  private static String botOf(String id) {
    int slash = id.indexOf('/');
    return slash > 0 ? id.substring(0, slash) : id;
  }

  private static String reviewOf(String id) {
    return id.indexOf('/') > 0 ? id : null;
  }

  private CompletionStage<List<Outgoing>> none(long chat, String command, List<String> args,
      java.util.function.Supplier<CompletionStage<List<Outgoing>>> run) {
    return args.isEmpty() ? run.get() : reply(chat, "Usage: " + command + " (no arguments)");
  }

  private CompletionStage<List<Outgoing>> one(long chat, String command, List<String> args,
      Function<String, CompletionStage<List<Outgoing>>> run) {
    return args.size() == 1 ? run.apply(args.get(0)) : reply(chat, "Usage: " + USAGE.get(command));
  }

  /** No argument (ten rows) or a number of rows from 1 to {@link #MAX_ROWS}. */
  private CompletionStage<List<Outgoing>> count(long chat, String command, List<String> args,
      Function<Integer, CompletionStage<List<Outgoing>>> run) {
    if (args.isEmpty()) return run.apply(DEFAULT_ROWS);
    if (args.size() == 1) {
      try {
        int n = Integer.parseInt(args.get(0));
        if (n >= 1 && n <= MAX_ROWS) return run.apply(n);
      } catch (NumberFormatException e) {
        // answered with the usage below
      }
    }
    return reply(chat, "Usage: " + USAGE.get(command));
  }

  private CompletionStage<List<Outgoing>> profitCommand(long chat, List<String> args) {
    if (args.isEmpty()) return profit(chat, DEFAULT_PROFIT_DAYS);
    if (args.size() == 1) {
      try {
        int days = Integer.parseInt(args.get(0));
        if (days >= 1 && days <= 365) return profit(chat, days);
      } catch (NumberFormatException e) {
        // answered with the usage below
      }
    }
    return reply(chat, "Usage: " + USAGE.get("/profit"));
  }

  private CompletionStage<List<Outgoing>> periods(long chat, String command, List<String> args, ProfitPeriods periods,
      int byDefault) {
    int n = byDefault;
    if (args.size() > 1) return reply(chat, "Usage: " + USAGE.get(command));
    if (args.size() == 1) {
      try {
        n = Integer.parseInt(args.get(0));
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || n > periods.max) return reply(chat, "Usage: " + USAGE.get(command));
    }
    int count = n;
    java.time.LocalDate today = java.time.LocalDate.ofInstant(settings.clock().instant(), java.time.ZoneOffset.UTC);
    return answer(chat, command.substring(1), timed(ops.profit(periods.daysToAsk(today, count)))
        .thenApply(report -> periods.text(report, today, count)));
  }

  // ---- the commands

  private CompletionStage<List<Outgoing>> status(long chat) {
    var risk = timed(ops.risk()).toCompletableFuture();
    var bots = timed(ops.bots()).toCompletableFuture();
    var pending = timed(ops.pendingApprovals()).toCompletableFuture();
    return answer(chat, "status", CompletableFuture.allOf(risk, bots, pending).thenApply(v -> {
      RiskGuardian.GuardianStatus r = risk.join();
      Fleet.BotList list = bots.join();
      String phases = list.bots().stream()
          .collect(Collectors.groupingBy(b -> String.valueOf(b.phase()), TreeMap::new, Collectors.counting()))
          .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
      return "🚦 Trading " + r.tradingState() + (r.killSwitch() ? " · KILL SWITCH ON" : "") + "\n"
          + "Equity " + money(r.equity()) + " · realized P&L " + money(r.realizedPnl()) + "\n"
          + "Bots " + list.bots().size() + (phases.isEmpty() ? "" : " (" + phases + ")")
          + (list.fleetPaused() ? " · fleet PAUSED" : "") + "\n"
          + "Working orders " + r.workingOrders() + " · approvals waiting " + pending.join().size()
          + pausedLine(r);
    }));
  }

  private CompletionStage<List<Outgoing>> bots(long chat) {
    return answer(chat, "bots", timed(ops.bots()).thenApply(list -> {
      if (list.bots().isEmpty()) return "No bots.";
      String lines = list.bots().stream().map(Commands::botLine).collect(Collectors.joining("\n"));
      return (list.fleetPaused() ? "Fleet PAUSED\n" : "") + lines;
    }));
  }

  private static String botLine(BotEntry b) {
    return b.botId() + " · " + b.phase() + (b.desired() == Desired.RUNNING ? "" : " · " + b.desired())
        + (b.holding() ? " · holding" : "");
  }

  private CompletionStage<List<Outgoing>> bot(long chat, String id) {
    var lookup = timed(ops.bot(id)).toCompletableFuture();
    var live = timed(ops.liveState(id, false)).toCompletableFuture();
    return answer(chat, "bot " + id, CompletableFuture.allOf(lookup, live).thenApply(v -> {
      if (!(lookup.join() instanceof Fleet.Found found)) return "No bot " + id + ".";
      BotEntry b = found.bot();
      StringBuilder s = new StringBuilder()
          .append(b.botId()).append(" · ").append(b.config().strategyTemplate()).append(" on ")
          .append(b.config().underlying()).append(" (").append(b.config().venue()).append(", ")
          .append(b.config().venueMode()).append(")\n")
          .append("Desired ").append(b.desired()).append(" · phase ").append(b.phase());
      Optional<BotState> state = live.join();
      state.filter(st -> st.data() != null).ifPresent(st -> {
        var p = st.data().position();
        s.append("\nLive: ").append(st.phase()).append(st.data().paused() ? " (paused)" : "")
            .append("\nPosition ").append(num(p.quantity())).append(" ").append(p.symbol());
        if (!p.isFlat()) s.append(" @ ").append(num(p.averagePrice()));
        s.append(" · realized ").append(money(p.realizedPnl()));
      });
      return s.toString();
    }));
  }

  private CompletionStage<List<Outgoing>> positions(long chat) {
    return answer(chat, "positions", timed(ops.risk()).thenApply(r -> {
      String lines = new TreeMap<>(r.positions()).entrySet().stream()
          .filter(e -> e.getValue() != null && e.getValue().signum() != 0)
          .map(e -> e.getKey() + " " + num(e.getValue())).collect(Collectors.joining("\n"));
      return lines.isEmpty() ? "No open positions." : "Open positions\n" + lines;
    }));
  }

  private CompletionStage<List<Outgoing>> orders(long chat) {
    return answer(chat, "orders", timed(ops.recentOrders(Optional.empty(), RECENT_ORDERS)).thenApply(list -> {
      if (list.isEmpty()) return "No orders yet.";
      return "Recent orders\n" + list.stream().map(Commands::orderLine).collect(Collectors.joining("\n"));
    }));
  }

  private static String orderLine(OrderView o) {
    return o.clientOrderId() + " " + AlertText.side(o.side()) + " " + num(o.quantity()) + " " + o.symbol() + " "
        + o.status() + (o.filledQuantity() != null && o.filledQuantity().signum() > 0
            ? " " + num(o.filledQuantity()) + " @ " + num(o.averagePrice()) : "");
  }

  private CompletionStage<List<Outgoing>> profit(long chat, int days) {
    return answer(chat, "profit", timed(ops.profit(days)).thenApply(Commands::profitText));
  }

  static String profitText(ProfitReport p) {
    String head = (p.days() == 1 ? "P&L today" : "P&L last " + p.days() + " days") + ": " + money(p.total())
        + " (" + p.trades() + " trade" + (p.trades() == 1 ? "" : "s") + ")";
    if (p.days() == 1 || p.byDay().isEmpty()) return head;
    return head + "\n" + p.byDay().stream()
        .map(d -> d.date() + " " + money(d.realizedPnl()) + " (" + d.trades() + ")").collect(Collectors.joining("\n"));
  }

  private CompletionStage<List<Outgoing>> askKillSwitch(long chat) {
    String nonce = prompts.ask(chat, Prompts.Action.KILL_SWITCH, null, settings.clock().instant());
    return CompletableFuture.completedFuture(List.of(new Outgoing.Send(chat,
        "🛑 Engage the kill switch?\nTrading goes HALTED and every working order is cancelled; exits stay allowed.",
        false,
        Outgoing.Keyboard.row(
            new Outgoing.Button("🛑 Yes, HALT everything", CallbackData.confirm(nonce)),
            new Outgoing.Button("Cancel", CallbackData.cancel(nonce))))));
  }

  /** Asks only for a bot the fleet knows; the exit itself is the bot's own (through the guardian, reduce-only). */
  private CompletionStage<List<Outgoing>> askForceExit(long chat, String botId) {
    var lookup = timed(ops.bot(botId)).toCompletableFuture();
    var live = timed(ops.liveState(botId, false)).toCompletableFuture();
    return CompletableFuture.allOf(lookup, live).thenApply(v -> {
      if (!(lookup.join() instanceof Fleet.Found found)) return List.<Outgoing>of(Outgoing.Send.text(chat, "No bot " + botId + "."));
      String position = live.join().filter(st -> st.data() != null).map(st -> st.data().position())
          .map(p -> p.isFlat() ? "no open position (flat)" : num(p.quantity()) + " " + p.symbol() + " @ " + num(p.averagePrice()))
          .orElse("live position not known (the bot is not in memory)");
      String nonce = prompts.ask(chat, Prompts.Action.FORCE_EXIT, botId, settings.clock().instant());
      return List.<Outgoing>of(new Outgoing.Send(chat,
          "🚪 Close " + botId + "'s position at market now?\n" + botId + " is " + found.bot().phase() + ", " + position
              + ".\nThe exit goes through the risk guardian like any order.",
          false,
          Outgoing.Keyboard.row(
              new Outgoing.Button("🚪 Yes, exit " + botId, CallbackData.confirm(nonce)),
              new Outgoing.Button("Cancel", CallbackData.cancel(nonce)))));
    }).exceptionally(e -> List.of(Outgoing.Send.text(chat, failure("force exit " + botId, e))));
  }

  private CompletionStage<List<Outgoing>> balance(long chat) {
    return answer(chat, "balance", timed(ops.accounts()).thenApply(Commands::balanceText));
  }

  /** freqtrade's /balance for a fleet: one line per venue account, then the sum (when there is more than one). */
  static String balanceText(RiskGuardian.AccountsView view) {
    if (view.accounts().isEmpty()) return "No account has traded yet.";
    var lines = new java.util.ArrayList<String>();
    BigDecimal cash = BigDecimal.ZERO, equity = BigDecimal.ZERO,
        power = BigDecimal.ZERO;
    for (var a : view.accounts()) {
      lines.add("🏦 " + a.account() + " (" + a.mode() + "): cash " + money(a.cash()) + " · equity " + money(a.equity())
          + " · buying power " + money(a.buyingPower()));
      cash = cash.add(orZero(a.cash()));
      equity = equity.add(orZero(a.equity()));
      power = power.add(orZero(a.buyingPower()));
    }
    if (view.accounts().size() > 1) {
      lines.add("Σ " + view.accounts().size() + " accounts: cash " + money(cash) + " · equity " + money(equity)
          + " · buying power " + money(power));
    }
    return String.join("\n", lines);
  }

  private static BigDecimal orZero(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }

  private CompletionStage<List<Outgoing>> trades(long chat, int n) {
    return answer(chat, "trades", timed(ops.trades(Optional.empty(), PageRequest.first(n)))
        .thenApply(page -> page.items().isEmpty() ? "No closed trades yet."
            : "Last " + page.items().size() + " closed trade" + (page.items().size() == 1 ? "" : "s") + "\n"
                + page.items().stream().map(Commands::tradeLine).collect(Collectors.joining("\n"))));
  }

  static String tradeLine(TradeView t) {
    return time(t.closedAt()) + " " + t.botId() + " " + num(t.quantity()) + " " + t.symbol() + " " + num(t.entryPrice())
        + " → " + num(t.exitPrice()) + " P&L " + money(t.realizedPnl())
        + (t.reason() == null || t.reason().isBlank() ? "" : " (" + t.reason() + ")");
  }

  private CompletionStage<List<Outgoing>> performance(long chat) {
    return answer(chat, "performance", timed(ops.trades(Optional.empty(),
        PageRequest.first(PERFORMANCE_TRADES))).thenApply(Commands::performanceText));
  }

  /** freqtrade's /performance per bot instead of per pair: P&L, trades, won; best first. */
  static String performanceText(Page<TradeView> page) {
    if (page.items().isEmpty()) return "No closed trades yet.";
    record Sum(BigDecimal pnl, int trades, int won) {}
    Map<String, Sum> by = new TreeMap<>();
    for (var t : page.items()) {
      BigDecimal pnl = orZero(t.realizedPnl());
      by.merge(t.botId(), new Sum(pnl, 1, pnl.signum() > 0 ? 1 : 0),
          (a, b) -> new Sum(a.pnl().add(b.pnl()), a.trades() + b.trades(), a.won() + b.won()));
    }
    var ranked = by.entrySet().stream()
        .sorted(java.util.Comparator.comparing((Map.Entry<String, Sum> e) -> e.getValue().pnl()).reversed()
            .thenComparing(Map.Entry::getKey))
        .toList();
    var out = new StringBuilder("Performance (" + (page.nextCursor().isPresent() ? "the last " : "")
        + page.items().size() + " closed trade" + (page.items().size() == 1 ? "" : "s") + ")");
    for (int i = 0; i < ranked.size(); i++) {
      Sum v = ranked.get(i).getValue();
      out.append("\n").append(i + 1).append(". ").append(ranked.get(i).getKey()).append(" ").append(money(v.pnl()))
          .append(" (").append(v.trades()).append(v.trades() == 1 ? " trade, " : " trades, ").append(v.won())
          .append(" won)");
    }
    return out.toString();
  }

  private CompletionStage<List<Outgoing>> logs(long chat, int n) {
    return answer(chat, "logs", timed(ops.audit(Optional.empty(), PageRequest.first(n)))
        .thenApply(page -> page.items().isEmpty() ? "The audit log is empty."
            : "Audit log, newest first\n" + page.items().stream().map(Commands::auditLine)
                .collect(Collectors.joining("\n"))));
  }

  static String auditLine(AuditEntry e) {
    return time(e.at()) + " " + e.entityId() + " " + e.eventType()
        + (e.from() != null || e.to() != null ? " " + e.from() + "→" + e.to() : "")
        + (e.by() == null || e.by().isBlank() ? "" : " by " + e.by())
        + (e.detail() == null || e.detail().isBlank() ? "" : ": " + e.detail());
  }

  /** One scope's kill switch, asked first as the fleet-wide one is; {@code all} is that one. */
  private CompletionStage<List<Outgoing>> askKillScope(long chat, String text) {
    KillScope scope;
    try {
      scope = KillScope.parse(text);
    } catch (IllegalArgumentException e) {
      return reply(chat, "Not a kill switch scope: " + e.getMessage());
    }
    if (scope.kind() == KillScope.Kind.ALL) return askKillSwitch(chat);
    // The scope stays with the prompt (the button carries only its one-time nonce), so no key is too long for a button.
    String nonce = prompts.ask(chat, Prompts.Action.KILL_SWITCH, scope.key(), settings.clock().instant());
    return CompletableFuture.completedFuture(List.of(new Outgoing.Send(chat,
        "🛑 Engage the kill switch for " + scope.describe() + "?\nIts working entries are cancelled and it may add no"
            + " exposure; exits and protective stops stay allowed.",
        false,
        Outgoing.Keyboard.row(
            new Outgoing.Button("🛑 Yes, kill " + scope.describe(), CallbackData.confirm(nonce)),
            new Outgoing.Button("Cancel", CallbackData.cancel(nonce))))));
  }

  /**
   * The guardian's state, then every limit's measure against its limit (the rows of {@code GET /api/v1/risk}'s {@code
   * limits}), the kill switch scopes engaged and the option book's greeks per underlying. Without the policy (not
   * available, or no answer in time) the limits say so and the rest is shown.
   */
  private CompletionStage<List<Outgoing>> risk(long chat) {
    var policy = timed(ops.riskPolicy()).toCompletableFuture();
    return answer(chat, "risk", timed(ops.risk()).thenCompose(r -> policy.handle((p, e) -> riskText(r, p, e))));
  }

  static String riskText(RiskGuardian.GuardianStatus r, RiskPolicy policy, Throwable policyFailure) {
    var lines = new java.util.ArrayList<String>(List.of(
        "🚦 Trading " + r.tradingState() + (r.killSwitch() ? " · KILL SWITCH ON" : "")
            + (r.reason() == null || r.reason().isBlank() ? "" : " (" + r.reason() + ")"),
        "Equity " + money(r.equity()) + " · cash " + money(r.cash()),
        "Realized P&L " + money(r.realizedPnl()),
        "Heat " + pct(r.heatPct()) + " · daily loss " + pct(r.dailyLossPct()) + " · drawdown " + pct(r.drawdownPct()),
        "Working orders " + r.workingOrders() + " · acknowledged " + r.acknowledgedOrders()));
    if (policy == null) {
      lines.add(failure("risk policy", policyFailure) + " (limits not shown)");
    } else {
      lines.add("Limits (measure / limit):");
      for (RiskLimits.Limit l : RiskLimits.of(r, policy)) lines.add(limitLine(l));
    }
    for (KillScope.Engaged k : r.killScopes()) {
      lines.add("🛑 Kill switch " + k.scope().describe() + " by " + k.by() + " since " + time(k.since())
          + (k.reason() == null || k.reason().isBlank() ? "" : ": " + k.reason()));
    }
    lines.addAll(greekLines(r.portfolioRisk() == null ? null : r.portfolioRisk().greeks()));
    return String.join("\n", lines) + pausedDetail(r);
  }

  /** "· heat guardian 3.20% / 30%", or "⚠ delta fleet 25000 / 20000 money BREACHED". */
  private static String limitLine(RiskLimits.Limit l) {
    boolean percent = l.unit().equals("%");
    String figures = percent ? pct(l.measure()) + " / " + num(l.limit()) + "%"
        : num(l.measure()) + " / " + num(l.limit()) + " " + l.unit();
    return (l.breached() ? "⚠ " : "· ") + l.name() + " " + l.scope() + " " + figures + (l.breached() ? " BREACHED" : "");
  }

  /** Per account (and the live accounts together), each underlying's greeks; nothing when the book holds no option. */
  private static List<String> greekLines(io.dorado.protocol.risk.PortfolioGreeks g) {
    if (g == null) return List.of();
    var books = new java.util.ArrayList<>(g.accounts());
    if (g.fleet() != null) books.add(g.fleet());
    var lines = new java.util.ArrayList<String>();
    for (var book : books) {
      for (var u : book.underlyings()) {
        lines.add("· " + book.scope() + "/" + u.underlying() + " Δ " + num(round(u.delta())) + " (" + money(u.deltaNotional())
            + ") · Γ " + num(round(u.gamma())) + " · vega " + money(u.vega()) + " · θ " + money(u.theta()));
      }
      if (!book.unpriced().isEmpty()) lines.add("· " + book.scope() + " unpriced: " + String.join(", ", book.unpriced()));
    }
    if (!lines.isEmpty()) lines.add(0, "Greeks (Δ units (notional) · Γ per 1.00 · vega per vol pt · θ per day):");
    return lines;
  }

  private static BigDecimal round(BigDecimal v) {
    return v == null ? null : v.round(new java.math.MathContext(6));
  }

  /** One line naming the bots the execution throttle paused (nothing when none is). */
  static String pausedLine(RiskGuardian.GuardianStatus r) {
    if (r.pausedBots().isEmpty()) return "";
    return "\n⏸ Paused by the throttle: " + String.join(", ", new TreeMap<>(r.pausedBots()).keySet());
  }

  /** Each paused bot with why and since when. */
  static String pausedDetail(RiskGuardian.GuardianStatus r) {
    return new TreeMap<>(r.pausedBots()).entrySet().stream()
        .map(e -> "\n⏸ " + e.getKey() + " paused since " + time(e.getValue().since()) + ": " + e.getValue().detail())
        .collect(Collectors.joining());
  }

  private CompletionStage<List<Outgoing>> accounts(long chat) {
    return answer(chat, "accounts", timed(ops.accounts()).thenApply(Commands::accountsText));
  }

  /** Per account: state, money, positions, what no bot owns, and the last reconciliation. */
  static String accountsText(RiskGuardian.AccountsView view) {
    if (view.accounts().isEmpty()) return "No account has traded yet.";
    return view.accounts().stream().map(a -> {
      var lines = new java.util.ArrayList<String>();
      lines.add("🏦 " + a.account() + " (" + a.mode() + ") " + a.tradingState()
          + (a.reducingReason() == null ? "" : ": " + a.reducingReason()));
      lines.add("Cash " + money(a.cash()) + " · equity " + money(a.equity()) + " · buying power " + money(a.buyingPower())
          + " · heat " + pct(a.heatPct()));
      if (!a.positions().isEmpty()) lines.add("Positions " + quantities(a.positions()));
      if (!a.externalPositions().isEmpty() || !a.externalOrders().isEmpty()) {
        lines.add("EXTERNAL " + quantities(a.externalPositions()) + " · " + a.externalOrders().size() + " order(s)");
      }
      lines.add("Reconciliation " + a.reconciliation() + (a.lastCheck() == null ? "" : " at " + time(a.lastCheck()))
          + ("MISMATCH".equals(a.reconciliation()) ? "\nTo trade again once checked: /ackaccount " + a.venue() : ""));
      return String.join("\n", lines);
    }).collect(Collectors.joining("\n\n"));
  }

  private static String quantities(Map<String, BigDecimal> q) {
    return new TreeMap<>(q).entrySet().stream().map(e -> e.getKey() + " " + e.getValue().stripTrailingZeros()
        .toPlainString()).collect(Collectors.joining(", "));
  }

  private CompletionStage<List<Outgoing>> ackAccount(long chat, String venue, String by) {
    return answer(chat, "acknowledge account " + venue, timed(ops.acknowledgeReconciliation(venue, by,
        "Telegram /ackaccount")).thenApply(r -> r.done() ? "✅ " + r.detail() + " (acknowledged by " + by + ")"
            : "Not done: " + r.detail()));
  }

  private CompletionStage<List<Outgoing>> resumeTrading(long chat, String botId, String by) {
    return answer(chat, "resume trading " + botId, timed(ops.resumeBotTrading(botId, by, "Telegram /resumetrading"))
        .thenApply(r -> r.resumed() ? "▶ " + r.botId() + " may trade again (resumed by " + by + ")"
            : "Not done: " + r.detail()));
  }

  private CompletionStage<List<Outgoing>> regime(long chat) {
    return answer(chat, "regime", timed(ops.regime()).thenApply(o -> o.map(r ->
        "Regime: macro " + orDash(r.macroRegime()) + " · trend " + orDash(r.trendState()) + " · correlation "
            + orDash(r.correlationRegime()) + "\nas of " + time(r.asOf()) + (r.stale() ? " (STALE)" : ""))
        .orElse("No regime published yet.")));
  }

  private CompletionStage<List<Outgoing>> scanBot(long chat, String botId, String by) {
    return answer(chat, "scan of " + botId, timed(ops.scanBot(botId, by)).thenApply(a -> "🔎 " + switch (a.outcome()) {
      case STARTED, QUEUED -> a.detail() + ". /scan shows the report when it has finished.";
      case UNKNOWN_BOT, NOT_SCANNED -> "Not scanned: " + a.detail();
    }));
  }

  private CompletionStage<List<Outgoing>> scan(long chat) {
    return answer(chat, "scan report", timed(ops.lastScan()).thenApply(o -> o.map(Commands::scanText)
        .orElse("No scan has finished yet.")));
  }

  private static final int MAX_PICKS = 10;

  /**
   * The latest scan's ranked list (PRD §3.2), with a Pick button per candidate that can be picked (not one the selection
   * excluded), each bound to a one-time nonce of this chat ({@link Prompts}) naming the scan and the candidate.
   */
  private CompletionStage<List<Outgoing>> candidates(long chat) {
    return timed(ops.lastScan()).thenApply(o -> {
      if (o.isEmpty()) return List.<Outgoing>of(Outgoing.Send.text(chat, "No scan has finished yet."));
      RankedScan ranked = RankedScan.of(o.get());
      var rows = new ArrayList<List<Outgoing.Button>>();
      for (RankedScan.Row r : ranked.candidates()) {
        if (r.fate().equals("excluded") || rows.size() >= MAX_PICKS) continue;
        String nonce = prompts.ask(chat, Prompts.Action.PICK, ranked.scanId() + " " + r.candidateId(),
            settings.clock().instant());
        rows.add(List.of(new Outgoing.Button("Pick #" + r.rank() + " " + r.symbol() + " (" + r.botId() + ")",
            CallbackData.confirm(nonce))));
      }
      return List.<Outgoing>of(new Outgoing.Send(chat, candidatesText(ranked), false, new Outgoing.Keyboard(rows)));
    }).exceptionally(e -> List.of(Outgoing.Send.text(chat, failure("candidates", e))));
  }

  /** The ranked list in a few lines per candidate: rank, symbol, bot, score; sizing; the selection and why; the gates. */
  static String candidatesText(RankedScan s) {
    var out = new StringBuilder("🏁 Ranked candidates of " + s.scanId() + " at " + Texts.time(s.at()) + " · regime "
        + orDash(s.regime()));
    if (s.candidates().isEmpty()) out.append("\nNo candidates.");
    for (RankedScan.Row r : s.candidates()) {
      out.append("\n\n#").append(r.rank()).append(' ').append(r.side() == null ? "" : r.side() + " ").append(r.symbol())
          .append(" · ").append(r.botId()).append(" · score ").append(String.format(Locale.ROOT, "%.2f", r.score()));
      out.append("\n  risk ").append(String.format(Locale.ROOT, "%.2f%%", r.riskPct()));
      if (r.credit() != null) out.append(" · credit ").append(num(r.credit())).append(" · max loss ").append(num(r.maxLoss()));
      else out.append(" · ").append(num(r.entry())).append(" / stop ").append(num(r.stop()))
          .append(r.target() == null ? "" : " / target " + num(r.target()));
      out.append("\n  ").append(r.fate()).append(": ").append(r.reason());
      if (!r.gates().isEmpty()) {
        out.append("\n  gates: ").append(r.gates().stream().map(g -> g.gate().name().toLowerCase(Locale.ROOT)
            + (g.passed() ? " ✓" : " ✗") + g.numbers().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> " " + e.getKey() + " " + e.getValue()).collect(Collectors.joining(","))).collect(Collectors.joining("; ")));
      }
    }
    if (!s.skipped().isEmpty()) {
      out.append("\n\nSkipped: ").append(s.skipped().stream().map(k -> k.botId() + " (" + (k.why() == null ? "no candidate"
          : k.why()) + ")").collect(Collectors.joining(", ")));
    }
    return out.toString();
  }

  /**
   * The last scan in a few lines: when, the regime, what was selected; per bot its candidates, or why none (a failed
   * gate and its checks, or the refused structures, the first three with their reasons).
   */
  static String scanText(ScanReport r) {
    var out = new StringBuilder("🔎 Scan " + r.scanId() + " at " + Texts.time(r.at()) + " · regime " + orDash(r.regime()));
    Map<Selection.Fate, Long> fates = r.selections().stream()
        .collect(Collectors.groupingBy(Selection::fate, () -> new java.util.EnumMap<>(Selection.Fate.class),
            Collectors.counting()));
    if (!fates.isEmpty()) {
      out.append("\n").append(fates.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT))
          .collect(Collectors.joining(" · ")));
    }
    for (BotScan b : r.bots()) {
      out.append("\n\n").append(b.botId()).append(" (").append(b.symbol()).append(", ").append(b.template()).append("): ");
      if (!b.candidates().isEmpty()) {
        out.append(b.candidates().size()).append(b.candidates().size() == 1 ? " candidate" : " candidates");
      } else {
        String why = b.skipped() == null ? "no candidate" : b.skipped();
        int colon = why.indexOf(": ");
        // the refusals follow one per line: the reason's head only when it merely lists them
        out.append(!b.refused().isEmpty() && why.contains("refused on its chain's quality") && colon > 0
            ? why.substring(0, colon) : why);
      }
      b.gates().stream().filter(g -> !g.passed()).findFirst().ifPresent(g ->
          out.append("\n  ✗ ").append(g.gate().name().toLowerCase(java.util.Locale.ROOT)).append(": ")
              .append(String.join("; ", g.checks().stream().filter(c -> !c.startsWith("pass")).toList())));
      b.refused().stream().limit(3).forEach(x -> out.append("\n  refused ").append(x));
      if (b.refused().size() > 3) out.append("\n  … ").append(b.refused().size() - 3).append(" more refused");
    }
    for (var d : r.dispatches()) out.append("\nsent ").append(d.botId()).append(": ").append(d.outcome());
    return out.toString();
  }

  // ---- replies to operations

  private CompletionStage<List<Outgoing>> ack(long chat, String what, CompletionStage<Bot.Ack> call) {
    return answer(chat, what, timed(call).thenApply(Commands::ackText));
  }

  static String ackText(Bot.Ack ack) {
    if (ack instanceof Bot.Accepted a) {
      return "✅ " + a.botId() + " is now " + a.phase() + (a.detail() == null || a.detail().isBlank() ? "" : ": " + a.detail());
    }
    if (ack instanceof Bot.Rejected r) return "Not done: " + r.reason() + " (" + r.botId() + " is " + r.phase() + ")";
    Bot.AlreadyProcessed p = (Bot.AlreadyProcessed) ack;
    return "Already done: " + p.botId() + " is " + p.phase();
  }

  private CompletionStage<List<Outgoing>> fleet(long chat, String what, CompletionStage<Fleet.Reply> call) {
    return answer(chat, what, timed(call).thenApply(r -> what + ": " + fleetText(r)));
  }

  static String fleetText(Fleet.Reply r) {
    if (r instanceof Fleet.Done d) return "done" + (d.detail() == null || d.detail().isBlank() ? "" : " (" + d.detail() + ")");
    if (r instanceof Fleet.Refused f) return "refused: " + f.reason();
    return "no bot " + ((Fleet.NotFound) r).botId();
  }

  private CompletionStage<List<Outgoing>> operator(long chat, String what, CompletionStage<RiskGuardian.OperatorReply> call) {
    return answer(chat, what, timed(call).thenApply(r -> what + ": trading " + r.tradingState()
        + (r.killSwitch() ? " · kill switch ON" : "") + (r.detail() == null || r.detail().isBlank() ? "" : "\n" + r.detail())));
  }

  // ---- plumbing

  <T> CompletionStage<T> timed(CompletionStage<T> call) {
    return call.toCompletableFuture().copy().orTimeout(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static CompletionStage<List<Outgoing>> answer(long chat, String what, CompletionStage<String> text) {
    return text.handle((t, e) -> List.of(Outgoing.Send.text(chat, Texts.fit(e == null ? t : failure(what, e)))));
  }

  static String failure(String what, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String reason = cause instanceof java.util.concurrent.TimeoutException ? "no answer in time" : cause.getMessage();
    return "⚠ " + what + " failed: " + (reason == null ? cause.getClass().getSimpleName() : reason);
  }

  private static CompletionStage<List<Outgoing>> reply(long chat, String text) {
    return CompletableFuture.completedFuture(List.of(Outgoing.Send.text(chat, text)));
  }

  private static String orDash(String s) {
    return s == null ? "—" : s;
  }
}
