package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideTables.FILL_QUALITY_COLUMNS;
import static io.dorado.persistence.readside.ReadSideTables.KS;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Fill quality by venue and order type ({@link FillQuality}), aggregated from one row per order. */
public final class FillQualityQueries {

  private final Cql cql;

  private FillQualityQueries(Cql cql) {
    this.cql = cql;
  }

  public static FillQualityQueries create(CqlSession session) {
    return new FillQualityQueries(new Cql(session));
  }

  static FillQualityQueries of(ReadSideTables tables) {
    return new FillQualityQueries(tables.cql);
  }

  /**
   * Every order measured on {@code venue} (one partition), or on every venue when empty (the whole table: one row per
   * order ever sent, small next to the journals); {@code botId} keeps one bot's.
   */
  public CompletionStage<List<FillQuality.Measured>> orders(Optional<String> venue, Optional<String> botId) {
    String select = "SELECT " + FILL_QUALITY_COLUMNS + " FROM " + KS + ".fill_quality_by_venue";
    CompletionStage<List<FillQuality.Measured>> rows = venue.isPresent()
        ? Cql.async(() -> cql.all(select + " WHERE venue = ?", ReadSideTables::measured, venue.get()))
        : Cql.async(() -> cql.all(select, ReadSideTables::measured));
    return rows.thenApply(all -> all.stream().filter(m -> botId.isEmpty() || botId.get().equals(m.botId())).toList());
  }

  public CompletionStage<List<FillQuality.Group>> summary(Optional<String> venue, Optional<String> botId) {
    return orders(venue, botId).thenApply(FillQuality::summarize);
  }
}
