package io.dorado.persistence.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dorado.persistence.readside.ClosedTrade.Direction;
import io.dorado.persistence.readside.OrderView.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query results go out as JSON (HTTP) unchanged: snake_case names, exact decimals, ISO times. */
class ReadSideJsonTest {

  private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
  private static final Instant AT = Instant.parse("2026-03-02T14:30:05.123Z");

  private static <T> T roundTrip(T value, TypeReference<T> type) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(value), type);
  }

  @Test
  void every_result_row_survives_json_with_snake_case_names_and_exact_decimals() throws Exception {
    var order = new OrderView("b1-3", "b1", 3, "paper", "AAPL", "BUY", "LIMIT", new BigDecimal("10"),
        new BigDecimal("100.10"), null, false, Status.PARTIALLY_FILLED, new BigDecimal("4"), new BigDecimal("400.40"),
        new BigDecimal("100.10"), "v-1", null, AT, AT.plusSeconds(1), "equity_momentum", "telegram @alice");
    var page = new Page<>(List.of(order), "AbC_-1");
    assertEquals(page, roundTrip(page, new TypeReference<Page<OrderView>>() {}));
    String json = JSON.writeValueAsString(page);
    assertTrue(json.contains("\"client_order_id\":\"b1-3\"") && json.contains("\"next_cursor\":\"AbC_-1\"")
        && json.contains("\"limit_price\":100.10") && json.contains("\"created_at\":\"2026-03-02T14:30:05.123Z\"")
        && json.contains("\"template\":\"equity_momentum\"") && json.contains("\"approved_by\":\"telegram @alice\""), json);

    var fill = new FillView("b1", "f1", "b1-3", "AAPL", "BUY", new BigDecimal("4"), new BigDecimal("100.10"),
        new BigDecimal("0.25"), AT, 12);
    assertEquals(fill, roundTrip(fill, new TypeReference<FillView>() {}));
    var trade = new ClosedTrade("b1", "b1@7", "AAPL", Direction.LONG, BigDecimal.TEN, new BigDecimal("100.3"),
        new BigDecimal("105"), new BigDecimal("44.00"), new BigDecimal("3"), 3, AT, AT.plusSeconds(60));
    assertEquals(trade, roundTrip(trade, new TypeReference<ClosedTrade>() {}));
    var audit = new AuditEntry(AuditEntry.BOT, "b1", 7, AT, "RiskRejected", "RISK_CHECK", "REJECTED", "MAX_NOTIONAL", "x");
    assertEquals(audit, roundTrip(audit, new TypeReference<AuditEntry>() {}));
    var profit = PnlSummary.of("b1", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31"), List.of(trade));
    assertEquals(profit, roundTrip(profit, new TypeReference<PnlSummary>() {}));
    var daily = DailyPnl.of(LocalDate.parse("2026-03-02"), List.of(trade));
    assertEquals(daily, roundTrip(daily, new TypeReference<DailyPnl>() {}));
    assertTrue(JSON.writeValueAsString(daily).contains("\"day\":\"2026-03-02\""));
  }
}
