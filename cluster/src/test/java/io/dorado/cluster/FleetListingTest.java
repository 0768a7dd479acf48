package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The fleet-wide listing pages across bots: every row once, newest first, whatever the page size, with a cursor to
 * the next page while rows remain and none after the last; rows at the same time keep a stable order across pages;
 * a cursor of another listing, or none at all, is refused.
 */
class FleetListingTest {

  /** A row of a bot's listing: the bot, its time, and its number in the bot's own order (newest first). */
  record Row(String bot, long at, int n) {}

  /** Each bot's rows, newest first, as the read side's per-bot partitions give them; positions are row numbers. */
  private static FleetListing<Row> listing(Map<String, List<Row>> byBot, List<String> reads) {
    return new FleetListing<>("rows",
        (bot, after, n) -> {
          reads.add(bot);
          List<Row> rows = byBot.getOrDefault(bot, List.of());
          int from = after.isEmpty() ? 0 : Integer.parseInt(after) + 1;
          return CompletableFuture.completedFuture(rows.subList(Math.min(from, rows.size()), Math.min(from + n, rows.size())));
        },
        (before, row) -> Integer.toString(row.n()),
        Comparator.comparingLong(Row::at).reversed().thenComparing(Row::bot).thenComparingInt(Row::n));
  }

  /** 356 rows over five bots (one with none), times interleaved and often equal. */
  private static Map<String, List<Row>> fleet() {
    Map<String, List<Row>> byBot = new TreeMap<>();
    int[] counts = {200, 97, 58, 1, 0};
    for (int b = 0; b < counts.length; b++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < counts[b]; i++) rows.add(new Row("bot-" + b, 10_000 - (long) i * (b + 1) / 2, i));
      byBot.put("bot-" + b, rows);
    }
    return byBot;
  }

  private static List<Row> all(Map<String, List<Row>> byBot) {
    List<Row> all = new ArrayList<>();
    byBot.values().forEach(all::addAll);
    all.sort(Comparator.comparingLong(Row::at).reversed().thenComparing(Row::bot).thenComparingInt(Row::n));
    return all;
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void more_rows_than_a_page_are_listed_page_by_page_each_once_newest_first() {
    Map<String, List<Row>> byBot = fleet();
    List<String> bots = List.copyOf(byBot.keySet());
    for (int limit : new int[] {1, 7, 50, 200, 355, 356, 500}) {
      FleetListing<Row> listing = listing(byBot, new ArrayList<>());
      List<Row> seen = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      int pages = 0;
      do {
        Page<Row> page = join(listing.page(bots, new PageRequest(limit, cursor)));
        assertTrue(page.items().size() <= limit);
        if (page.nextCursor().isPresent()) assertEquals(limit, page.items().size(), "only the last page is short");
        seen.addAll(page.items());
        cursor = page.nextCursor();
        assertTrue(++pages <= 400, "the cursor never ends");
      } while (cursor.isPresent());
      assertEquals(all(byBot), seen, "page size " + limit);
      assertEquals((356 + limit - 1) / limit, pages, "page size " + limit);
    }
  }

  @Test
  void the_first_page_of_a_large_fleet_says_there_is_more_and_the_last_says_there_is_not() {
    FleetListing<Row> listing = listing(fleet(), new ArrayList<>());
    List<String> bots = List.copyOf(fleet().keySet());
    Page<Row> first = join(listing.page(bots, PageRequest.first(200)));
    assertEquals(200, first.items().size());
    assertTrue(first.nextCursor().isPresent(), "200 of 356 rows: a next cursor");
    Page<Row> second = join(listing.page(bots, new PageRequest(200, first.nextCursor())));
    assertEquals(156, second.items().size());
    assertEquals(Optional.empty(), second.nextCursor());
  }

  @Test
  void later_pages_read_only_the_bots_with_rows_left() {
    List<String> reads = new ArrayList<>();
    Map<String, List<Row>> byBot = fleet();
    FleetListing<Row> listing = listing(byBot, reads);
    Page<Row> first = join(listing.page(List.copyOf(byBot.keySet()), PageRequest.first(300)));
    reads.clear();
    join(listing.page(List.of(), new PageRequest(300, first.nextCursor())));
    assertTrue(!reads.contains("bot-3") && !reads.contains("bot-4"), "exhausted bots are not read again: " + reads);
  }

  @Test
  void a_cursor_of_another_listing_or_no_cursor_at_all_is_refused_as_a_bad_argument() {
    Map<String, List<Row>> byBot = fleet();
    FleetListing<Row> rows = listing(byBot, new ArrayList<>());
    String cursor = join(rows.page(List.copyOf(byBot.keySet()), PageRequest.first(10))).nextCursor().orElseThrow();
    var other = new FleetListing<Row>("other", (b, a, n) -> CompletableFuture.completedFuture(List.of()),
        (b, r) -> "", Comparator.comparingLong(Row::at));
    for (String bad : List.of(cursor, "abc", "not-a-cursor!", cursor.substring(0, cursor.length() / 2))) {
      FleetListing<Row> l = bad.equals(cursor) ? other : rows;
      var e = assertThrows(CompletionException.class, () -> join(l.page(List.of(), new PageRequest(10, Optional.of(bad)))));
      assertTrue(e.getCause() instanceof IllegalArgumentException, bad + ": " + e.getCause());
    }
  }
}
