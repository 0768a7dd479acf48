package io.dorado.actors.orderpath.venue.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Universe symbols to IBKR contract ids (conids), looked up once. A symbol configured as digits is its conid; one
 * configured as a ticker is searched with {@code GET /iserver/secdef/search?symbol=<ticker>&secType=STK} (Web API
 * reference "Search Contract by Symbol": {@code [{"conid":"265598","symbol":"AAPL","description":"NASDAQ",
 * "sections":[{"secType":"STK"},...]},...]}), taking the first result with an STK section, and the answer is cached
 * for the adapter's life (a conid never changes; the search costs a request of the 10 per second). A failed search
 * is not cached.
 */
final class IbkrContracts {
  private final IbkrRest rest;
  private final Map<String, String> symbols;
  private final Map<String, CompletableFuture<Long>> conids = new ConcurrentHashMap<>();
  private final Map<Long, String> universe = new ConcurrentHashMap<>();

  IbkrContracts(IbkrRest rest, Map<String, String> symbols) {
    this.rest = rest;
    this.symbols = symbols;
    symbols.forEach((symbol, spec) -> {
      if (spec.matches("\\d+")) {
        long conid = Long.parseLong(spec);
        conids.put(symbol, CompletableFuture.completedFuture(conid));
        universe.put(conid, symbol);
      }
    });
  }

  boolean trades(String symbol) {
    return symbols.containsKey(symbol);
  }

  /** The conid of a universe symbol this account trades. */
  CompletionStage<Long> conid(String symbol) {
    String spec = symbols.get(symbol);
    if (spec == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(symbol + " has no IBKR contract in the universe"));
    }
    return search(symbol, symbol, spec);
  }

  /** The stock conid of an option's root: the universe's, or searched by ticker (cached the same way). */
  CompletionStage<Long> underlying(String root) {
    return symbols.containsKey(root) ? conid(root) : search("ticker:" + root, root, root);
  }

  /** The search's {@code sections} of a ticker (OPT carries the option months), searched again: not cached. */
  CompletionStage<JsonNode> sections(String ticker) {
    return rest.get("/iserver/secdef/search?symbol=" + URLEncoder.encode(ticker, StandardCharsets.UTF_8) + "&secType=STK")
        .thenApply(answer -> {
          for (JsonNode r : answer.body()) {
            if (ticker.equals(r.path("symbol").asText())) return r.path("sections");
          }
          return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        });
  }

  /** Remembers that {@code conid} is {@code symbol} (an option leg's OCC symbol), for its executions. */
  void name(long conid, String symbol) {
    universe.put(conid, symbol);
  }

  private CompletionStage<Long> search(String key, String symbol, String spec) {
    CompletableFuture<Long> known = conids.get(key);
    if (known != null && !known.isCompletedExceptionally()) return known;
    CompletableFuture<Long> lookup = new CompletableFuture<>();
    CompletableFuture<Long> raced = conids.compute(key,
        (k, v) -> v == null || v.isCompletedExceptionally() ? lookup : v);
    if (raced != lookup) return raced;
    rest.get("/iserver/secdef/search?symbol=" + URLEncoder.encode(spec, StandardCharsets.UTF_8) + "&secType=STK")
        .thenApply(answer -> {
          for (JsonNode r : answer.body()) {
            boolean stock = false;
            for (JsonNode s : r.path("sections")) stock |= "STK".equals(s.path("secType").asText());
            if (stock && r.path("conid").asText("").matches("\\d+")) return Long.parseLong(r.path("conid").asText());
          }
          throw new IllegalArgumentException("IBKR has no stock " + spec + " for " + symbol + ": " + answer.body());
        })
        .whenComplete((conid, error) -> {
          if (error != null) {
            conids.remove(key, lookup);
            lookup.completeExceptionally(IbkrRest.unwrap(error));
          } else {
            universe.put(conid, symbol);
            lookup.complete(conid);
          }
        });
    return lookup;
  }

  /** The universe symbol of a conid this adapter has resolved; null for another contract. */
  String symbolOf(long conid) {
    return universe.get(conid);
  }

  /** Resolves every configured symbol (so a conid seen on the stream maps back to its symbol). */
  CompletionStage<Void> resolveAll() {
    return CompletableFuture.allOf(symbols.keySet().stream()
        .map(s -> conid(s).toCompletableFuture().exceptionally(e -> null))
        .toArray(CompletableFuture[]::new));
  }
}
