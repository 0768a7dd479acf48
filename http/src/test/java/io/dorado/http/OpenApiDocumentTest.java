package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static io.dorado.http.ApiServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document describes exactly the routes the server serves, with the access they really need. */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;
  private JsonNode doc;

  /** One documented operation. */
  record Operation(String method, String path, JsonNode spec) {
    String key() {
      return method + " " + path;
    }

    String security() {
      JsonNode s = spec.path("security");
      if (s.isArray() && s.isEmpty()) return "none";
      return s.isMissingNode() ? "bearerToken" : s.get(0).fieldNames().next();
    }

    String concretePath() {
      return path.replace("{botId}", "btc-trend").replace("{venue}", "crypto");
    }
  }

  @BeforeAll
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend");
    var reply = server.get("/api/v1/openapi.json", API_TOKEN);
    assertEquals(200, reply.status());
    doc = reply.json();
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  private List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(
        op -> out.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue()))));
    return out;
  }

  @Test
  void it_is_openapi_3_and_names_its_security_schemes() {
    assertTrue(doc.path("openapi").asText().startsWith("3."));
    var schemes = doc.path("components").path("securitySchemes");
    for (String s : List.of("bearerToken", "operatorToken", "webhookSecret")) assertFalse(schemes.path(s).isMissingNode(), s);
  }

  @Test
  void it_documents_every_route_the_server_has_and_no_other() {
    Set<String> documented = new TreeSet<>(operations().stream().map(Operation::key).toList());
    Set<String> served = new TreeSet<>(server.api.operations());
    assertEquals(served, documented);
  }

  @Test
  void every_path_parameter_is_declared() {
    Pattern param = Pattern.compile("\\{([^}]+)}");
    for (Operation op : operations()) {
      Matcher m = param.matcher(op.path());
      while (m.find()) {
        String name = m.group(1);
        boolean declared = false;
        for (JsonNode p : op.spec().path("parameters")) {
          declared |= p.path("in").asText().equals("path") && p.path("name").asText().equals(name);
        }
        assertTrue(declared, op.key() + " does not declare " + name);
      }
      assertFalse(op.spec().path("operationId").asText().isEmpty(), op.key());
    }
  }

  @Test
  void the_documented_security_is_what_the_server_enforces() {
    for (Operation op : operations()) {
      var noToken = server.send(HttpMethods.lookup(op.method()).orElseThrow(), op.concretePath(), null, "{}",
          ContentTypes.APPLICATION_JSON);
      var readToken = op.path().equals("/api/v1/events") ? null
          : server.send(HttpMethods.lookup(op.method()).orElseThrow(), op.concretePath(), API_TOKEN, "{}", ContentTypes.APPLICATION_JSON);
      switch (op.security()) {
        case "none" -> assertNotEquals(401, noToken.status(), op.key());
        case "webhookSecret" -> assertEquals(401, noToken.status(), op.key() + ": the secret is missing");
        case "bearerToken" -> {
          assertEquals(401, noToken.status(), op.key());
          if (readToken != null) assertNotEquals(403, readToken.status(), op.key());
        }
        case "operatorToken" -> {
          assertEquals(401, noToken.status(), op.key());
          assertEquals(403, readToken.status(), op.key());
        }
        default -> throw new AssertionError(op.key() + " has unknown security " + op.security());
      }
    }
  }

  @Test
  void every_documented_operation_is_served() {
    for (Operation op : operations()) {
      var request = HttpRequest.create(server.base + op.concretePath()).withMethod(HttpMethods.lookup(op.method()).orElseThrow())
          .addHeader(RawHeader.create("Authorization", "Bearer " + OPERATOR_TOKEN));
      if (!op.method().equals("GET")) request = request.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{}"));
      var response = await(Http.get(testKit.system()).singleRequest(request));
      int status = response.status().intValue();
      if (status == 404 || status == 405) {
        String body = await(response.entity().toStrict(5000, Materializer.matFromSystem(testKit.system()))).getData().utf8String();
        assertFalse(body.contains("no such route") || status == 405, op.key() + " → " + status + " " + body);
      } else {
        response.discardEntityBytes(testKit.system()); // the event stream never ends: do not read it
      }
      assertTrue(op.spec().path("responses").has(Integer.toString(status)) || status == 400,
          op.key() + " answered " + status + ", which it does not document");
    }
  }
}
