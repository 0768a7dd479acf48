package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideTables.KS;
import static io.dorado.persistence.readside.ReadSideTables.ORDER_COLUMNS;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.protocol.order.ClientOrderId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Orders as the bots' events tell them: by bot (newest first) and by client order id. */
public final class OrderQueries {

  private final Cql cql;

  private OrderQueries(Cql cql) {
    this.cql = cql;
  }

  public static OrderQueries create(CqlSession session) {
    return new OrderQueries(new Cql(session));
  }

  static OrderQueries of(ReadSideTables tables) {
    return new OrderQueries(tables.cql);
  }

  /** A bot's orders, newest (highest sequence) first; {@code cursor} null for the first page. */
  public CompletionStage<Page<OrderView>> byBot(String botId, int pageSize, String cursor) {
    return Cql.async(() -> cql.page("SELECT " + ORDER_COLUMNS + " FROM " + KS + ".orders_by_bot WHERE bot_id = ?",
        ReadSideTables::order, pageSize, cursor, botId));
  }

  /**
   * A bot's orders older than sequence {@code before}, newest first, at most {@code limit}: how a listing that
   * merges bots continues one bot where it stopped (Cassandra's paging states only continue whole pages).
   */
  public CompletionStage<java.util.List<OrderView>> before(String botId, long before, int limit) {
    return Cql.async(() -> cql.page("SELECT " + ORDER_COLUMNS + " FROM " + KS + ".orders_by_bot WHERE bot_id = ? "
        + "AND order_seq < ?", ReadSideTables::order, limit, null, botId, before).thenApply(Page::items));
  }

  /** One order; empty when the id is unknown or not a client order id at all (never a failure for that). */
  public CompletionStage<Optional<OrderView>> byClientOrderId(String clientOrderId) {
    ClientOrderId id;
    try {
      id = ClientOrderId.parse(clientOrderId);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return cql.one("SELECT " + ORDER_COLUMNS + " FROM " + KS + ".orders_by_bot WHERE bot_id = ? AND order_seq = ?",
        ReadSideTables::order, id.botId(), id.sequence()).thenApply(l -> l.stream().findFirst());
  }
}
