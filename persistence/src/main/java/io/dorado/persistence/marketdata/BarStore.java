package io.dorado.persistence.marketdata;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.BarHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bar history in Cassandra ({@code dorado_market.bars} of {@code cql/005-market-data.cql}): closed bars per
 * instrument and bar length, each row written with the TTL of its {@link Retention}, so the table is bounded by age.
 * A partition holds at most {@link #BARS_PER_PARTITION} bars of one series; {@link #last} walks the partitions back
 * from now, newest first, no further than the retention reaches.
 */
public final class BarStore implements BarHistory {

  public static final int BARS_PER_PARTITION = 1000;
  /** Rows per unlogged batch (one partition's): about 100 bytes each, under Cassandra's 5 KiB batch warning. */
  static final int BATCH_ROWS = 40;

  private static final String INSERT = "INSERT INTO dorado_market.bars (symbol, period_s, bucket, bar_end, open, high, low, "
      + "close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
  private static final String SELECT = "SELECT bar_end, open, high, low, close, volume FROM dorado_market.bars "
      + "WHERE symbol = ? AND period_s = ? AND bucket = ? LIMIT ?";

  /**
   * How long bars are kept: {@code daily} for bars of a day or longer, {@code intraday} for shorter ones (from
   * {@code dorado.market-data.history.retention}).
   */
  public record Retention(Duration intraday, Duration daily) {
    public static final Retention DEFAULT = new Retention(Duration.ofDays(30), Duration.ofDays(400));

    public Retention {
      for (Duration d : List.of(intraday, daily)) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.getSeconds() > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("a retention must be between 1 s and 68 years (was " + d + ")");
        }
      }
    }

    /** From a config holding {@code intraday} and {@code daily} (e.g. {@code dorado.market-data.history.retention}). */
    public static Retention from(Config retention) {
      return new Retention(retention.getDuration("intraday"), retention.getDuration("daily"));
    }

    /** How long a bar of {@code period} is kept. */
    public Duration of(Duration period) {
      return period.compareTo(Duration.ofDays(1)) >= 0 ? daily : intraday;
    }
  }

  private final CqlSession session;
  private final Retention retention;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  public BarStore(CqlSession session, Retention retention) {
    this(session, retention, Clock.systemUTC());
  }

  public BarStore(CqlSession session, Retention retention, Clock clock) {
    this.session = session;
    this.retention = retention;
    this.clock = clock;
  }

  /** The partition a bar of {@code period} ending at {@code end} is kept in. */
  public static long bucket(Instant end, Duration period) {
    return Math.floorDiv(end.getEpochSecond(), period.getSeconds() * BARS_PER_PARTITION);
  }

  @Override
  public CompletionStage<Void> save(List<Bar> bars) {
    var byPartition = new LinkedHashMap<String, List<Bar>>();
    for (Bar b : bars) {
      byPartition.computeIfAbsent(b.symbol() + "|" + b.period().getSeconds() + "|" + bucket(b.end(), b.period()),
          k -> new ArrayList<>()).add(b);
    }
    return prepare(INSERT).thenCompose(ps -> {
      var writes = new ArrayList<CompletableFuture<AsyncResultSet>>();
      for (List<Bar> partition : byPartition.values()) {
        for (int from = 0; from < partition.size(); from += BATCH_ROWS) {
          BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
          for (Bar b : partition.subList(from, Math.min(partition.size(), from + BATCH_ROWS))) {
            batch.addStatement(ps.bind(b.symbol(), (int) b.period().getSeconds(), bucket(b.end(), b.period()), b.end(),
                b.open(), b.high(), b.low(), b.close(), b.volume(), (int) retention.of(b.period()).getSeconds()));
          }
          writes.add(session.executeAsync(batch.build()).toCompletableFuture());
        }
      }
      return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    });
  }

  @Override
  public CompletionStage<List<Bar>> last(String symbol, Duration period, int count) {
    if (count <= 0) return CompletableFuture.completedFuture(List.of());
    long newest = bucket(clock.instant(), period);
    long oldest = bucket(clock.instant().minus(retention.of(period)), period);
    return prepare(SELECT).thenCompose(ps -> collect(ps, symbol, period, count, newest, oldest, new ArrayList<>()))
        .thenApply(newestFirst -> {
          Collections.reverse(newestFirst);
          return List.copyOf(newestFirst);
        });
  }

  private CompletionStage<List<Bar>> collect(PreparedStatement ps, String symbol, Duration period, int count, long bucket,
      long oldest, List<Bar> into) {
    if (into.size() >= count || bucket < oldest) return CompletableFuture.completedFuture(into);
    return session.executeAsync(ps.bind(symbol, (int) period.getSeconds(), bucket, count - into.size()))
        .thenCompose(rs -> page(rs, symbol, period, into))
        .thenCompose(more -> collect(ps, symbol, period, count, bucket - 1, oldest, into));
  }

  private static CompletionStage<List<Bar>> page(AsyncResultSet rs, String symbol, Duration period, List<Bar> into) {
    for (Row r : rs.currentPage()) into.add(bar(r, symbol, period));
    return rs.hasMorePages() ? rs.fetchNextPage().thenCompose(next -> page(next, symbol, period, into))
        : CompletableFuture.completedFuture(into);
  }

  private static Bar bar(Row r, String symbol, Duration period) {
    return new Bar(symbol, r.getInstant("bar_end"), period, r.getBigDecimal("open"), r.getBigDecimal("high"),
        r.getBigDecimal("low"), r.getBigDecimal("close"), r.getBigDecimal("volume"));
  }

  private CompletionStage<PreparedStatement> prepare(String cql) {
    return prepared.computeIfAbsent(cql, q -> session.prepareAsync(q).toCompletableFuture().whenComplete((ps, e) -> {
      if (e != null) prepared.remove(q); // Cassandra was away: prepare again next time
    }));
  }
}
