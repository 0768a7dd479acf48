package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideTables.FILL_COLUMNS;
import static io.dorado.persistence.readside.ReadSideTables.KS;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** Fills by bot and time, newest first. */
public final class FillQueries {

  /** Open ends of a time range. */
  static final Instant BEGINNING = Instant.EPOCH;
  static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

  private final Cql cql;

  private FillQueries(Cql cql) {
    this.cql = cql;
  }

  public static FillQueries create(CqlSession session) {
    return new FillQueries(new Cql(session));
  }

  static FillQueries of(ReadSideTables tables) {
    return new FillQueries(tables.cql);
  }

  /**
   * A bot's fills with {@code from <= filledAt < to} (either may be null: open), newest first. A cursor
   * only continues the query it came from, with the same bounds.
   */
  public CompletionStage<Page<FillView>> byBot(String botId, Instant from, Instant to, int pageSize, String cursor) {
    return Cql.async(() -> cql.page("SELECT " + FILL_COLUMNS + " FROM " + KS + ".fills_by_bot "
            + "WHERE bot_id = ? AND filled_at >= ? AND filled_at < ?",
        ReadSideTables::fill, pageSize, cursor, botId, from == null ? BEGINNING : from, to == null ? END : to));
  }

  public CompletionStage<Page<FillView>> byBot(String botId, int pageSize, String cursor) {
    return byBot(botId, null, null, pageSize, cursor);
  }
}
