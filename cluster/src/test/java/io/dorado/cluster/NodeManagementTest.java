package io.dorado.cluster;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.cassandra.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node with Pekko Management on: the health checks Kubernetes probes (/alive, /ready once the node is
 * Up) and the cluster HTTP routes answer on the configured loopback port.
 */
class NodeManagementTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void a_node_serves_alive_ready_and_its_members_on_the_management_port() throws Exception {
    int port = Ports.freeLoopbackPort();
    var config = ConfigFactory.parseString("dorado.cluster.management = on\npekko.management.http.port = " + port)
        .withFallback(FleetNodeTest.config());
    try (FleetNode node = FleetNode.start(config, FleetNodeTest.setup())) {
      assertEquals(200, eventually(() -> get(port, "/alive").statusCode(), code -> code == 200));
      assertEquals(200, eventually(() -> get(port, "/ready").statusCode(), code -> code == 200), "ready once Up");
      HttpResponse<String> members = get(port, "/cluster/members");
      assertEquals(200, members.statusCode());
      String self = node.system().address().toString();
      assertTrue(members.body().contains(self) && members.body().contains("\"fleet\""), members.body());
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
