package io.dorado.fleet.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backtest found, for the fleet and per bot. Only replayed facts are in it (bar times, prices, quantities,
 * P&amp;L), never a wall-clock time or a random id, so the same configuration, bars and seed give the same bytes.
 *
 * @param denials the guardian's refusals of entries, by reason
 * @param skipped bots the backtest did not run, with why
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BacktestReport(String config, Instant from, Instant to, long seed, String strategy, int bars,
    int signals, Map<String, Integer> denials, Performance fleet, Map<String, BotResult> bots,
    Map<String, String> skipped, List<EquityPoint> equity) {

  /** A bot's figures and its closed trades. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record BotResult(String symbol, Performance performance, List<Trade> trades) {}

  /** A closed trade; {@code reason}: how the bot's last outcome described its end. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Trade(Instant openedAt, Instant closedAt, BigDecimal quantity, BigDecimal entryPrice, BigDecimal pnl,
      String reason) {}

  /** The fleet's equity (the guardian's) and each bot's, at a bar's close. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record EquityPoint(Instant at, BigDecimal fleet, Map<String, BigDecimal> bots) {}

  public int totalTrades() {
    return bots.values().stream().mapToInt(b -> b.trades().size()).sum();
  }

  public int totalDenials() {
    return denials.values().stream().mapToInt(Integer::intValue).sum();
  }

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report could not be written as JSON", e);
    }
  }
}
