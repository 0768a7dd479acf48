package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraSettingsTest {

  @Test
  void without_contact_points_the_project_starts_its_own_node() {
    CassandraSettings s = CassandraSettings.fromEnv(Map.of());
    assertTrue(s.startsLocalNode());
    assertEquals("datacenter1", s.localDatacenter());
    assertThrows(IllegalStateException.class, s::driverConfig);
  }

  @Test
  void an_external_cluster_from_the_environment_becomes_driver_settings() {
    CassandraSettings s = CassandraSettings.fromEnv(Map.of(
        "DORADO_CASSANDRA_CONTACT_POINTS", "cass-1:9142, cass-2",
        "DORADO_CASSANDRA_DATACENTER", "eu-west",
        "DORADO_CASSANDRA_USERNAME", "dorado",
        "DORADO_CASSANDRA_PASSWORD", "s3cret"));
    assertFalse(s.startsLocalNode());
    Config driver = s.driverConfig().getConfig("datastax-java-driver");
    assertEquals(List.of("cass-1:9142", "cass-2:9042"), driver.getStringList("basic.contact-points"));
    assertEquals("eu-west", driver.getString("basic.load-balancing-policy.local-datacenter"));
    assertEquals("PlainTextAuthProvider", driver.getString("advanced.auth-provider.class"));
    assertFalse(s.toString().contains("s3cret"), "the password never reaches a log line");
  }

  @Test
  void persistence_conf_reads_the_same_settings_and_defaults_to_a_local_node() {
    Config conf = ConfigFactory.parseResources("persistence.conf").resolve();
    assertTrue(CassandraSettings.fromConfig(conf).startsLocalNode());
    assertFalse(conf.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"), "no auto-create outside dev");
    assertTrue(conf.getBoolean("datastax-java-driver.advanced.reconnect-on-init"));

    Config dev = ConfigFactory.parseString("dorado.persistence.dev-mode = true")
        .withFallback(ConfigFactory.parseResources("persistence.conf")).resolve();
    assertTrue(dev.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"));
    assertTrue(dev.getBoolean("pekko.persistence.cassandra.snapshot.tables-autocreate"));
  }

  @Test
  void a_bad_contact_point_is_named_in_the_error() {
    var e = assertThrows(IllegalArgumentException.class, () -> CassandraSettings.parseContactPoints("host:port"));
    assertTrue(e.getMessage().contains("host:port"));
  }

  @Test
  void the_node_yaml_binds_loopback_and_uses_the_configured_ports_and_folders() {
    NodeConfig c = NodeConfig.defaults(Path.of("/tmp/x")).withPorts(19042, 17000);
    String yaml = NodeFiles.yaml(c);
    assertTrue(yaml.contains("native_transport_port: 19042"));
    assertTrue(yaml.contains("storage_port: 17000"));
    assertTrue(yaml.contains("seeds: \"127.0.0.1:17000\""));
    assertTrue(yaml.contains("listen_address: 127.0.0.1") && yaml.contains("rpc_address: 127.0.0.1"));
    assertTrue(yaml.contains("num_tokens: 1"));
    assertTrue(yaml.contains("- /tmp/x/data"));
    assertFalse(JvmOptions.of(c, Path.of("/tmp/x/conf/cassandra.yaml"), Path.of("/tmp/x/conf/logback.xml"))
        .stream().anyMatch(o -> o.startsWith("-Dcassandra.jmx")), "no JMX unless a port is given");
  }
}
