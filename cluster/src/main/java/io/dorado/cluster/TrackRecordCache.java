package io.dorado.cluster;

import io.dorado.actors.strategy.scan.BotRegistry;
import io.dorado.actors.strategy.scan.TrackRecord;
import io.dorado.cluster.ops.TrackRecordsView;
import io.dorado.cluster.ops.TradeReturns;
import io.dorado.persistence.readside.ClosedTrade;
import io.dorado.persistence.readside.Page;
import io.dorado.persistence.readside.TradeQueries;
import io.dorado.protocol.bot.BotConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The track records the scan's sizing reads (Kelly, the adaptive rules; PRD §3.4), from the read side's closed trades:
 * each bot's newest {@code tradesPerBot} trades ({@code trades_by_bot}) make its record, and every bot of a template
 * together (paper twins included) the template's. Refreshed on a timer ({@code dorado.scan.track-records.refresh}), so a
 * scan reads the last refresh ({@link #get}) and never waits for Cassandra; a refresh that fails keeps the previous
 * records (and is logged). The bots are the fleet registry's. The same trades, as returns on their notional, are what
 * the projector resamples ({@link #returns}).
 */
public final class TrackRecordCache implements Supplier<Map<String, TrackRecord>> {
  private static final Logger LOG = LoggerFactory.getLogger(TrackRecordCache.class);

  /** One refresh: the scan's map (templates by id, bots by {@link TrackRecord#botKey}), its view and the trades' returns. */
  private record Snapshot(Map<String, TrackRecord> records, TrackRecordsView view, TradeReturns returns) {}

  private final BotRegistry registry;
  private final TradeQueries trades;
  private final int tradesPerBot;
  private final Clock clock;
  private final AtomicReference<Snapshot> latest;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  public TrackRecordCache(BotRegistry registry, TradeQueries trades, int tradesPerBot, Clock clock) {
    if (tradesPerBot < 1 || tradesPerBot > Page.MAX_SIZE) {
      throw new IllegalArgumentException("track-records.trades must be 1.." + Page.MAX_SIZE + ", was " + tradesPerBot);
    }
    this.registry = registry;
    this.trades = trades;
    this.tradesPerBot = tradesPerBot;
    this.clock = clock;
    this.latest = new AtomicReference<>(new Snapshot(Map.of(), new TrackRecordsView(null, tradesPerBot,
        TrackRecord.MIN_TRADES_FOR_KELLY, List.of(), List.of()), new TradeReturns(null, tradesPerBot, List.of())));
  }

  /** Refreshes now and then every {@code every} on {@code system}'s scheduler. */
  public TrackRecordCache start(ActorSystem<?> system, Duration every) {
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every, this::refreshQuietly, system.executionContext());
    return this;
  }

  /** The records of the last refresh: templates keyed by id, bots by {@link TrackRecord#botKey}. */
  @Override
  public Map<String, TrackRecord> get() {
    return latest.get().records();
  }

  /** The same figures for the API. */
  public TrackRecordsView view() {
    return latest.get().view();
  }

  /** The trades of the last refresh as returns on their notional, per bot. */
  public TradeReturns returns() {
    return latest.get().returns();
  }

  private void refreshQuietly() {
    if (!refreshing.compareAndSet(false, true)) return; // the last one is still reading
    refresh().whenComplete((v, failure) -> {
      refreshing.set(false);
      if (failure != null) LOG.warn("Track records not refreshed (the last ones stay): {}", failure.toString());
    });
  }

  /** Reads every registered bot's newest closed trades and replaces the records; completes with the new view. */
  public CompletionStage<TrackRecordsView> refresh() {
    return registry.bots().thenCompose(bots -> {
      List<CompletableFuture<List<ClosedTrade>>> reads = new ArrayList<>();
      for (BotConfig b : bots) {
        reads.add(trades.byBot(b.id(), tradesPerBot, null).thenApply(Page::items).toCompletableFuture());
      }
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(x -> {
        var records = new TreeMap<String, TrackRecord>();
        var byTemplate = new TreeMap<String, List<ClosedTrade>>();
        var botEntries = new ArrayList<TrackRecordsView.Entry>();
        var returns = new ArrayList<TradeReturns.Bot>();
        for (int i = 0; i < bots.size(); i++) {
          BotConfig b = bots.get(i);
          List<ClosedTrade> own = reads.get(i).join();
          returns.add(new TradeReturns.Bot(b.id(), b.strategyTemplate(),
              own.stream().map(ClosedTrade::returnOnNotional).filter(java.util.Objects::nonNull).toList()));
          if (b.strategyTemplate() != null) byTemplate.computeIfAbsent(b.strategyTemplate(), t -> new ArrayList<>()).addAll(own);
          TrackRecord r = of(own);
          if (r == null) continue;
          records.put(TrackRecord.botKey(b.id()), r);
          botEntries.add(entry(b.id(), b.strategyTemplate(), r));
        }
        var templateEntries = new ArrayList<TrackRecordsView.Entry>();
        byTemplate.forEach((template, all) -> {
          all.sort(Comparator.comparing(ClosedTrade::closedAt).reversed());
          TrackRecord r = of(all);
          if (r == null) return;
          records.put(template, r);
          templateEntries.add(entry(template, null, r));
        });
        var view = new TrackRecordsView(clock.instant(), tradesPerBot, TrackRecord.MIN_TRADES_FOR_KELLY, botEntries,
            templateEntries);
        latest.set(new Snapshot(Map.copyOf(records), view, new TradeReturns(view.refreshedAt(), tradesPerBot, returns)));
        return view;
      });
    });
  }

  private static TrackRecord of(List<ClosedTrade> newestFirst) {
    return TrackRecord.of(newestFirst.stream().map(ClosedTrade::realizedPnl).toList());
  }

  private static TrackRecordsView.Entry entry(String id, String template, TrackRecord r) {
    return new TrackRecordsView.Entry(id, template, r.trades(), r.winRate(), r.payoff(), r.recentWinRate(),
        r.trades() >= TrackRecord.MIN_TRADES_FOR_KELLY && r.payoff() > 0);
  }
}
