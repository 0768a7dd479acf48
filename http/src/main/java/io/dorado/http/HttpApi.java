package io.dorado.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.mapRouteResultFuture;
import static org.apache.pekko.http.javadsl.server.Directives.reject;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithDefaultHeaders;

import io.dorado.cluster.ops.FleetOperations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP surface: the control API under {@code /api/v1}, the probes, the live event stream
 * and the dashboard. Every operation is an {@link Endpoint} in one table; the router matches the path,
 * then the method (405 otherwise), then checks the caller's token before the endpoint runs. Errors are
 * JSON {@code {"error", "reason"}}; no CORS headers are ever sent, so browsers only call it from the
 * dashboard the node serves itself.
 */
public final class HttpApi {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final List<Endpoint> endpoints;
  private final Route route;

  private HttpApi(List<Endpoint> endpoints, Route route) {
    this.endpoints = endpoints;
    this.route = route;
  }

  public static HttpApi create(ActorSystem<?> system, FleetOperations ops, HttpSettings settings) {
    return create(system, ops, settings, Clock.systemUTC());
  }

  static HttpApi create(ActorSystem<?> system, FleetOperations ops, HttpSettings settings, Clock clock) {
    Responses responses = new Responses(settings);
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.addAll(new NodeRoutes(ops, responses).endpoints());
    endpoints.addAll(new BotRoutes(ops, responses).endpoints());
    endpoints.addAll(new SignalRoutes(ops, responses, settings, clock).endpoints());
    endpoints.addAll(new ApprovalRoutes(ops, responses).endpoints());
    endpoints.addAll(new RiskRoutes(ops, responses).endpoints());
    endpoints.addAll(new ReadSideRoutes(ops, responses).endpoints());
    endpoints.addAll(new ScanRoutes(ops, responses).endpoints());
    endpoints.addAll(new ProjectionRoutes(ops, responses).endpoints());
    endpoints.addAll(new EventStreamRoutes(LiveEvents.create(system, ops, clock), settings.sseHeartbeat()).endpoints());
    List<Endpoint> table = List.copyOf(endpoints);
    Auth auth = new Auth(settings);
    if (settings.apiToken().isEmpty() && settings.operatorToken().isEmpty()) {
      log.warn("dorado.http: no api-token or operator-token set: every API call will be refused");
    }
    ExceptionHandler errors = ExceptionHandler.newBuilder().matchAny(responses::failure).build();
    RejectionHandler rejections = RejectionHandler.newBuilder()
        .handleNotFound(responses.error(StatusCodes.NOT_FOUND, "no such resource"))
        .handleAll(MethodRejection.class, rs -> responses.error(StatusCodes.METHOD_NOT_ALLOWED, "only GET is served here"))
        .handleAll(Rejection.class, rs -> responses.error(StatusCodes.BAD_REQUEST, "the request was not understood"))
        .build();
    Route route = bodyReadBeforeAnswering(() -> respondWithDefaultHeaders(SECURITY_HEADERS, () -> handleRejections(
        rejections, () -> handleExceptions(errors, () -> concat(router(table, auth, responses), Dashboard.route())))));
    return new HttpApi(table, route);
  }

  /**
   * A body the route did not read (refused before it: no credential, over the limit, no such route) is read to its end
   * and dropped before the answer goes: answered mid-upload, the connection was sometimes closed under the client,
   * which then saw no answer at all. Pekko's max-content-length (8 MiB by default) bounds what is read; a body the
   * route read already cannot be read twice, which ends the drop at once.
   */
  private static Route bodyReadBeforeAnswering(java.util.function.Supplier<Route> inner) {
    return extractRequestEntity(entity -> extractMaterializer(mat -> mapRouteResultFuture(result -> entity.isStrict()
        ? result
        : result.thenCompose(answer -> entity.discardBytes(mat).completionStage().handle((done, error) -> answer)),
        inner)));
  }

  public Route route() {
    return route;
  }

  /** Every operation, as {@code "GET /api/v1/bots"}: what the OpenAPI document must describe. */
  public List<String> operations() {
    return endpoints.stream().map(Endpoint::toString).toList();
  }

  private static final List<HttpHeader> SECURITY_HEADERS = List.of(
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Cache-Control", "no-store"),
      RawHeader.create("Referrer-Policy", "no-referrer"));

  /** Claims {@code /api/...}, {@code /health} and {@code /ready}; everything else falls through to the dashboard. */
  private static Route router(List<Endpoint> table, Auth auth, Responses r) {
    return extractRequest(request -> {
      List<String> segments = StreamSupport.stream(request.getUri().pathSegments().spliterator(), false).toList();
      if (!claims(segments)) return reject();
      List<Endpoint> onPath = table.stream().filter(e -> e.match(segments).isPresent()).toList();
      if (onPath.isEmpty()) return r.error(StatusCodes.NOT_FOUND, "no such route: " + pathOf(request));
      Optional<Endpoint> chosen = onPath.stream().filter(e -> e.method().equals(request.method())).findFirst();
      if (chosen.isEmpty()) {
        String allowed = onPath.stream().map(e -> e.method().value()).collect(Collectors.joining(", "));
        return respondWithDefaultHeaders(List.of(RawHeader.create("Allow", allowed)),
            () -> r.error(StatusCodes.METHOD_NOT_ALLOWED, request.method().value() + " is not allowed here; use " + allowed));
      }
      Endpoint endpoint = chosen.get();
      return switch (auth.check(endpoint.access(), request)) {
        case UNAUTHENTICATED -> {
          log.info("refused unauthenticated {} {}", request.method().value(), pathOf(request));
          yield respondWithDefaultHeaders(List.of(RawHeader.create("WWW-Authenticate", "Bearer realm=\"dorado\"")),
              () -> r.error(StatusCodes.UNAUTHORIZED, "a valid bearer token is required"));
        }
        case FORBIDDEN -> r.error(StatusCodes.FORBIDDEN, "this needs the operator token");
        case ALLOWED -> {
          Map<String, String> params = endpoint.match(segments).orElseThrow();
          yield endpoint.handler().apply(new Call(request, params, Auth.by(request)));
        }
      };
    });
  }

  private static boolean claims(List<String> segments) {
    if (segments.isEmpty()) return false;
    String first = segments.get(0);
    return first.equals("api") || (segments.size() == 1 && (first.equals("health") || first.equals("ready")));
  }

  private static String pathOf(HttpRequest request) {
    String path = request.getUri().path();
    return path.length() > 100 ? path.substring(0, 100) + "..." : path;
  }

}
