package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.Phase;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalRoutesTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;

  @BeforeEach
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend").withBot("eth-trend");
    server.fleet.awaitApproval("btc-trend", "s1");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void pending_approvals_show_the_trade_its_risk_and_its_deadline() {
    var reply = server.get("/api/v1/approvals", API_TOKEN);
    assertEquals(200, reply.status());
    var first = reply.json().get(0);
    assertEquals("btc-trend", first.path("bot_id").asText());
    assertEquals("btc-trend/s1", first.path("proposal").path("review_id").asText());
    assertEquals("buy", first.path("proposal").path("side").asText());
    assertEquals("1000", first.path("max_loss").asText());
    assertEquals("2026-11-20T18:30:00Z", first.path("deadline").asText());
  }

  @Test
  void approving_moves_the_bot_to_executing_and_records_the_tag() {
    var reply = server.post("/api/v1/approvals/btc-trend/approve", OPERATOR_TOKEN,
        "{\"review_id\": \"btc-trend/s1\", \"tag\": \"Bandit rec\"}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals("EXECUTING", reply.json().path("phase").asText());
    assertEquals("tagged", reply.json().path("annotation").asText());
    assertEquals(Phase.EXECUTING, server.fleet.bots.get("btc-trend").phase());
    assertEquals(List.of("btc-trend btc-trend/s1 Bandit rec by http"), server.fleet.annotations);
    assertEquals(0, server.get("/api/v1/approvals", API_TOKEN).json().size());
  }

  @Test
  void approving_without_a_body_approves_whatever_awaits() {
    var reply = server.post("/api/v1/approvals/btc-trend/approve", OPERATOR_TOKEN, null);
    assertEquals(200, reply.status(), reply.body());
    assertEquals(Phase.EXECUTING, server.fleet.bots.get("btc-trend").phase());
  }

  @Test
  void a_stale_review_id_is_409_and_the_trade_still_awaits() {
    var reply = server.post("/api/v1/approvals/btc-trend/approve", OPERATOR_TOKEN, "{\"review_id\": \"btc-trend/s0\"}");
    assertEquals(409, reply.status());
    assertEquals("AWAITING_APPROVAL", reply.json().path("phase").asText());
    assertEquals(Phase.AWAITING_APPROVAL, server.fleet.bots.get("btc-trend").phase());
  }

  @Test
  void approving_a_bot_with_nothing_pending_is_409_and_an_unknown_bot_404() {
    var idle = server.post("/api/v1/approvals/eth-trend/approve", OPERATOR_TOKEN, null);
    assertEquals(409, idle.status());
    assertEquals("IDLE", idle.json().path("phase").asText());
    assertEquals(404, server.post("/api/v1/approvals/ghost/approve", OPERATOR_TOKEN, null).status());
  }

  @Test
  void rejecting_cancels_the_trade_with_the_reason() {
    var reply = server.post("/api/v1/approvals/btc-trend/reject", OPERATOR_TOKEN,
        "{\"review_id\": \"btc-trend/s1\", \"reason\": \"too close to FOMC\", \"tag\": \"Gut feel\"}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals("CANCELLED", reply.json().path("phase").asText());
    assertTrue(server.fleet.actions.contains("reject(too close to FOMC) by http"));
    assertEquals(List.of("btc-trend btc-trend/s1 Gut feel by http"), server.fleet.annotations);
  }

  @Test
  void a_bad_tag_is_refused_before_anything_is_decided() {
    var reply = server.post("/api/v1/approvals/btc-trend/approve", OPERATOR_TOKEN,
        "{\"review_id\": \"btc-trend/s1\", \"tag\": \"<script>alert(1)</script>\"}");
    assertEquals(400, reply.status());
    assertEquals(Phase.AWAITING_APPROVAL, server.fleet.bots.get("btc-trend").phase());
  }

  @Test
  void a_decided_trade_is_annotated_after_the_fact() {
    var reply = server.post("/api/v1/approvals/btc-trend/annotate", OPERATOR_TOKEN,
        "{\"review_id\": \"btc-trend/s1\", \"tag\": \"S/R alignment\"}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals(List.of("btc-trend btc-trend/s1 S/R alignment by http"), server.fleet.annotations);
    assertEquals(400, server.post("/api/v1/approvals/btc-trend/annotate", OPERATOR_TOKEN, "{\"tag\": \"x\"}").status());
    assertEquals(400, server.post("/api/v1/approvals/btc-trend/annotate", OPERATOR_TOKEN, null).status());
  }
}
