package io.dorado.http;

import static io.dorado.http.BotRoutes.botFilter;
import static io.dorado.http.BotRoutes.page;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.readside.FillQuality;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Orders, fills, trades, P&amp;L and the audit log from the read side, newest first, paginated by cursor; fill
 * quality by venue and order type.
 */
final class ReadSideRoutes {
  private static final String READ_SIDE = "the read side";
  private static final Pattern VENUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  static final String SLIPPAGE = "basis points of the order's quantity-weighted average fill price from the reference, "
      + "positive = worse for us (a buy above it, a sell below); decision: the price the bot decided on (the entry "
      + "signal's, as its risk check carried it; none for a close); arrival: the risk guardian's mark of the symbol "
      + "when it acknowledged the order";

  /** The answer of GET /api/v1/fill-quality: the filters asked, what the figures mean, the groups. */
  record FillQualityAnswer(String venue, String bot, String slippage, List<FillQuality.Group> groups) {}

  private final FleetOperations ops;
  private final Responses r;

  ReadSideRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  List<Endpoint> endpoints() {
    return List.of(
        Endpoint.get("/api/v1/orders", Access.READ, c -> r.okWhenDone(() -> ops.orders(botFilter(c), page(c, 50)), READ_SIDE)),
        Endpoint.get("/api/v1/fills", Access.READ, c -> r.okWhenDone(() -> ops.fills(botFilter(c), page(c, 50)), READ_SIDE)),
        Endpoint.get("/api/v1/trades", Access.READ, c -> r.okWhenDone(() -> ops.trades(botFilter(c), page(c, 50)), READ_SIDE)),
        Endpoint.get("/api/v1/audit", Access.READ, c -> r.okWhenDone(() -> ops.audit(botFilter(c), page(c, 100)), READ_SIDE)),
        Endpoint.get("/api/v1/pnl", Access.READ, c -> r.okWhenDone(() -> ops.profit(c.intQuery("days", 30, 1, 3660)), READ_SIDE)),
        Endpoint.get("/api/v1/pnl/equity", Access.READ,
            c -> r.okWhenDone(() -> ops.equityCurve(c.intQuery("days", 30, 1, 3660)), READ_SIDE)),
        Endpoint.get("/api/v1/fill-quality", Access.READ, c -> {
          Optional<String> venue = venueFilter(c);
          Optional<String> bot = botFilter(c);
          return r.okWhenDone(() -> ops.fillQuality(venue, bot).thenApply(groups ->
              new FillQualityAnswer(venue.orElse(null), bot.orElse(null), SLIPPAGE, groups)), READ_SIDE);
        }));
  }

  private static Optional<String> venueFilter(Call c) {
    Optional<String> venue = c.query("venue");
    if (venue.isPresent() && !VENUE_ID.matcher(venue.get()).matches()) {
      throw ApiProblem.badRequest("'" + BotRoutes.abbreviate(venue.get()) + "' is not a venue id");
    }
    return venue;
  }
}
