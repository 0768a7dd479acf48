package io.dorado.persistence.scan;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dorado.protocol.strategy.ScanHistory;
import io.dorado.protocol.strategy.ScanReport;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every scan's report in Cassandra ({@code dorado_read.scans_by_day} of {@code cql/007-scans.cql}): one row per scan in a
 * partition per UTC day, the report as JSON, every row with a TTL of {@code retention}
 * ({@code dorado.scan.history.retention}). {@link #recent} reads day by day back from today (on {@code clock}) until it
 * has enough or has passed the retention.
 */
public final class ScanStore implements ScanHistory {
  private static final String INSERT = "INSERT INTO dorado_read.scans_by_day (day, at, scan_id, regime, report) "
      + "VALUES (?, ?, ?, ?, ?) USING TTL ?";
  private static final String SELECT = "SELECT report FROM dorado_read.scans_by_day WHERE day = ? LIMIT ?";
  private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final CqlSession session;
  private final Duration retention;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  public ScanStore(CqlSession session, Duration retention, Clock clock) {
    if (retention.compareTo(Duration.ofSeconds(1)) < 0 || retention.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a retention must be between 1 s and 68 years (was " + retention + ")");
    }
    this.session = session;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Void> save(ScanReport report) {
    return prepare(INSERT).thenCompose(ps -> session.executeAsync(ps.bind(day(report), report.at(), report.scanId(),
        report.regime(), toJson(report), (int) retention.getSeconds()))).thenApply(rs -> null);
  }

  @Override
  public CompletionStage<List<ScanReport>> recent(int limit) {
    if (limit < 1) return CompletableFuture.completedFuture(List.of());
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate oldest = clock.instant().minus(retention).atZone(ZoneOffset.UTC).toLocalDate();
    return prepare(SELECT).thenCompose(ps -> fill(ps, today, oldest, limit, new ArrayList<>()));
  }

  private CompletionStage<List<ScanReport>> fill(PreparedStatement ps, LocalDate day, LocalDate oldest, int limit,
      List<ScanReport> into) {
    if (into.size() >= limit || day.isBefore(oldest)) return CompletableFuture.completedFuture(List.copyOf(into));
    return session.executeAsync(ps.bind(day, limit - into.size())).thenCompose(rs -> {
      for (Row r : rs.currentPage()) into.add(fromJson(r.getString("report")));
      return fill(ps, day.minusDays(1), oldest, limit, into);
    });
  }

  private static LocalDate day(ScanReport r) {
    return r.at().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static String toJson(ScanReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ScanReport fromJson(String json) {
    try {
      return JSON.readValue(json, ScanReport.class);
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
