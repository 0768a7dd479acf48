package io.dorado.persistence.readside;

import com.datastax.oss.driver.api.core.CqlSession;

/** The query services on one session (their prepared statements shared). Thread-safe. */
public record ReadSideQueries(OrderQueries orders, FillQueries fills, TradeQueries trades, AuditQueries audit,
    FillQualityQueries fillQuality) {

  public static ReadSideQueries create(CqlSession session) {
    ReadSideTables tables = new ReadSideTables(session);
    return new ReadSideQueries(OrderQueries.of(tables), FillQueries.of(tables), TradeQueries.of(tables),
        AuditQueries.of(tables), FillQualityQueries.of(tables));
  }
}
