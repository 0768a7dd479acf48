package io.dorado.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * A request the API refuses, with the status and a reason for the client; thrown inside a route and
 * turned into {@code {"error": ..., "reason": ...}} by the exception handler.
 */
final class ApiProblem extends RuntimeException {
  final StatusCode status;

  ApiProblem(StatusCode status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  static ApiProblem badRequest(String reason) {
    return new ApiProblem(StatusCodes.BAD_REQUEST, reason);
  }

  static ApiProblem notFound(String reason) {
    return new ApiProblem(StatusCodes.NOT_FOUND, reason);
  }

  /** The JSON body of every error: a short machine-readable code and a sentence. */
  record Body(String error, String reason) {}
}
