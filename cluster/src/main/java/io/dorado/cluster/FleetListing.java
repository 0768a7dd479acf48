package io.dorado.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A fleet-wide listing (orders, fills), newest first, paged: the read side keeps these rows per bot (one partition
 * each, newest first), so a page merges the bots' own listings, taking each bot's rows in its own order. The cursor
 * says, for every bot with rows still to list, where its listing stands ({@code ""}: none of its rows listed yet);
 * a bot absent from it has nothing more. So every row is listed once, none skipped, however the bots' rows
 * interleave; a row written while a client pages lands on a later page or not at all, as in any listing by cursor.
 *
 * @param kind names the listing in its cursors, so one listing's cursor is refused by another
 * @param reader up to {@code n} of a bot's rows after a position ({@code ""}: from its newest), in the bot's order
 * @param advance the position after a row, given the position before it
 * @param newestFirst the fleet-wide order (each bot's own order must agree with it for the result to be sorted)
 */
record FleetListing<T>(String kind, Reader<T> reader, BiFunction<String, T, String> advance, Comparator<T> newestFirst) {

  interface Reader<T> {
    CompletionStage<List<T>> read(String botId, String after, int n);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CURSOR_BYTES = 1 << 20;

  /** One page; {@code bots} are the fleet's bots now (the first page lists them all, later ones the cursor's). */
  CompletionStage<Page<T>> page(List<String> bots, PageRequest request) {
    Map<String, String> positions;
    if (request.cursor().isPresent()) {
      try {
        positions = decode(request.cursor().get());
      } catch (IllegalArgumentException e) {
        return CompletableFuture.failedFuture(e);
      }
    } else {
      positions = new LinkedHashMap<>();
      for (String bot : bots) positions.put(bot, "");
    }
    int limit = request.limit();
    List<String> ids = List.copyOf(positions.keySet());
    // One more than a page from each bot: a bot whose rows are not all listed always has one left over.
    List<CompletableFuture<List<T>>> reads = ids.stream()
        .map(id -> reader.read(id, positions.get(id), limit + 1).toCompletableFuture()).toList();
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      record Head(int bot, int index) {}
      List<List<T>> rows = reads.stream().map(CompletableFuture::join).toList();
      Comparator<Head> order = Comparator.<Head, T>comparing(h -> rows.get(h.bot()).get(h.index()), newestFirst)
          .thenComparing(h -> ids.get(h.bot()));
      PriorityQueue<Head> heads = new PriorityQueue<>(order);
      for (int b = 0; b < ids.size(); b++) if (!rows.get(b).isEmpty()) heads.add(new Head(b, 0));
      List<T> items = new ArrayList<>(limit);
      int[] taken = new int[ids.size()];
      while (items.size() < limit && !heads.isEmpty()) {
        Head h = heads.poll();
        T row = rows.get(h.bot()).get(h.index());
        items.add(row);
        String id = ids.get(h.bot());
        positions.put(id, advance.apply(positions.get(id), row));
        taken[h.bot()]++;
        if (h.index() + 1 < rows.get(h.bot()).size()) heads.add(new Head(h.bot(), h.index() + 1));
      }
      Map<String, String> next = new LinkedHashMap<>();
      for (int b = 0; b < ids.size(); b++) {
        if (taken[b] < rows.get(b).size()) next.put(ids.get(b), positions.get(ids.get(b)));
      }
      return new Page<>(items, next.isEmpty() ? Optional.empty() : Optional.of(encode(next)));
    });
  }

  record Cursor(String kind, Map<String, String> positions) {}

  /** Deflated JSON in URL-safe Base64: bot ids repeat their prefixes, so a cursor of many bots stays short. */
  String encode(Map<String, String> positions) {
    try {
      byte[] json = JSON.writeValueAsBytes(new Cursor(kind, positions));
      Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[1024];
      while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
      deflater.end();
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The positions of a cursor this listing gave; anything else is an {@link IllegalArgumentException}. */
  Map<String, String> decode(String cursor) {
    try {
      Inflater inflater = new Inflater();
      inflater.setInput(Base64.getUrlDecoder().decode(cursor));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw new DataFormatException("truncated");
        out.write(buffer, 0, n);
        if (out.size() > MAX_CURSOR_BYTES) throw new DataFormatException("too long");
      }
      inflater.end();
      Cursor c = JSON.readValue(new String(out.toByteArray(), StandardCharsets.UTF_8), new TypeReference<Cursor>() {});
      if (!kind.equals(c.kind()) || c.positions() == null || c.positions().containsValue(null)) {
        throw new IllegalArgumentException("not a cursor of the fleet's " + kind);
      }
      return new LinkedHashMap<>(c.positions());
    } catch (IllegalArgumentException | DataFormatException | java.io.IOException e) {
      throw new IllegalArgumentException("cursor: not a cursor of the fleet's " + kind, e);
    }
  }
}
