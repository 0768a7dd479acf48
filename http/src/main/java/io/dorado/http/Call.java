package io.dorado.http;

import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/** One matched request: its path parameters, the query, and who is calling (for the audit trail). */
record Call(HttpRequest request, Map<String, String> params, String by) {

  String param(String name) {
    return params.get(name);
  }

  Optional<String> query(String name) {
    return request.getUri().query().get(name).filter(v -> !v.isBlank());
  }

  int intQuery(String name, int fallback, int min, int max) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) return fallback;
    try {
      int v = Integer.parseInt(raw.get().trim());
      if (v < min || v > max) throw ApiProblem.badRequest(name + " must be within " + min + ".." + max + ", was " + v);
      return v;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(name + " must be an integer");
    }
  }

  boolean boolQuery(String name) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) return false;
    return switch (raw.get().trim().toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw ApiProblem.badRequest(name + " must be true or false");
    };
  }
}
