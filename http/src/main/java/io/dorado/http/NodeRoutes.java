package io.dorado.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueInstruments;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The node itself: liveness and readiness probes, the cluster view, its venues and their instrument rules, and the
 * API's own description.
 */
final class NodeRoutes {
  /** Served as is; {@code OpenApiDocumentTest} keeps it equal to the endpoint table. */
  static final String OPENAPI_RESOURCE = "openapi.json";

  private final FleetOperations ops;
  private final Responses r;
  private final byte[] openApi;

  NodeRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
    this.openApi = resource(OPENAPI_RESOURCE);
  }

  record Health(String status) {}

  List<Endpoint> endpoints() {
    return List.of(
        // Liveness answers without asking any actor: a busy fleet must not get the node restarted.
        Endpoint.get("/health", Access.PUBLIC, c -> r.ok(new Health("up"))),
        Endpoint.get("/ready", Access.PUBLIC, c -> onComplete(r.bounded(ops.readiness(), "readiness"), result -> {
          Readiness ready = result.isSuccess()
              ? result.get()
              : new Readiness(false, List.of(String.valueOf(Responses.unwrap(result.failed().get()).getMessage())));
          return r.json(ready.ready() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, ready);
        })),
        Endpoint.get("/api/v1/cluster", Access.READ, c -> r.okWhenDone(ops::cluster, "the cluster")),
        // Each venue account's id, kind, mode, account and connection: never its credentials.
        Endpoint.get("/api/v1/venues", Access.READ, c -> r.okWhenDone(ops::venues, "the venues")),
        // A venue's rules for one instrument (by our symbol or the venue's), as its adapter reports them now.
        Endpoint.get("/api/v1/venues/{venue}/instruments/{symbol}", Access.READ, this::instrument),
        Endpoint.get("/api/v1/openapi.json", Access.READ,
            c -> complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, openApi))));
  }

  private Route instrument(Call c) {
    String venue = c.param("venue"), symbol = c.param("symbol");
    return r.await(ops.instruments(venue), "venue " + venue, found -> {
      if (found.isEmpty()) return r.error(StatusCodes.NOT_FOUND, "no venue account " + venue + " on this node");
      VenueInstruments v = found.get();
      if (v.failure() != null) {
        return r.error(StatusCodes.SERVICE_UNAVAILABLE, "venue " + venue + ": " + v.failure());
      }
      return v.rules().stream()
          .filter(i -> i.symbol().equalsIgnoreCase(symbol) || i.venueSymbol().equalsIgnoreCase(symbol))
          .findFirst().map(r::ok)
          .orElseGet(() -> r.error(StatusCodes.NOT_FOUND, "venue " + venue + " reports no rules for " + symbol
              + (v.rules().isEmpty() ? " (it reports none)" : " (it has rules for "
                  + v.rules().stream().map(InstrumentRules::symbol).sorted().toList() + ")")));
    });
  }

  static byte[] resource(String name) {
    try (InputStream in = NodeRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is missing from the classpath");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
