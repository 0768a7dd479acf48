package io.dorado.http;

import static io.dorado.http.BotRoutes.botFilter;
import static io.dorado.http.BotRoutes.page;

import io.dorado.cluster.ops.FleetOperations;
import java.util.List;

/** Orders, fills, trades, P&amp;L and the audit log from the read side, newest first, paginated by cursor. */
final class ReadSideRoutes {
  private static final String READ_SIDE = "the read side";

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
            c -> r.okWhenDone(() -> ops.equityCurve(c.intQuery("days", 30, 1, 3660)), READ_SIDE)));
  }
}
