package io.dorado.actors.strategy.manage;

import io.dorado.actors.strategy.indicators.Indicators;
import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.actors.strategy.scan.BotGateway;
import io.dorado.actors.strategy.scan.BotRegistry;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.StructurePosition;
import io.dorado.protocol.bot.TradeMark;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Management;
import io.dorado.protocol.strategy.Management.Watch;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Manages open positions (PRD §3.1 MONITORING): every {@code refresh} it asks the managed bots for their
 * state, watches each one that holds a position with a stop or target against its underlying's bars
 * ({@link ExitRules}), and asks the bot to close ({@code Bot.ClosePosition}) when a rule fires, so every
 * exit is a bot order through the guardian. Nothing here is persisted: stops and targets are in the
 * bots' journal ({@code TradeMark}), so a restarted manager (or a singleton on another node) picks the
 * watches up again; only the trailing stop's high-water mark restarts from the next bar. Bots holding an
 * option structure (an iron condor) are managed by {@link OptionExitRules} the same way (DTE, short
 * strike tested, stop loss and profit on the credit), each exit a bot close through the guardian.
 *
 * <p>Scaled exits ({@link ExitRules#scaleOut}) are partial closes ({@code Bot.ReducePosition}) with ids per
 * trade and tranche; the bot records them on the trade, so which tranches are done (and where the stop
 * moved) is read back from the bot's state, and a repeated ask reduces nothing.
 *
 * <p>When a bot's stop and target rest at the venue (protective orders on), the venue closes on them and this manager
 * does not; it moves the venue's stop ({@code Bot.MoveStop}) as the trailing stop or a break-even tightens it
 * ({@link VenueStops}).
 */
public final class PositionManager extends AbstractBehavior<Management.Command> {

  /**
   * @param managed bot id → the template whose management rules apply (paper twins included)
   * @param historyBars bars kept per instrument for the volatility, Hurst and ATR readings
   * @param templates the fleet's templates by id: a bot's rules are those of the template its state shows it runs
   * @param registry the fleet's registry, asked on every refresh: bots created while the fleet runs are managed too
   *     (null: the {@code managed} bots only)
   */
  public record Settings(Map<String, StrategyTemplate> managed, Duration refresh, int historyBars, Duration askTimeout,
      Map<String, StrategyTemplate> templates, BotRegistry registry) {
    public Settings {
      managed = Map.copyOf(managed);
      templates = templates == null ? Map.of() : Map.copyOf(templates);
    }

    public Settings(Map<String, StrategyTemplate> managed, Duration refresh, int historyBars, Duration askTimeout) {
      this(managed, refresh, historyBars, askTimeout, null, null);
    }
  }

  private final Map<String, ActorRef<MarketData.Command>> marketData;
  private final BotGateway bots;
  private final Settings settings;
  private final ActorRef<MarketData.Event> events;
  private final Map<String, Watch> watches = new LinkedHashMap<>();
  private final Map<String, ArrayDeque<Bar>> bars = new HashMap<>();
  /** Bots holding an option structure (an iron condor), managed by {@link OptionExitRules}. */
  private final Map<String, StructureWatch> structures = new LinkedHashMap<>();
  /** What rests at the venue per bot, as its state last showed it (or a move it accepted since). */
  private final Map<String, VenueStops> venueStops = new HashMap<>();
  /** Bots the registry last listed (beside the configured ones), and the template each one's state shows it runs. */
  private final java.util.Set<String> registered = new java.util.LinkedHashSet<>();
  private final Map<String, StrategyTemplate> running = new HashMap<>();
  private boolean registryAsking;
  /** Bots asked to move their venue stop, with the price, until they answer. */
  private final Map<String, java.math.BigDecimal> moving = new HashMap<>();

  /** A structure under management, as the bot's state last showed it; {@code closing}: a close was asked for. */
  private record StructureWatch(String botId, StructurePosition structure, String closing) {}

  public static Behavior<Management.Command> create(
      Map<String, ActorRef<MarketData.Command>> marketData, BotGateway bots, Settings settings) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      timers.startTimerWithFixedDelay("refresh", new Management.Refresh(), settings.refresh());
      ctx.getSelf().tell(new Management.Refresh());
      return new PositionManager(ctx, marketData, bots, settings);
    }));
  }

  private PositionManager(ActorContext<Management.Command> ctx, Map<String, ActorRef<MarketData.Command>> marketData,
      BotGateway bots, Settings settings) {
    super(ctx);
    ctx.setLoggerName(PositionManager.class); // not the timer wrapper's class: the fleet's log shows io.dorado at INFO
    this.marketData = Map.copyOf(marketData);
    this.bots = bots;
    this.settings = settings;
    this.events = ctx.messageAdapter(MarketData.Event.class, Management.MarketEvent::new);
  }

  @Override
  public Receive<Management.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Management.Refresh.class, c -> refresh())
        .onMessage(Management.RegistrySeen.class, this::registrySeen)
        .onMessage(Management.StatesSeen.class, this::statesSeen)
        .onMessage(Management.MarketEvent.class, this::marketEvent)
        .onMessage(Management.CloseAnswered.class, this::closeAnswered)
        .onMessage(Management.ReduceAnswered.class, this::reduceAnswered)
        .onMessage(Management.StopMoveAnswered.class, this::stopMoveAnswered)
        .onMessage(Management.GetWatches.class, c -> {
          c.replyTo().tell(new Management.Watches(List.copyOf(watches.values())));
          return this;
        })
        .build();
  }

  private Behavior<Management.Command> refresh() {
    // Subscribing again is harmless (a set) and re-attaches after the market data moved to another node.
    marketData.values().forEach(md -> md.tell(new MarketData.Subscribe(events)));
    if (settings.registry() != null && !registryAsking) {
      registryAsking = true;
      CompletableFuture<List<String>> ids;
      try {
        ids = settings.registry().bots().toCompletableFuture()
            .thenApply(list -> list.stream().map(io.dorado.protocol.bot.BotConfig::id).toList());
      } catch (RuntimeException e) {
        ids = CompletableFuture.failedFuture(e);
      }
      getContext().pipeToSelf(ids, (list, err) -> new Management.RegistrySeen(err == null ? list : null));
    }
    var asks = new LinkedHashMap<String, CompletableFuture<BotState>>();
    var ids = new java.util.LinkedHashSet<>(settings.managed().keySet());
    ids.addAll(registered);
    for (String id : ids) {
      asks.put(id, bots.state(id).toCompletableFuture().exceptionally(e -> null));
    }
    getContext().pipeToSelf(CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)), (ok, err) -> {
      var seen = new HashMap<String, BotState>();
      asks.forEach((id, f) -> {
        BotState s = f.getNow(null);
        if (s != null) seen.put(id, s);
      });
      return new Management.StatesSeen(seen);
    });
    return this;
  }

  /** The registry's bots (null: it did not answer, the ones known stay): managed from the next refresh on. */
  private Behavior<Management.Command> registrySeen(Management.RegistrySeen c) {
    registryAsking = false;
    if (c.botIds() == null) return this;
    for (String id : c.botIds()) {
      if (registered.add(id) && !settings.managed().containsKey(id)) {
        getContext().getLog().info("position manager: bot {} joined", id);
      }
    }
    registered.retainAll(c.botIds());
    return this;
  }

  /** The rules that apply to a bot: its running template's (as its state shows), else the configured one. */
  private StrategyTemplate template(String botId) {
    StrategyTemplate t = running.get(botId);
    return t != null ? t : settings.managed().get(botId);
  }

  private Behavior<Management.Command> statesSeen(Management.StatesSeen c) {
    c.states().forEach((id, state) -> {
      if (state.data() != null && state.data().config() != null) {
        StrategyTemplate t = settings.templates().get(state.data().config().strategyTemplate());
        if (t != null) running.put(id, t);
      }
    });
    c.states().forEach((id, state) -> {
      Watch w = watches.get(id);
      if (state instanceof BotState.Monitoring m && !m.data().position().isFlat()) {
        venueStops.put(id, VenueStops.of(m));
        TradeMark t = m.data().openTrade();
        if (w != null && w.closing() != null) watches.put(id, w.closing(null)); // the close did not happen: watch again
        if (w != null && w.scaling() != null && t != null && !t.tradeId().equals(w.scaling().tradeId())) {
          watches.remove(id); // another trade since: watch it afresh
          w = null;
        }
        if (w == null && t != null && (t.stop() != null || t.target() != null)) {
          Position p = m.data().position();
          Watch fresh = new Watch(id, p.symbol(), p.quantity().signum() > 0 ? Side.BUY : Side.SELL, p.averagePrice(),
              t.stop(), t.target(), lastBarEnd(p.symbol()), null, null);
          watches.put(id, venueStops.get(id).adopt(withScaling(fresh, m, null)));
        } else if (w != null && w.scaling() != null) {
          watches.put(id, withScaling(watches.get(id), m, w.scaling().pending()));
        }
        moveVenueStop(id);
      } else if (!(state instanceof BotState.Closing) && !(state instanceof BotState.Reducing) && w != null) {
        watches.remove(id); // flat, or the phase moved on: nothing to manage
        venueStops.remove(id);
      }
    });
    structuresSeen(c.states());
    return this;
  }

  private Behavior<Management.Command> marketEvent(Management.MarketEvent c) {
    if (!(c.event() instanceof MarketData.BarClosed closed)) return this;
    Bar bar = closed.bar();
    ArrayDeque<Bar> history = bars.computeIfAbsent(bar.symbol(), s -> new ArrayDeque<>());
    history.addLast(bar);
    while (history.size() > settings.historyBars()) history.removeFirst();
    manageStructures(bar, history);
    Technicals technicals = null;
    for (Watch w : new ArrayList<>(watches.values())) {
      if (!w.symbol().equals(bar.symbol()) || w.closing() != null) continue;
      if (w.openedAt() == null) w = new Watch(w.botId(), w.symbol(), w.side(), w.entry(), w.stop(), w.target(),
          bar.start(), w.best(), null, w.scaling());
      if (technicals == null && history.size() > Indicators.WINDOW) technicals = Indicators.compute(List.copyOf(history));
      if (venueStops.getOrDefault(w.botId(), VenueStops.NONE).venueCloses(w, bar)) continue; // its order there closes it
      StrategyTemplate template = template(w.botId());
      var verdict = ExitRules.onBar(w, bar, template == null ? null : template.management(), technicals);
      var tranche = verdict.exit().isPresent() || template == null ? Optional.<ExitRules.Reduction>empty()
          : ExitRules.scaleOut(w, bar, template.management());
      if (tranche.isPresent()) {
        reduce(verdict.watch(), tranche.get());
      } else if (verdict.exit().isPresent()) {
        String reason = "management: " + verdict.exit().get();
        String botId = w.botId();
        watches.put(botId, w.closing(reason));
        getContext().pipeToSelf(bots.ask(botId, r -> new Bot.ClosePosition(reason, r)),
            (ack, err) -> new Management.CloseAnswered(botId, reason,
                ack != null ? ack : new Bot.Rejected(botId, null, "no answer: " + err)));
      } else {
        watches.put(w.botId(), verdict.watch());
        moveVenueStop(w.botId());
      }
    }
    return this;
  }

  /** Moves the bot's stop resting at the venue to the watch's when that is tighter; one move in flight per bot. */
  private void moveVenueStop(String botId) {
    Watch w = watches.get(botId);
    java.math.BigDecimal to = w == null || moving.containsKey(botId) || w.closing() != null ? null
        : venueStops.getOrDefault(botId, VenueStops.NONE).moveTo(w);
    if (to == null) return;
    moving.put(botId, to);
    String reason = "management: stop to " + to.stripTrailingZeros().toPlainString();
    getContext().pipeToSelf(bots.ask(botId, r -> new Bot.MoveStop(to, reason, r)),
        (ack, err) -> new Management.StopMoveAnswered(botId, to,
            ack != null ? ack : new Bot.Rejected(botId, null, "no answer: " + err)));
  }

  private Behavior<Management.Command> stopMoveAnswered(Management.StopMoveAnswered c) {
    moving.remove(c.botId());
    VenueStops resting = venueStops.get(c.botId());
    if (c.ack() instanceof Bot.Rejected r) {
      getContext().getLog().info("{}: stop move to {} refused ({}); asking again on the next refresh", c.botId(),
          c.stop().toPlainString(), r.reason());
    } else if (resting != null) {
      getContext().getLog().info("{}: moving its venue stop to {}", c.botId(), c.stop().toPlainString());
      venueStops.put(c.botId(), new VenueStops(c.stop(), resting.target()));
    }
    return this;
  }

  /** Asks the bot for a partial close; the tranche stays pending until the bot's state shows it done. */
  private void reduce(Watch w, ExitRules.Reduction r) {
    String botId = w.botId();
    watches.put(botId, w.withScaling(w.scaling().withPending(r.reductionId())));
    getContext().pipeToSelf(bots.ask(botId, ref -> new Bot.ReducePosition(r.reductionId(), r.quantity(), r.reason(), ref)),
        (ack, err) -> new Management.ReduceAnswered(botId, r.reductionId(),
            ack != null ? ack : new Bot.Rejected(botId, null, "no answer: " + err)));
  }

  private Behavior<Management.Command> reduceAnswered(Management.ReduceAnswered c) {
    Watch w = watches.get(c.botId());
    if (w == null || w.scaling() == null || !c.reductionId().equals(w.scaling().pending())) return this;
    if (c.ack() instanceof Bot.Rejected r) {
      getContext().getLog().info("{}: reduction {} refused ({}); watching again", c.botId(), c.reductionId(), r.reason());
      watches.put(c.botId(), w.withScaling(w.scaling().withPending(null)));
      return this;
    }
    getContext().getLog().info("{}: reducing ({})", c.botId(), c.reductionId());
    var done = new ArrayList<>(w.scaling().done());
    if (!done.contains(c.reductionId())) done.add(c.reductionId());
    Watch next = w.withScaling(new Management.Scaling(w.scaling().tradeId(), w.scaling().initialStop(),
        w.scaling().quantity(), done, c.reductionId()));
    watches.put(c.botId(), withDoneStops(next));
    moveVenueStop(c.botId()); // break-even after the tranche: refused until the bot's resized stop rests, then again
    return this;
  }

  /**
   * The watch's scaling from the bot's persisted state: the trade's done tranches and the open quantity
   * (one snapshot, so they agree), and the stop moved as the done tranches say. A pending tranche stays
   * pending until the snapshot shows it done (the bot is back in MONITORING after it).
   */
  private Watch withScaling(Watch w, BotState.Monitoring m, String pending) {
    StrategyTemplate template = template(w.botId());
    TradeMark t = m.data().openTrade();
    if (template == null || template.management().scaledExits().isEmpty() || t == null || t.stop() == null) return w;
    String stillPending = pending != null && t.reductions().contains(pending) ? null : pending;
    var scaling = new Management.Scaling(t.tradeId(), t.stop(), m.data().position().quantity().abs(), t.reductions(),
        stillPending);
    return withDoneStops(w.withScaling(scaling));
  }

  private Watch withDoneStops(Watch w) {
    var exits = template(w.botId()).management().scaledExits();
    Watch out = w;
    for (int i = 0; i < exits.size(); i++) {
      if (w.scaling().done().contains(ExitRules.trancheId(w.scaling().tradeId(), i + 1))) {
        out = out.withStop(ExitRules.stopAfter(out, exits.get(i)), out.best());
      }
    }
    return out;
  }

  private Behavior<Management.Command> closeAnswered(Management.CloseAnswered c) {
    if (structures.containsKey(c.botId())) return structureCloseAnswered(c);
    Watch w = watches.get(c.botId());
    if (w == null) return this;
    if (c.ack() instanceof Bot.Accepted) {
      getContext().getLog().info("{}: closing, {}", c.botId(), c.reason());
    } else if (c.ack() instanceof Bot.Rejected r) {
      getContext().getLog().info("{}: close refused ({}); watching again", c.botId(), r.reason());
      watches.put(c.botId(), w.closing(null));
    }
    return this;
  }

  private Instant lastBarEnd(String symbol) {
    ArrayDeque<Bar> h = bars.get(symbol);
    return h == null || h.isEmpty() ? null : h.peekLast().end();
  }

  // ---- option structures ------------------------------------------------------------------------

  private void structuresSeen(Map<String, BotState> states) {
    states.forEach((id, state) -> {
      StructureWatch w = structures.get(id);
      StructurePosition s = state.data() == null ? null : state.data().structure();
      if (state instanceof BotState.Monitoring && s != null && !s.isFlat()) {
        structures.put(id, new StructureWatch(id, s, null)); // a close that did not happen is watched again
      } else if (!(state instanceof BotState.Closing) && w != null) {
        structures.remove(id);
      }
    });
  }

  /** Every structure on {@code bar}'s underlying against its template's rules; a rule that fires closes it through the bot. */
  private void manageStructures(Bar bar, ArrayDeque<Bar> history) {
    double vol = Double.NaN;
    double ivRank = Double.NaN;
    boolean ivRankSynthetic = false;
    boolean computed = false;
    for (StructureWatch w : new ArrayList<>(structures.values())) {
      if (!w.structure().underlying().equals(bar.symbol()) || w.closing() != null) continue;
      StrategyTemplate template = template(w.botId());
      if (template == null) continue;
      if (!computed && history.size() > Indicators.WINDOW + 1) {
        var technicals = Indicators.compute(List.copyOf(history));
        vol = technicals.realizedVolPct() / 100;
        ivRank = technicals.ivRank();
        ivRankSynthetic = technicals.ivRankSynthetic();
        computed = true;
      }
      var exit = OptionExitRules.onBar(w.structure(), bar, template.management(), vol, ivRank, ivRankSynthetic,
          io.dorado.protocol.market.TradingCalendars.US_OPTIONS);
      if (exit.isEmpty()) continue;
      String reason = "management: " + exit.get();
      String botId = w.botId();
      structures.put(botId, new StructureWatch(botId, w.structure(), reason));
      getContext().pipeToSelf(bots.ask(botId, r -> new Bot.ClosePosition(reason, r)),
          (ack, err) -> new Management.CloseAnswered(botId, reason,
              ack != null ? ack : new Bot.Rejected(botId, null, "no answer: " + err)));
    }
  }

  private Behavior<Management.Command> structureCloseAnswered(Management.CloseAnswered c) {
    StructureWatch w = structures.get(c.botId());
    if (c.ack() instanceof Bot.Accepted) {
      getContext().getLog().info("{}: closing its structure, {}", c.botId(), c.reason());
    } else if (c.ack() instanceof Bot.Rejected r) {
      getContext().getLog().info("{}: structure close refused ({}); watching again", c.botId(), r.reason());
      structures.put(c.botId(), new StructureWatch(c.botId(), w.structure(), null));
    }
    return this;
  }
}
