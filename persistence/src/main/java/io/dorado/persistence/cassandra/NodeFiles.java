package io.dorado.persistence.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the node's own cassandra.yaml and logback.xml (cassandra-all ships neither) on every start,
 * so a changed port or folder always takes effect; the data folders stay put.
 */
final class NodeFiles {

  private NodeFiles() {}

  static Path writeYaml(NodeConfig c) throws IOException {
    Path yaml = c.confDir().resolve("cassandra.yaml");
    Files.createDirectories(c.confDir());
    Files.writeString(yaml, yaml(c));
    return yaml;
  }

  static Path writeLogback(NodeConfig c) throws IOException {
    Path xml = c.confDir().resolve("logback.xml");
    Files.createDirectories(c.confDir());
    Files.writeString(xml, LOGBACK);
    return xml;
  }

  /** A single loopback node: one token, no auth, every port ours to choose. */
  static String yaml(NodeConfig c) {
    Path d = c.workDir();
    return """
        # Written by io.dorado.persistence.cassandra.CassandraNode on every start; edits are overwritten.
        cluster_name: '%s'
        num_tokens: 1
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch

        # Local development only: no authentication, no authorisation.
        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        role_manager: CassandraRoleManager
        network_authorizer: AllowAllNetworkAuthorizer

        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "127.0.0.1:%d"
        listen_address: 127.0.0.1
        rpc_address: 127.0.0.1
        storage_port: %d
        start_native_transport: true
        native_transport_port: %d

        data_file_directories:
          - %s
        commitlog_directory: %s
        saved_caches_directory: %s
        hints_directory: %s
        cdc_raw_directory: %s

        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        # Cassandra's default. A mutation may be at most half a segment: the guardian's and a venue's
        # snapshots are single rows of a retention period's orders (LargeSnapshotTest stores 12 MiB).
        commitlog_segment_size: 32MiB
        disk_failure_policy: stop
        commit_failure_policy: stop
        concurrent_compactors: 1
        """.formatted(c.clusterName(), c.storagePort(), c.storagePort(), c.cqlPort(),
            d.resolve("data"), d.resolve("commitlog"), d.resolve("saved_caches"), d.resolve("hints"),
            d.resolve("cdc_raw"));
  }

  // Everything goes to stdout, which CassandraNode appends to logs/cassandra.log (one file to tail).
  private static final String LOGBACK = """
      <configuration scan="false">
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%-5level [%thread] %date{ISO8601} %logger{20} - %msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="STDOUT"/></root>
      </configuration>
      """;
}
