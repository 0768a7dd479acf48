package io.dorado.persistence.readside;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/** Prepared statements (prepared once per session), async execution, and paging with opaque cursors. */
final class Cql {

  private final CqlSession session;
  private final ConcurrentHashMap<String, CompletionStage<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  Cql(CqlSession session) {
    this.session = session;
  }

  /** Binds the values in order; a null is left unset, so an upsert writes no tombstone and keeps what is there. */
  CompletionStage<BoundStatement> bind(String cql, Object... values) {
    return prepared.computeIfAbsent(cql, q -> session.prepareAsync(q).toCompletableFuture().whenComplete((ps, e) -> {
      if (e != null) prepared.remove(q); // Cassandra was away: prepare again next time
    })).thenApply(ps -> {
      BoundStatement bound = ps.bind(values);
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) bound = bound.unset(i);
      }
      return bound;
    });
  }

  /** The upserts as one unlogged batch (no batch log: each is idempotent, and a failed batch is retried whole). */
  CompletionStage<Void> batch(List<ReadSideTables.Upsert> upserts) {
    if (upserts.size() == 1) return write(upserts.get(0).cql(), upserts.get(0).values());
    List<CompletableFuture<BoundStatement>> bound = upserts.stream()
        .map(u -> bind(u.cql(), u.values()).toCompletableFuture()).toList();
    return CompletableFuture.allOf(bound.toArray(CompletableFuture[]::new)).thenCompose(all -> {
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      bound.forEach(b -> batch.addStatement(b.join()));
      return session.executeAsync(batch.build());
    }).thenApply(rs -> null);
  }

  CompletionStage<AsyncResultSet> execute(String cql, Object... values) {
    return bind(cql, values).thenCompose(session::executeAsync);
  }

  CompletionStage<Void> write(String cql, Object... values) {
    return execute(cql, values).thenApply(rs -> null);
  }

  <T> CompletionStage<List<T>> one(String cql, Function<Row, T> mapper, Object... values) {
    return execute(cql, values).thenApply(rs -> {
      Row row = rs.one();
      return row == null ? List.<T>of() : List.of(mapper.apply(row));
    });
  }

  /** Every row of a query, following the driver's pages. */
  <T> CompletionStage<List<T>> all(String cql, Function<Row, T> mapper, Object... values) {
    return execute(cql, values).thenCompose(rs -> collect(rs, mapper, new ArrayList<>()));
  }

  private static <T> CompletionStage<List<T>> collect(AsyncResultSet rs, Function<Row, T> mapper, List<T> into) {
    rs.currentPage().forEach(r -> into.add(mapper.apply(r)));
    return rs.hasMorePages() ? rs.fetchNextPage().thenCompose(next -> collect(next, mapper, into))
        : CompletableFuture.completedFuture(into);
  }

  /**
   * One page of at most {@code pageSize} rows, resuming at {@code pagingState} (null: from the start).
   * The driver refuses a paging state taken from another query (another statement or other values).
   */
  CompletionStage<Paged<Row>> page(String cql, int pageSize, PagingState pagingState, Object... values) {
    return bind(cql, values).thenCompose(bound -> {
      BoundStatement stmt = bound.setPageSize(pageSize);
      if (pagingState != null) stmt = stmt.setPagingState(pagingState, session); // throws on a foreign cursor
      return session.executeAsync(stmt);
    }).thenApply(rs -> {
      List<Row> rows = new ArrayList<>(rs.remaining());
      rs.currentPage().forEach(rows::add);
      return new Paged<>(rows, rs.hasMorePages() ? rs.getExecutionInfo().getSafePagingState() : null);
    });
  }

  <T> CompletionStage<Page<T>> page(String cql, Function<Row, T> mapper, int pageSize, String cursor, Object... values) {
    Page.checkSize(pageSize);
    return page(cql, pageSize, Cursors.pagingState(cursor), values)
        .thenApply(p -> new Page<>(p.rows().stream().map(mapper).toList(), Cursors.of(p.next())));
  }

  /** Runs a query method so that bad arguments (a page size, a cursor) fail the stage instead of throwing. */
  static <T> CompletionStage<T> async(Supplier<CompletionStage<T>> query) {
    try {
      return query.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Rows of one page and where the next starts (null: the query is done). */
  record Paged<T>(List<T> rows, PagingState next) {}

  /** Opaque cursors: the paging state's bytes, optionally after a bucket number, in URL-safe Base64. */
  static final class Cursors {
    private Cursors() {}

    static String of(PagingState state) {
      return state == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(state.toBytes());
    }

    static PagingState pagingState(String cursor) {
      if (cursor == null || cursor.isEmpty()) return null;
      try {
        return PagingState.fromBytes(Base64.getUrlDecoder().decode(cursor));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a cursor of this query: " + cursor, e);
      }
    }

    static String of(long bucket, PagingState state) {
      return bucket + "." + (state == null ? "" : of(state));
    }

    static long bucket(String cursor) {
      try {
        return Long.parseLong(cursor.substring(0, cursor.indexOf('.')));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a cursor of this query: " + cursor, e);
      }
    }

    static PagingState bucketPagingState(String cursor) {
      return pagingState(cursor.substring(cursor.indexOf('.') + 1));
    }
  }
}
