package io.dorado.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.cluster.ops.OperationNotAvailable;
import io.dorado.cluster.ops.OperationTimeout;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How routes answer: JSON bodies, the mapping of the fleet's replies to status codes, request bodies
 * read within the size limit, and every wait on the fleet bounded by the ask timeout so no request hangs.
 */
final class Responses {
  private static final Logger log = LoggerFactory.getLogger(Responses.class);
  private static final Marshaller<Object, RequestEntity> JSON = Jackson.marshaller(HttpJson.JSON);

  static final String JSON_TYPE = "application/json";

  private final Duration askTimeout;
  private final long maxBody;

  Responses(HttpSettings settings) {
    this.askTimeout = settings.askTimeout();
    this.maxBody = settings.maxBody();
  }

  /** What a successful command answers. */
  record Outcome(String outcome, String botId, Phase phase, String detail) {}

  /** A command the bot or the fleet refused, with where the bot is now. */
  record Refusal(String error, String reason, String botId, Phase phase) {}

  /** A request body: its text and media type (absent when the request had none). */
  record Body(String text, MediaType mediaType) {
    boolean isEmpty() {
      return text.isBlank();
    }

    boolean isYaml() {
      String sub = mediaType.subType();
      return sub.equals("yaml") || sub.equals("x-yaml");
    }
  }

  Route json(StatusCode status, Object body) {
    return complete(status, body, JSON);
  }

  Route ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  Route error(StatusCode status, String reason) {
    return json(status, new ApiProblem.Body(codeOf(status), reason));
  }

  /** Waits for the fleet at most the ask timeout, then continues with {@code then}. */
  <T> Route await(CompletionStage<T> stage, String what, Function<T, Route> then) {
    return onSuccess(bounded(stage, what), then);
  }

  <T> Route okWhenDone(Supplier<CompletionStage<T>> call, String what) {
    return await(call.get(), what, this::ok);
  }

