package io.dorado.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;

/**
 * The real server on 127.0.0.1 (a free port) over a {@link FakeFleet}, and the real Pekko HTTP client
 * to call it. The waits on the client only guard against a hang; nothing asserts on time.
 */
final class ApiServer {
  static final String API_TOKEN = "reader-token-0123456789";
  static final String OPERATOR_TOKEN = "operator-token-9876543210";
  static final String WEBHOOK_SECRET = "webhook-secret-abcdef";
  /** Reads numbers exactly, so a test sees the decimals the server wrote ("250.50", not 250.5). */
  static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  final ActorSystem<?> system;
  final FakeFleet fleet;
  final HttpApi api;
  final ServerBinding binding;
  final String base;

  private ApiServer(ActorSystem<?> system, FakeFleet fleet, HttpApi api, ServerBinding binding) {
    this.system = system;
    this.fleet = fleet;
    this.api = api;
    this.binding = binding;
    this.base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  static HttpSettings settings() {
    return new HttpSettings("127.0.0.1", 0, API_TOKEN, OPERATOR_TOKEN, WEBHOOK_SECRET, 16 * 1024,
        Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  static ApiServer start(ActorSystem<?> system) {
    return start(system, java.time.Clock.systemUTC());
  }

  /** With the routes' clock in the test's hands (a webhook alert's receipt time). */
  static ApiServer start(ActorSystem<?> system, java.time.Clock clock) {
    FakeFleet fleet = new FakeFleet(system);
    HttpApi api = HttpApi.create(system, fleet, settings(), clock);
    ServerBinding binding = await(Http.get(system).newServerAt("127.0.0.1", 0).bind(api.route()));
    return new ApiServer(system, fleet, api, binding);
  }

  void stop() {
    await(binding.terminate(Duration.ofSeconds(1)));
    await(Http.get(system).shutdownAllConnectionPools().thenApply(done -> true));
  }

  /** A response with its body read. */
  record Reply(int status, List<HttpHeader> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    Optional<String> header(String name) {
      return headers.stream().filter(h -> h.is(name.toLowerCase())).map(HttpHeader::value).findFirst();
    }

    String reason() {
      return json().path("reason").asText();
    }
  }

  Reply get(String path, String token) {
    return send(HttpMethods.GET, path, token, null, null);
  }

  Reply post(String path, String token, String json) {
    return send(HttpMethods.POST, path, token, json, ContentTypes.APPLICATION_JSON);
  }

  Reply send(HttpMethod method, String path, String token, String body, ContentType type, HttpHeader... headers) {
    HttpRequest request = HttpRequest.create(base + path).withMethod(method);
    if (token != null) request = request.addHeader(RawHeader.create("Authorization", "Bearer " + token));
    for (HttpHeader h : headers) request = request.addHeader(h);
    if (body != null) request = request.withEntity(HttpEntities.create(type, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return send(request);
  }

  Reply send(HttpRequest request) {
    HttpResponse response = await(Http.get(system).singleRequest(request));
    var strict = await(response.entity().toStrict(10_000, Materializer.matFromSystem(system)));
    return new Reply(response.status().intValue(), toList(response.getHeaders()), strict.getData().utf8String());
  }

  private static List<HttpHeader> toList(Iterable<HttpHeader> headers) {
    var out = new java.util.ArrayList<HttpHeader>();
    headers.forEach(out::add);
    return out;
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer", e);
    }
  }
}
