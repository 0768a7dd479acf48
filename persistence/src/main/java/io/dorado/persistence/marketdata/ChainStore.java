package io.dorado.persistence.marketdata;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dorado.protocol.market.ChainHistory;
import io.dorado.protocol.market.OptionChainSnapshot;
import io.dorado.protocol.market.OptionChainSnapshot.Contract;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The option chains scans decided on, in Cassandra ({@code dorado_market.option_chains} of {@code cql/005-market-data.cql}):
 * one row per scan and bot in a partition per underlying and UTC day, its contracts as JSON, every row with a TTL of
 * {@code retention} ({@code dorado.market-data.chains.retention}).
 */
public final class ChainStore implements ChainHistory {
  private static final String INSERT = "INSERT INTO dorado_market.option_chains (underlying, day, taken_at, bot_id, scan_id, "
      + "spot, label, synthetic, contracts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
  private static final String SELECT = "SELECT taken_at, bot_id, scan_id, spot, label, synthetic, contracts "
      + "FROM dorado_market.option_chains WHERE underlying = ? AND day = ?";
  private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final TypeReference<List<Contract>> CONTRACTS = new TypeReference<>() {};

  private final CqlSession session;
  private final Duration retention;
  private final ConcurrentHashMap<String, CompletableFuture<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  public ChainStore(CqlSession session, Duration retention) {
    if (retention.compareTo(Duration.ofSeconds(1)) < 0 || retention.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a retention must be between 1 s and 68 years (was " + retention + ")");
    }
    this.session = session;
    this.retention = retention;
  }

  @Override
  public CompletionStage<Void> save(List<OptionChainSnapshot> snapshots) {
    return prepare(INSERT).thenCompose(ps -> {
      var writes = new ArrayList<CompletableFuture<AsyncResultSet>>();
      for (OptionChainSnapshot s : snapshots) {
        writes.add(session.executeAsync(ps.bind(s.underlying(), day(s), s.takenAt(), s.botId(), s.scanId(), s.spot(),
            s.label(), s.synthetic(), toJson(s.contracts()), (int) retention.getSeconds())).toCompletableFuture());
      }
      return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    });
  }

  @Override
  public CompletionStage<List<OptionChainSnapshot>> of(String underlying, LocalDate day) {
    return prepare(SELECT).thenCompose(ps -> session.executeAsync(ps.bind(underlying, day)))
        .thenCompose(rs -> page(rs, underlying, new ArrayList<>()));
  }

  private static CompletionStage<List<OptionChainSnapshot>> page(AsyncResultSet rs, String underlying,
      List<OptionChainSnapshot> into) {
    for (Row r : rs.currentPage()) {
      into.add(new OptionChainSnapshot(underlying, r.getString("scan_id"), r.getString("bot_id"), r.getInstant("taken_at"),
          r.getDouble("spot"), r.getString("label"), r.getBoolean("synthetic"), fromJson(r.getString("contracts"))));
    }
    return rs.hasMorePages() ? rs.fetchNextPage().thenCompose(next -> page(next, underlying, into))
        : CompletableFuture.completedFuture(into);
  }

  private static LocalDate day(OptionChainSnapshot s) {
    return s.takenAt().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static String toJson(List<Contract> contracts) {
    try {
      return JSON.writeValueAsString(contracts);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Contract> fromJson(String json) {
    try {
      return JSON.readValue(json, CONTRACTS);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CompletionStage<PreparedStatement> prepare(String cql) {
    return prepared.computeIfAbsent(cql, q -> session.prepareAsync(q).toCompletableFuture().whenComplete((ps, e) -> {
      if (e != null) prepared.remove(q);
    }));
  }
}
