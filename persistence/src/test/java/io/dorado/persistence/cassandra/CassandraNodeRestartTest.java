package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.dorado.persistence.testing.TestCassandra;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Its own node (own folder and ports): this test stops and restarts it, which the shared node must not see. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraNodeRestartTest {

  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);
  private final NodeConfig config = TestCassandra.ownNodeConfig("restart");
  private CassandraNode node;

  @Test
  void a_node_answers_CQL_stops_cleanly_and_keeps_its_data_across_a_restart() throws Exception {
    node = CassandraNode.start(config);
    assertTrue(node.isRunning());
    try (CqlSession session = Sessions.open(node.settings())) {
      Row local = session.execute("SELECT release_version, data_center FROM system.local").one();
      assertNotNull(local);
      assertEquals("5.0.9", local.getString("release_version"));
      assertEquals(CassandraSettings.LOCAL_DATACENTER, local.getString("data_center"));

      ddl(session, "CREATE KEYSPACE IF NOT EXISTS restart_check WITH replication = "
          + Replication.singleNode().cql());
      ddl(session, "CREATE TABLE IF NOT EXISTS restart_check.kv (k text PRIMARY KEY, v text)");
      session.execute("INSERT INTO restart_check.kv (k, v) VALUES ('written-before', 'stop')");
    }
    Duration firstStart = node.startupTime();

    node.stop();
    assertFalse(node.isRunning(), "the process is gone after stop()");
    assertFalse(Ports.answers(CassandraNode.HOST, config.cqlPort()), "nothing answers on the CQL port");

    node = CassandraNode.start(config); // same folder, same ports
    try (CqlSession session = Sessions.open(node.settings())) {
      Row row = session.execute("SELECT v FROM restart_check.kv WHERE k = 'written-before'").one();
      assertNotNull(row, "the row written before the stop survives the restart");
      assertEquals("stop", row.getString("v"));
    }
    System.out.printf("node start %d ms, restart with data %d ms%n",
        firstStart.toMillis(), node.startupTime().toMillis());
  }

  @AfterAll
  void stopNode() {
    if (node != null) node.stop();
    TestCassandra.deleteFolder(config.workDir());
  }

  private static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }
}
