package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dorado.protocol.risk.TradingState;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;

  @BeforeAll
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend");
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  @Test
  void health_and_ready_answer_without_a_token() {
    var health = server.get("/health", null);
    assertEquals(200, health.status());
    assertEquals("up", health.json().path("status").asText());
    var ready = server.get("/ready", null);
    assertEquals(200, ready.status());
    assertTrue(ready.json().path("ready").asBoolean());
  }

  @Test
  void every_other_route_needs_a_bearer_token() {
    for (String op : server.api.operations()) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1).replace("{botId}", "btc-trend");
      if (path.equals("/health") || path.equals("/ready") || path.equals("/api/v1/signals")) continue;
      var reply = server.send(HttpMethods.lookup(method).orElseThrow(), path, null, null, null);
      assertEquals(401, reply.status(), op);
      assertEquals("Bearer realm=\"dorado\"", reply.header("WWW-Authenticate").orElseThrow(), op);
      assertEquals("unauthorized", reply.json().path("error").asText(), op);
    }
  }

  @Test
  void a_wrong_token_or_another_scheme_is_401() {
    assertEquals(401, server.get("/api/v1/bots", "not-the-token").status());
    assertEquals(401, server.get("/api/v1/bots", API_TOKEN + "x").status());
    var basic = server.send(HttpRequest.create(server.base + "/api/v1/bots")
        .addHeader(RawHeader.create("Authorization", "Basic " + API_TOKEN)));
    assertEquals(401, basic.status());
  }

  @Test
  void the_api_token_reads_but_only_the_operator_token_changes_anything() {
    assertEquals(200, server.get("/api/v1/bots", API_TOKEN).status());
    assertEquals(200, server.get("/api/v1/bots", OPERATOR_TOKEN).status());

    var refused = server.post("/api/v1/risk/kill-switch", API_TOKEN, "{\"reason\": \"test\"}");
    assertEquals(403, refused.status());
    assertEquals("forbidden", refused.json().path("error").asText());
    assertFalse(server.fleet.killSwitch);

    assertEquals(403, server.post("/api/v1/bots/btc-trend/pause", API_TOKEN, null).status());
    assertEquals(403, server.post("/api/v1/approvals/btc-trend/approve", API_TOKEN, null).status());
    assertEquals(403, server.send(HttpMethods.PUT, "/api/v1/risk/trading-state", API_TOKEN, "{\"state\":\"HALTED\"}",
        org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON).status());
    assertEquals(TradingState.ACTIVE, server.fleet.tradingState);
    assertFalse(server.fleet.actions.stream().anyMatch(a -> a.startsWith("pauseBot")));
  }

  @Test
  void unknown_routes_are_404_and_wrong_methods_405_with_allow() {
    var unknown = server.get("/api/v1/nothing-here", API_TOKEN);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.json().path("error").asText());

    var wrongMethod = server.send(HttpMethods.DELETE, "/api/v1/bots", OPERATOR_TOKEN, null, null);
    assertEquals(405, wrongMethod.status());
    assertEquals("GET, POST", wrongMethod.header("Allow").orElseThrow());

    assertEquals(404, server.get("/no/such/page", null).status());
  }

  @Test
  void no_cors_headers_are_sent_even_to_a_preflight() {
    var preflight = server.send(HttpRequest.create(server.base + "/api/v1/bots").withMethod(HttpMethods.OPTIONS)
        .addHeader(RawHeader.create("Origin", "https://evil.example"))
        .addHeader(RawHeader.create("Access-Control-Request-Method", "GET")));
    assertEquals(405, preflight.status());
    var read = server.send(HttpRequest.create(server.base + "/api/v1/bots")
        .addHeader(RawHeader.create("Origin", "https://evil.example"))
        .addHeader(RawHeader.create("Authorization", "Bearer " + API_TOKEN)));
    assertEquals(200, read.status());
    for (var reply : List.of(preflight, read)) {
      assertTrue(reply.headers().stream().noneMatch(h -> h.lowercaseName().startsWith("access-control-")), reply.headers().toString());
      assertEquals("nosniff", reply.header("X-Content-Type-Options").orElseThrow());
    }
  }

  @Test
  void tokens_and_secrets_never_reach_the_log() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.TRACE);
    try {
      server.get("/api/v1/bots", "guessed-token-123456");
      server.get("/api/v1/bots", API_TOKEN);
      server.post("/api/v1/bots/btc-trend/pause", API_TOKEN, null);
      server.post("/api/v1/signals", null, "{\"secret\": \"guessed-secret-987\", \"signal_id\": \"s\", \"bot_id\": \"btc-trend\"}");
      server.post("/api/v1/signals", null, "{\"secret\": \"" + ApiServer.WEBHOOK_SECRET + "\", \"signal_id\": 1}");
    } finally {
      root.detachAppender(captured);
      root.setLevel(before);
    }
    assertFalse(captured.list.isEmpty(), "the refusals are logged");
    for (ILoggingEvent e : captured.list) {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
      for (String secret : List.of("guessed-token-123456", API_TOKEN, OPERATOR_TOKEN, "guessed-secret-987", ApiServer.WEBHOOK_SECRET)) {
        assertFalse(line.contains(secret), "logged a secret: " + line);
      }
    }
  }

  @Test
  void settings_never_print_their_secrets() {
    String printed = ApiServer.settings().toString();
    assertFalse(printed.contains(API_TOKEN) || printed.contains(OPERATOR_TOKEN) || printed.contains(ApiServer.WEBHOOK_SECRET), printed);
  }

  @Test
  void blank_tokens_switch_access_off_instead_of_opening_it() {
    var closed = new Auth(new HttpSettings("127.0.0.1", 0, "", "", "", 1024, java.time.Duration.ofSeconds(1),
        java.time.Duration.ofSeconds(1)));
    var anyToken = HttpRequest.create("/api/v1/bots").addHeader(RawHeader.create("Authorization", "Bearer "));
    assertEquals(Auth.Verdict.UNAUTHENTICATED, closed.check(Access.READ, anyToken));
    var emptyBearer = HttpRequest.create("/api/v1/bots").addHeader(RawHeader.create("Authorization", "Bearer x"));
    assertEquals(Auth.Verdict.UNAUTHENTICATED, closed.check(Access.OPERATE, emptyBearer));
    assertFalse(Secrets.matches("", ""));
  }
}
