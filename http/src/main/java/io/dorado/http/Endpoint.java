package io.dorado.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * One operation of the API: method, path template ({@code /api/v1/bots/{botId}}), who may call it,
 * and the route that serves it. The endpoint table is the single source of what the API serves: the
 * router dispatches from it and a test compares it with the OpenAPI document.
 */
record Endpoint(HttpMethod method, String template, Access access, Function<Call, Route> handler) {

  static Endpoint get(String template, Access access, Function<Call, Route> handler) {
    return new Endpoint(HttpMethods.GET, template, access, handler);
  }

  static Endpoint post(String template, Access access, Function<Call, Route> handler) {
    return new Endpoint(HttpMethods.POST, template, access, handler);
  }

  static Endpoint put(String template, Access access, Function<Call, Route> handler) {
    return new Endpoint(HttpMethods.PUT, template, access, handler);
  }

  /** The path parameters when {@code segments} match this template, else empty. */
  Optional<Map<String, String>> match(List<String> segments) {
    List<String> parts = segments(template);
    if (parts.size() != segments.size()) return Optional.empty();
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      String actual = segments.get(i);
      if (part.startsWith("{") && part.endsWith("}")) {
        if (actual.isEmpty()) return Optional.empty();
        params.put(part.substring(1, part.length() - 1), actual);
      } else if (!part.equals(actual)) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  static List<String> segments(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
  }

  @Override
  public String toString() {
    return method.value() + " " + template;
  }
}
