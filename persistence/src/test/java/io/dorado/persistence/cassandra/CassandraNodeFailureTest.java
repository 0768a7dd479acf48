package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.persistence.testing.TestCassandra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The launcher fails fast and explains why, instead of waiting out its timeout. */
class CassandraNodeFailureTest {

  @Test
  void a_taken_CQL_port_is_refused_before_anything_starts() throws IOException {
    NodeConfig config = TestCassandra.ownNodeConfig("taken-port");
    try (ServerSocket squatter = new ServerSocket(config.cqlPort(), 1, InetAddress.getLoopbackAddress())) {
      IOException e = assertThrows(IOException.class, () -> CassandraNode.start(config));
      assertTrue(e.getMessage().contains("CQL port 127.0.0.1:" + config.cqlPort()), e.getMessage());
    } finally {
      TestCassandra.deleteFolder(config.workDir());
    }
  }

  @Test
  void a_node_that_dies_during_startup_fails_at_once_with_the_tail_of_its_log() {
    NodeConfig ok = TestCassandra.ownNodeConfig("dies");
    NodeConfig broken = new NodeConfig(ok.workDir(), ok.classpathFile(), ok.clusterName(), ok.cqlPort(),
        ok.storagePort(), 0, "not-a-size", ok.maxHeap(), Duration.ofMinutes(5), ok.stopTimeout(), true);
    long t0 = System.nanoTime();
    try {
      IOException e = assertThrows(IOException.class, () -> CassandraNode.start(broken));
      assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
      assertTrue(e.getMessage().contains("Invalid initial heap size"), "the log tail explains it: " + e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 60, "did not wait for the 5 min timeout");
    } finally {
      TestCassandra.deleteFolder(broken.workDir());
    }
  }
}