  <T> CompletionStage<T> bounded(CompletionStage<T> stage, String what) {
    // A copy, so the timeout never completes a future that others share (and read-only stages work too).
    CompletableFuture<T> copy = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      if (error != null) copy.completeExceptionally(error);
      else copy.complete(value);
    });
    return copy.orTimeout(askTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedStage(
            unwrap(e) instanceof TimeoutException ? new OperationTimeout(what, askTimeout) : unwrap(e)));
  }

  Route fleetReply(Fleet.Reply reply, StatusCode done, StatusCode refused) {
    if (reply instanceof Fleet.Done d) return json(done, new Outcome("done", null, null, d.detail()));
    if (reply instanceof Fleet.Refused r) return json(refused, new Refusal("refused", r.reason(), null, null));
    var nf = (Fleet.NotFound) reply;
    return error(StatusCodes.NOT_FOUND, "no bot '" + nf.botId() + "'");
  }

  /**
   * A bot's answer: accepted or already processed is 200; rejected is 409 with the reason and the
   * phase it is in, or 404 when the bot was never created (phase NEW).
   */
  Route ack(Bot.Ack ack, StatusCode accepted) {
    if (ack instanceof Bot.Accepted a) return json(accepted, new Outcome("accepted", a.botId(), a.phase(), a.detail()));
    if (ack instanceof Bot.AlreadyProcessed p) {
      return json(StatusCodes.OK, new Outcome("already_processed", p.botId(), p.phase(),
          "signal " + p.signalId() + " was delivered before: nothing changed"));
    }
    var r = (Bot.Rejected) ack;
    if (r.phase() == Phase.NEW) return error(StatusCodes.NOT_FOUND, "no bot '" + r.botId() + "'");
    return json(StatusCodes.CONFLICT, new Refusal("rejected", r.reason(), r.botId(), r.phase()));
  }

  /** Reads the request body within the size limit: 413 beyond it, 415 for a type other than {@code accepted}. */
  Route body(Call call, Function<Body, Route> then, String... accepted) {
    HttpEntity entity = call.request().entity();
    if (entity.getContentLengthOption().orElse(0) > maxBody) throw tooLarge();
    return extractMaterializer(mat -> onComplete(
        entity.withSizeLimit(maxBody).toStrict(askTimeout.toMillis(), mat),
        result -> {
          if (result.isFailure()) {
            Throwable e = unwrap(result.failed().get());
            if (e instanceof EntityStreamSizeException) throw tooLarge();
            throw ApiProblem.badRequest("the request body could not be read");
          }
          HttpEntity.Strict strict = result.get();
          String text = strict.getData().decodeString(StandardCharsets.UTF_8);
          MediaType type = strict.getContentType().mediaType();
          if (!text.isBlank() && !acceptable(type, accepted)) {
            throw new ApiProblem(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                "content type " + type + " is not accepted here; send " + names(accepted));
          }
          return then.apply(new Body(text, type));
        }));
  }

  /** Reads a JSON body into {@code type}; an empty body gives {@code empty} (or a 400 when that is null). */
  <T> Route jsonBody(Call call, Class<T> type, T empty, Function<T, Route> then) {
    return body(call, b -> {
      if (b.isEmpty()) {
        if (empty == null) throw ApiProblem.badRequest("a JSON body is required");
        return then.apply(empty);
      }
      return then.apply(parse(HttpJson.JSON, b.text(), type));
    }, JSON_TYPE);
  }

  static <T> T parse(ObjectMapper mapper, String text, Class<T> type) {
    T value;
    try {
      value = mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest(HttpJson.reasonOf(e));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
    if (value == null) throw ApiProblem.badRequest("a JSON object is required");
    return value;
  }

  /** Seconds a client waits before asking again when the storage did not answer (a timeout, an overloaded node). */
  static final int STORAGE_RETRY_AFTER_SECONDS = 5;

  /**
   * Any failure as a JSON answer: the client's mistakes are 4xx, the fleet's or the storage's silence 503 (the
   * storage's with Retry-After), our bugs 500.
   */
  Route failure(Throwable thrown) {
    Throwable e = unwrap(thrown);
    if (e instanceof ApiProblem p) return error(p.status, p.getMessage());
    if (e instanceof OperationTimeout) return error(StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
    Throwable storage = storageUnavailable(e);
    if (storage != null) {
      log.warn("the storage did not answer: {}", storage.toString());
      return respondWithHeader(RawHeader.create("Retry-After", Integer.toString(STORAGE_RETRY_AFTER_SECONDS)),
          () -> error(StatusCodes.SERVICE_UNAVAILABLE, "the storage did not answer in time ("
              + storage.getClass().getSimpleName() + "): try again"));
    }
    if (e instanceof OperationNotAvailable) return error(StatusCodes.NOT_IMPLEMENTED, e.getMessage());
    if (e instanceof IllegalArgumentException) return error(StatusCodes.BAD_REQUEST, e.getMessage());
    if (e instanceof EntityStreamSizeException) return error(StatusCodes.CONTENT_TOO_LARGE, tooLarge().getMessage());
    log.error("request failed", e);
    return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error");
  }

  /**
   * The storage's own "not now" anywhere in the cause chain: the driver's timeout, a busy connection, no node
   * reachable, Cassandra's read/write timeout, unavailable or overloaded answers, the journal's open circuit breaker.
   */
  static Throwable storageUnavailable(Throwable e) {
    for (int depth = 0; e != null && depth < 10; e = e.getCause(), depth++) {
      if (e instanceof com.datastax.oss.driver.api.core.DriverTimeoutException
          || e instanceof com.datastax.oss.driver.api.core.AllNodesFailedException
          || e instanceof com.datastax.oss.driver.api.core.connection.BusyConnectionException
          || e instanceof com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException
          || e instanceof com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException
          || e instanceof com.datastax.oss.driver.api.core.servererrors.UnavailableException
          || e instanceof com.datastax.oss.driver.api.core.servererrors.OverloadedException
          || e instanceof org.apache.pekko.pattern.CircuitBreakerOpenException) {
        return e;
      }
    }
    return null;
  }

  private ApiProblem tooLarge() {
    return new ApiProblem(StatusCodes.CONTENT_TOO_LARGE, "the request body is larger than " + maxBody + " bytes");
  }

  private static boolean acceptable(MediaType type, String... accepted) {
    return java.util.Arrays.asList(accepted).contains(type.mainType() + "/" + type.subType());
  }

  private static String names(String... accepted) {
    return String.join(" or ", accepted);
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) e = e.getCause();
    return e;
  }

  static String codeOf(StatusCode status) {
    return switch (status.intValue()) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "unprocessable";
      case 501 -> "not_available";
      case 503 -> "unavailable";
      default -> status.isSuccess() ? "ok" : "error";
    };
  }

}
