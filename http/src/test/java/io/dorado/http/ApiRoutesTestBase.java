package io.dorado.http;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The set-up route tests share: the real HTTP API bound to 127.0.0.1 over a {@link FakeFleet} on the test's own actor
 * system, started once per class and stopped with it; before each test the fleet's scans (last report, history, picks)
 * and venue instruments are cleared. A subclass's own {@code @BeforeEach} runs after this one's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiRoutesTestBase {
  private final ActorTestKit testKit;
  ApiServer server;

  ApiRoutesTestBase(String systemName) {
    testKit = ActorTestKit.create(systemName);
  }

  @BeforeAll
  void startServer() {
    server = ApiServer.start(testKit.system());
  }

  @BeforeEach
  void clearScans() {
    server.fleet.lastScan = null;
    server.fleet.scanHistory.clear();
    server.fleet.picks.clear();
    server.fleet.instruments.clear();
  }

  @AfterAll
  void stopServer() {
    server.stop();
    testKit.shutdownTestKit();
  }
}
