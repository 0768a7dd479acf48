package io.dorado.http;

import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Bearer-token checks. The operator token also reads; the API token only reads. Who acts is taken
 * from the {@code X-Dorado-Operator} header (a name for the audit trail, not a credential); tokens
 * themselves are never logged or echoed.
 */
final class Auth {
  static final String OPERATOR_HEADER = "X-Dorado-Operator";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  enum Verdict { ALLOWED, UNAUTHENTICATED, FORBIDDEN }

  private final HttpSettings settings;

  Auth(HttpSettings settings) {
    this.settings = settings;
  }

  Verdict check(Access access, HttpRequest request) {
    if (access == Access.PUBLIC || access == Access.WEBHOOK) return Verdict.ALLOWED;
    Optional<String> token = bearer(request);
    if (token.isEmpty()) return Verdict.UNAUTHENTICATED;
    boolean operator = Secrets.matches(token.get(), settings.operatorToken());
    boolean reader = operator || Secrets.matches(token.get(), settings.apiToken());
    if (!reader) return Verdict.UNAUTHENTICATED;
    return access == Access.OPERATE && !operator ? Verdict.FORBIDDEN : Verdict.ALLOWED;
  }

  /** "http:" and the operator's name when the request gives a plain one. */
  static String by(HttpRequest request) {
    return request.getHeader(OPERATOR_HEADER)
        .map(HttpHeader::value)
        .map(String::trim)
        .filter(v -> NAME.matcher(v).matches())
        .map(v -> "http:" + v)
        .orElse("http");
  }

  private static Optional<String> bearer(HttpRequest request) {
    return request.getHeader("Authorization")
        .map(HttpHeader::value)
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).trim())
        .filter(v -> !v.isEmpty());
  }
}
