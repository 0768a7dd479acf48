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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard: static files from {@code dashboard/} on the classpath, served by the node itself. The
 * page holds no data; it asks the API with the token the operator enters (kept in sessionStorage).
 * The content security policy lets it talk to its own origin only, so the chart library (uPlot) is
 * served from its WebJar under {@code /dashboard/vendor/uplot/}, at the version Maven resolved.
 */
final class Dashboard {
  static final String UPLOT = "META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist";

  private Dashboard() {}

  /** The version of a WebJar on the classpath, from the pom.properties Maven packs into it. */
  static String webJarVersion(String artifact) {
    String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("the " + artifact + " WebJar is not on the classpath (" + path + ")");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Route route() {
    return get(() -> respondWithDefaultHeaders(List.of(
            RawHeader.create("Content-Security-Policy",
                "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
            RawHeader.create("X-Frame-Options", "DENY")),
        () -> concat(
            pathSingleSlash(() -> redirect(Uri.create("/dashboard/"), StatusCodes.FOUND)),
            pathPrefix("dashboard", () -> concat(
                pathEndOrSingleSlash(() -> getFromResource("dashboard/index.html")),
                pathPrefix("vendor", () -> pathPrefix("uplot", () -> getFromResourceDirectory(UPLOT))),
                getFromResourceDirectory("dashboard"))))));
  }
}
