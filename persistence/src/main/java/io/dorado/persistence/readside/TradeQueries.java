package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideTables.KS;
import static io.dorado.persistence.readside.ReadSideTables.TRADE_COLUMNS;

import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Closed trades with realized P&amp;L, and the sums Telegram's /profit and /daily show. Days are UTC
 * days of the closing fill; a day range includes both ends and spans at most {@link #MAX_DAYS}.
 */
public final class TradeQueries {

  public static final int MAX_DAYS = 366;

  private final Cql cql;

  private TradeQueries(Cql cql) {
    this.cql = cql;
  }

  public static TradeQueries create(CqlSession session) {
    return new TradeQueries(new Cql(session));
  }

  static TradeQueries of(ReadSideTables tables) {
    return new TradeQueries(tables.cql);
  }

  /** A bot's closed trades with {@code from <= closedAt < to} (null: open), newest first. */
  public CompletionStage<Page<ClosedTrade>> byBot(String botId, Instant from, Instant to, int pageSize, String cursor) {
    return Cql.async(() -> cql.page("SELECT " + TRADE_COLUMNS + " FROM " + KS + ".trades_by_bot "
            + "WHERE bot_id = ? AND closed_at >= ? AND closed_at < ?", ReadSideTables::trade, pageSize, cursor, botId,
        from == null ? FillQueries.BEGINNING : from, to == null ? FillQueries.END : to));
  }

  public CompletionStage<Page<ClosedTrade>> byBot(String botId, int pageSize, String cursor) {
    return byBot(botId, null, null, pageSize, cursor);
  }

  /** Every trade of the fleet closed on a UTC day, in the order they closed. */
  public CompletionStage<Page<ClosedTrade>> byDay(LocalDate day, int pageSize, String cursor) {
    return Cql.async(() -> cql.page("SELECT " + TRADE_COLUMNS + " FROM " + KS + ".trades_by_day WHERE day = ?",
        ReadSideTables::trade, pageSize, cursor, day));
  }

  /** /profit for one bot: its trades closed from {@code from} to {@code to} (UTC days, both included). */
  public CompletionStage<PnlSummary> profit(String botId, LocalDate from, LocalDate to) {
    return Cql.async(() -> tradesOfBot(botId, from, to).thenApply(t -> PnlSummary.of(botId, from, to, t)));
  }

  /** /profit for the fleet. */
  public CompletionStage<PnlSummary> profit(LocalDate from, LocalDate to) {
    return Cql.async(() -> tradesOfFleet(from, to).thenApply(t -> PnlSummary.of(null, from, to, t)));
  }

  /** /daily for one bot: one line per day from {@code to} back to {@code from}, days without trades included. */
  public CompletionStage<List<DailyPnl>> daily(String botId, LocalDate from, LocalDate to) {
    return Cql.async(() -> tradesOfBot(botId, from, to).thenApply(t -> byDay(from, to, t)));
  }

  /** /daily for the fleet. */
  public CompletionStage<List<DailyPnl>> daily(LocalDate from, LocalDate to) {
    return Cql.async(() -> tradesOfFleet(from, to).thenApply(t -> byDay(from, to, t)));
  }

  private CompletionStage<List<ClosedTrade>> tradesOfBot(String botId, LocalDate from, LocalDate to) {
    checkRange(from, to);
    return cql.all("SELECT " + TRADE_COLUMNS + " FROM " + KS + ".trades_by_bot "
            + "WHERE bot_id = ? AND closed_at >= ? AND closed_at < ?", ReadSideTables::trade, botId,
        from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private CompletionStage<List<ClosedTrade>> tradesOfFleet(LocalDate from, LocalDate to) {
    checkRange(from, to);
    List<CompletableFuture<List<ClosedTrade>>> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(cql.all("SELECT " + TRADE_COLUMNS + " FROM " + KS + ".trades_by_day WHERE day = ?",
          ReadSideTables::trade, d).toCompletableFuture());
    }
    return CompletableFuture.allOf(days.toArray(CompletableFuture[]::new))
        .thenApply(x -> days.stream().flatMap(f -> f.join().stream()).toList());
  }

  private static List<DailyPnl> byDay(LocalDate from, LocalDate to, List<ClosedTrade> trades) {
    Map<LocalDate, List<ClosedTrade>> grouped = trades.stream()
        .collect(Collectors.groupingBy(ClosedTrade::day, TreeMap::new, Collectors.toList()));
    List<DailyPnl> days = new ArrayList<>();
    for (LocalDate d = to; !d.isBefore(from); d = d.minusDays(1)) {
      days.add(DailyPnl.of(d, grouped.getOrDefault(d, List.of())));
    }
    return days;
  }

  private static void checkRange(LocalDate from, LocalDate to) {
    if (from == null || to == null || to.isBefore(from)) {
      throw new IllegalArgumentException("a day range needs from <= to, was " + from + ".." + to);
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new IllegalArgumentException("a day range spans at most " + MAX_DAYS + " days, was " + from + ".." + to);
    }
  }
}
