package io.dorado.actors.orderpath.venue.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.order.OptionSymbol;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Market data snapshots and option chains through the gateway (Web API reference, "Market Data Snapshot" and
 * "Options": search → strikes → info):
 *
 * <ul>
 *   <li>{@code GET /iserver/marketdata/snapshot?conids=<conid>&fields=31,84,86} → {@code [{"conid":...,"31":last,
 *       "84":bid,"86":ask,"_updated":...}]}. The first request for a conid only starts IBKR's subscription and may come
 *       back without the fields, so it is asked again (up to {@link #SNAPSHOT_TRIES} times, 250 ms apart).
 *   <li>Expirations: the {@code OPT} section of the underlying's {@code /iserver/secdef/search}, {@code months}
 *       ("JAN27;FEB27").
 *   <li>Strikes: {@code GET /iserver/secdef/strikes?conid=<underlying>&sectype=OPT&month=JAN27} →
 *       {@code {"call":[...],"put":[...]}}.
 *   <li>Contract details: {@code GET /iserver/secdef/info?conid=<underlying>&sectype=OPT&month=JAN27&strike=190&right=C}
 *       → {@code [{conid, symbol, secType, right, strike, maturityDate yyyyMMdd, multiplier, tradingClass, ...}]}; the
 *       one whose maturityDate is the OCC symbol's expiry is its conid, cached per OCC symbol.
 * </ul>
 */
public final class IbkrOptions {
  static final int SNAPSHOT_TRIES = 3;
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMyy", Locale.US);

  /** A top-of-book snapshot; a price IBKR did not send is null. */
  public record Quote(long conid, BigDecimal bid, BigDecimal ask, BigDecimal last) {}

  /**
   * An option's snapshot with IBKR's greeks (fields 7308 delta, 7633 implied vol %) and the time IBKR last updated it
   * ({@code _updated}); whatever IBKR did not send is null. The greeks are IBKR's model's: keep the prices beside them.
   */
  public record OptionQuote(long conid, BigDecimal bid, BigDecimal ask, BigDecimal last, Double delta, Double impliedVol,
      java.time.Instant updated) {}

  /** The strikes of one month. */
  public record Strikes(List<BigDecimal> calls, List<BigDecimal> puts) {}

  /** An option contract as IBKR defines it. */
  public record Contract(long conid, String occ, LocalDate maturity, int multiplier, String tradingClass) {}

  private final IbkrRest rest;
  private final IbkrContracts contracts;
  private final Map<String, CompletableFuture<Contract>> byOcc = new ConcurrentHashMap<>();

  IbkrOptions(IbkrRest rest, IbkrContracts contracts) {
    this.rest = rest;
    this.contracts = contracts;
  }

  /** The IBKR month code of an expiry (JAN27). */
  static String month(LocalDate expiry) {
    return expiry.format(MONTH).toUpperCase(Locale.US);
  }

  public CompletionStage<Quote> snapshot(String symbol) {
    return contracts.conid(symbol).thenCompose(conid -> snapshot(conid, 1));
  }

  private CompletionStage<Quote> snapshot(long conid, int attempt) {
    return rest.get("/iserver/marketdata/snapshot?conids=" + conid + "&fields=31,84,86", IbkrRest.SNAPSHOT)
        .thenCompose(answer -> {
          JsonNode n = answer.body().path(0);
          boolean priced = n.has("84") || n.has("86") || n.has("31");
          if (!priced && attempt < SNAPSHOT_TRIES) {
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
                .thenCompose(x -> snapshot(conid, attempt + 1));
          }
          return CompletableFuture.completedFuture(new Quote(conid, price(n.path("84")), price(n.path("86")),
              price(n.path("31"))));
        });
  }

  /** An option's quote and IBKR's greeks by conid, asked again like {@link #snapshot(String)} while it only subscribes. */
  public CompletionStage<OptionQuote> optionSnapshot(long conid) {
    return optionSnapshot(conid, 1);
  }

  private CompletionStage<OptionQuote> optionSnapshot(long conid, int attempt) {
    return rest.get("/iserver/marketdata/snapshot?conids=" + conid + "&fields=31,84,86,7308,7633", IbkrRest.SNAPSHOT)
        .thenCompose(answer -> {
          JsonNode n = answer.body().path(0);
          boolean priced = n.has("84") || n.has("86") || n.has("31");
          if (!priced && attempt < SNAPSHOT_TRIES) {
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS))
                .thenCompose(x -> optionSnapshot(conid, attempt + 1));
          }
          return CompletableFuture.completedFuture(new OptionQuote(conid, price(n.path("84")), price(n.path("86")),
              price(n.path("31")), number(n.path("7308")), percent(n.path("7633")),
              n.has("_updated") ? java.time.Instant.ofEpochMilli(n.path("_updated").asLong()) : null));
        });
  }

  /** Every contract IBKR lists for a month, strike and right (each maturity of the month: weeklies and the monthly). */
  public CompletionStage<List<Contract>> monthContracts(String underlying, String month, BigDecimal strike, boolean call) {
    return contracts.underlying(underlying)
        .thenCompose(conid -> rest.get("/iserver/secdef/info?conid=" + conid + "&sectype=OPT&month=" + month
            + "&strike=" + strike.toPlainString() + "&right=" + (call ? "C" : "P")))
        .thenApply(answer -> {
          List<Contract> out = new ArrayList<>();
          for (JsonNode c : answer.body()) {
            out.add(new Contract(c.path("conid").asLong(), null,
                LocalDate.parse(c.path("maturityDate").asText(), DateTimeFormatter.BASIC_ISO_DATE),
                c.path("multiplier").asInt(100), c.path("tradingClass").asText(underlying)));
          }
          return out;
        });
  }

  private static Double number(JsonNode n) {
    if (n.isMissingNode() || n.isNull() || n.asText().isBlank()) return null;
    try {
      return Double.valueOf(n.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** "27.5%" → 0.275. */
  private static Double percent(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) return null;
    Double v = number(com.fasterxml.jackson.databind.node.TextNode.valueOf(n.asText().replace("%", "")));
    return v == null ? null : v / 100;
  }

  /** The option months of an underlying ticker, as IBKR lists them (JAN27, FEB27, ...). */
  public CompletionStage<List<String>> expirations(String underlying) {
    return contracts.sections(underlying).thenApply(sections -> {
      for (JsonNode s : sections) {
        if ("OPT".equals(s.path("secType").asText())) {
          List<String> months = new ArrayList<>();
          for (String m : s.path("months").asText("").split(";")) if (!m.isBlank()) months.add(m.trim());
          return months;
        }
      }
      return List.of();
    });
  }

  public CompletionStage<Strikes> strikes(String underlying, String month) {
    return contracts.underlying(underlying).thenCompose(conid ->
        rest.get("/iserver/secdef/strikes?conid=" + conid + "&sectype=OPT&month=" + month).thenApply(answer -> {
          List<BigDecimal> calls = new ArrayList<>();
          List<BigDecimal> puts = new ArrayList<>();
          answer.body().path("call").forEach(c -> calls.add(IbkrAdapter.decimal(c)));
          answer.body().path("put").forEach(p -> puts.add(IbkrAdapter.decimal(p)));
          return new Strikes(calls, puts);
        }));
  }

  /** The IBKR contract of an OCC option symbol, looked up once. */
  public CompletionStage<Contract> contract(OptionSymbol option) {
    String occ = option.occ();
    CompletableFuture<Contract> known = byOcc.get(occ);
    if (known != null && !known.isCompletedExceptionally()) return known;
    CompletableFuture<Contract> lookup = new CompletableFuture<>();
    CompletableFuture<Contract> raced = byOcc.compute(occ, (k, v) -> v == null || v.isCompletedExceptionally() ? lookup : v);
    if (raced != lookup) return raced;
    String maturity = option.expiry().format(DateTimeFormatter.BASIC_ISO_DATE);
    contracts.underlying(option.root())
        .thenCompose(conid -> rest.get("/iserver/secdef/info?conid=" + conid + "&sectype=OPT&month=" + month(option.expiry())
            + "&strike=" + option.strike().toPlainString() + "&right=" + (option.right() == OptionSymbol.Right.CALL ? "C" : "P")))
        .thenApply(answer -> {
          for (JsonNode c : answer.body()) {
            if (maturity.equals(c.path("maturityDate").asText())) {
              long conid = c.path("conid").asLong();
              contracts.name(conid, occ);
              return new Contract(conid, occ, option.expiry(), c.path("multiplier").asInt(100),
                  c.path("tradingClass").asText(option.root()));
            }
          }
          throw new IllegalArgumentException("IBKR lists no contract for " + occ + ": " + answer.body());
        })
        .whenComplete((c, e) -> {
          if (e != null) {
            byOcc.remove(occ, lookup);
            lookup.completeExceptionally(IbkrRest.unwrap(e));
          } else {
            lookup.complete(c);
          }
        });
    return lookup;
  }

  private static BigDecimal price(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) return null;
    // IBKR prefixes a last price with C (previous close) or H (halted); the number follows
    String s = n.asText().replaceAll("^[CH]", "");
    BigDecimal d = IbkrAdapter.decimal(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    return d.signum() == 0 ? null : d;
  }
}
