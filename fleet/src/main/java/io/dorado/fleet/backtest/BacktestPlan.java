package io.dorado.fleet.backtest;

import io.dorado.actors.strategy.marketdata.BarSources;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Underlying;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which bots a backtest runs and on which bars: the directional bots (crypto, FX, equity) whose underlying has a
 * history in the configuration's data sources (the bundled replays, CSV files), and every bar of those underlyings
 * closing inside the spec's window, in time order (a tie in symbol order). Option structures and bots without history
 * are skipped, each with why.
 */
public record BacktestPlan(BacktestSpec spec, List<BotConfig> bots, List<Bar> bars, Map<String, String> skipped) {
  public BacktestPlan {
    bots = List.copyOf(bots);
    bars = List.copyOf(bars);
    skipped = new TreeMap<>(skipped);
    if (bots.isEmpty()) throw new IllegalArgumentException("no bot of this configuration can be backtested: " + skipped);
    if (bars.isEmpty()) {
      throw new IllegalArgumentException("no bar of " + symbols(bots) + " closes between " + spec.from() + " and " + spec.to());
    }
  }

  public static BacktestPlan of(FleetConfig config, BacktestSpec spec) {
    var bots = new ArrayList<BotConfig>();
    var skipped = new LinkedHashMap<String, String>();
    var history = new LinkedHashMap<String, List<Bar>>();
    for (BotConfig b : config.bots()) {
      Optional<Underlying> u = config.universe().find(b.underlying());
      if (u.isEmpty() || u.get().assetClass() == AssetClass.EQUITY_OPTIONS) {
        skipped.put(b.id(), "option structures are not backtested yet (" + b.strategyTemplate() + ")");
        continue;
      }
      var source = config.dataConfig().source(b.underlying());
      if (source.isEmpty()) {
        skipped.put(b.id(), b.underlying() + " has no data source in universe.yaml's data_config");
        continue;
      }
      try {
        history.computeIfAbsent(b.underlying(), symbol -> BarSources.history(source.get(), symbol));
      } catch (IllegalArgumentException e) {
        skipped.put(b.id(), e.getMessage());
        continue;
      }
      bots.add(b);
    }
    var bars = new ArrayList<Bar>();
    history.values().forEach(list -> list.stream().filter(bar -> spec.includes(bar.end())).forEach(bars::add));
    bars.sort(Comparator.comparing(Bar::end).thenComparing(Bar::symbol));
    return new BacktestPlan(spec, bots, bars, skipped);
  }

  /** The same bots on bars {@code from} (inclusive) to {@code to} (exclusive) of this plan: a walk-forward window. */
  public BacktestPlan slice(int from, int to) {
    List<Bar> part = bars.subList(from, to);
    Instant end = part.get(part.size() - 1).end().plusNanos(1);
    return new BacktestPlan(spec.window(part.get(0).end(), end), bots, part, skipped);
  }

  /** The same bots and bars, signalled by {@code rules}. */
  public BacktestPlan withRules(BreakoutRules rules) {
    return new BacktestPlan(spec.withRules(rules), bots, bars, skipped);
  }

  /** The venues quoting {@code symbol}: those its bots trade it on. */
  Set<String> venuesOf(String symbol) {
    var venues = new LinkedHashSet<String>();
    for (BotConfig b : bots) if (b.underlying().equals(symbol)) venues.add(b.venue());
    return venues;
  }

  /** The shortest bar period: what the Sharpe and Sortino ratios annualise by. */
  Duration barLength() {
    return bars.stream().map(Bar::period).min(Comparator.naturalOrder()).orElse(Duration.ofDays(1));
  }

  private static Set<String> symbols(List<BotConfig> bots) {
    var symbols = new LinkedHashSet<String>();
    bots.forEach(b -> symbols.add(b.underlying()));
    return symbols;
  }
}
