package io.dorado.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithDefaultHeaders;

import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard: static files from {@code dashboard/} on the classpath, served by the node itself. The
 * page holds no data; it asks the API with the token the operator enters (kept in sessionStorage).
 * The content security policy lets it talk to its own origin only.
 */
final class Dashboard {
  private Dashboard() {}

  static Route route() {
    return get(() -> respondWithDefaultHeaders(List.of(
            RawHeader.create("Content-Security-Policy",
                "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
            RawHeader.create("X-Frame-Options", "DENY")),
        () -> concat(
            pathSingleSlash(() -> redirect(Uri.create("/dashboard/"), StatusCodes.FOUND)),
            pathPrefix("dashboard", () -> concat(
                pathEndOrSingleSlash(() -> getFromResource("dashboard/index.html")),
                getFromResourceDirectory("dashboard"))))));
  }
}
