package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideTables.AUDIT_BUCKET;
import static io.dorado.persistence.readside.ReadSideTables.AUDIT_COLUMNS;
import static io.dorado.persistence.readside.ReadSideTables.KS;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PagingState;
import io.dorado.persistence.readside.Cql.Cursors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The audit log, newest first: every event of a bot (with the phase it left and entered and why), and
 * every decision of a risk guardian. A page may span several partitions (buckets of sequence
 * numbers); its cursor names the bucket and the paging state within it.
 */
public final class AuditQueries {

  private static final String SELECT = "SELECT " + AUDIT_COLUMNS + " FROM " + KS + ".audit_log "
      + "WHERE kind = ? AND entity_id = ? AND bucket = ?";

  private final ReadSideTables tables;

  private AuditQueries(ReadSideTables tables) {
    this.tables = tables;
  }

  public static AuditQueries create(CqlSession session) {
    return new AuditQueries(new ReadSideTables(session));
  }

  static AuditQueries of(ReadSideTables tables) {
    return new AuditQueries(tables);
  }

  public CompletionStage<Page<AuditEntry>> forBot(String botId, int pageSize, String cursor) {
    return Cql.async(() -> page(AuditEntry.BOT, botId, tables.botHead(botId), pageSize, cursor));
  }

  public CompletionStage<Page<AuditEntry>> forGuardian(String guardianId, int pageSize, String cursor) {
    return Cql.async(() -> page(AuditEntry.GUARDIAN, guardianId,
        tables.guardianProgress(guardianId).thenApply(p -> p.map(ReadSideTables.GuardianProgress::seqNr)),
        pageSize, cursor));
  }

  private CompletionStage<Page<AuditEntry>> page(
      String kind, String entityId, CompletionStage<Optional<Long>> head, int pageSize, String cursor) {
    Page.checkSize(pageSize);
    if (cursor != null && !cursor.isEmpty()) {
      return fill(kind, entityId, Cursors.bucket(cursor), Cursors.bucketPagingState(cursor), pageSize, new ArrayList<>());
    }
    return head.thenCompose(h -> h.isEmpty() ? CompletableFuture.completedFuture(Page.<AuditEntry>empty())
        : fill(kind, entityId, h.get() / AUDIT_BUCKET, null, pageSize, new ArrayList<>()));
  }

  /** Takes rows from this bucket, then older ones, until the page is full or bucket 0 is done. */
  private CompletionStage<Page<AuditEntry>> fill(
      String kind, String entityId, long bucket, PagingState state, int pageSize, List<AuditEntry> into) {
    if (bucket < 0) return CompletableFuture.completedFuture(new Page<>(into, null));
    int wanted = pageSize - into.size();
    return tables.cql.page(SELECT, wanted, state, kind, entityId, bucket).thenCompose(p -> {
      p.rows().forEach(r -> into.add(ReadSideTables.audit(r)));
      if (p.next() != null && into.size() == pageSize) {
        return CompletableFuture.completedFuture(new Page<>(into, Cursors.of(bucket, p.next())));
      }
      if (p.next() != null) return fill(kind, entityId, bucket, p.next(), pageSize, into);
      if (into.size() == pageSize) {
        return CompletableFuture.completedFuture(new Page<>(into, bucket == 0 ? null : Cursors.of(bucket - 1, null)));
      }
      return fill(kind, entityId, bucket - 1, null, pageSize, into);
    });
  }
}
