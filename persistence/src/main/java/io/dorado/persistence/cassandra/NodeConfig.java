package io.dorado.persistence.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to run one local Cassandra node. Everything the node writes (config, data, commit log, logs,
 * tmp) lives under {@code workDir}, so pointing a new node at the same folder reuses its data.
 * {@code jmxPort} 0 means no JMX listener at all.
 */
public record NodeConfig(
    Path workDir,
    Path classpathFile,
    String clusterName,
    int cqlPort,
    int storagePort,
    int jmxPort,
    String minHeap,
    String maxHeap,
    Duration startTimeout,
    Duration stopTimeout,
    boolean unsafeSystem) {

  public static final int DEFAULT_CQL_PORT = 9042;
  public static final int DEFAULT_STORAGE_PORT = 7000;

  public NodeConfig {
    workDir = workDir.toAbsolutePath().normalize();
    classpathFile = classpathFile.toAbsolutePath().normalize();
  }

  /** Default ports, small heap, the classpath cached in the working folder. */
  public static NodeConfig defaults(Path workDir) {
    return new NodeConfig(workDir, workDir.resolve("classpath.txt"), "dorado-local",
        DEFAULT_CQL_PORT, DEFAULT_STORAGE_PORT, 0, "256m", "1G",
        Duration.ofSeconds(90), Duration.ofSeconds(30), false);
  }

  /**
   * For scripts: {@code DORADO_CASSANDRA_DIR} (default {@code var/cassandra} under the project root),
   * {@code DORADO_CASSANDRA_CQL_PORT}, {@code DORADO_CASSANDRA_STORAGE_PORT}, {@code DORADO_CASSANDRA_JMX_PORT}.
   */
  public static NodeConfig fromEnv(Map<String, String> env, Path projectRoot) {
    Path dir = env.containsKey("DORADO_CASSANDRA_DIR")
        ? Path.of(env.get("DORADO_CASSANDRA_DIR"))
        : projectRoot.resolve("var/cassandra");
    NodeConfig d = defaults(dir);
    return d.withPorts(
            intOr(env, "DORADO_CASSANDRA_CQL_PORT", d.cqlPort()),
            intOr(env, "DORADO_CASSANDRA_STORAGE_PORT", d.storagePort()))
        .withJmxPort(intOr(env, "DORADO_CASSANDRA_JMX_PORT", d.jmxPort()));
  }

  public NodeConfig withPorts(int cql, int storage) {
    return new NodeConfig(workDir, classpathFile, clusterName, cql, storage, jmxPort, minHeap, maxHeap,
        startTimeout, stopTimeout, unsafeSystem);
  }

  public NodeConfig withJmxPort(int jmx) {
    return new NodeConfig(workDir, classpathFile, clusterName, cqlPort, storagePort, jmx, minHeap, maxHeap,
        startTimeout, stopTimeout, unsafeSystem);
  }

  /** Share one resolved classpath between several working folders (e.g. every test node). */
  public NodeConfig withClasspathFile(Path file) {
    return new NodeConfig(workDir, file, clusterName, cqlPort, storagePort, jmxPort, minHeap, maxHeap,
        startTimeout, stopTimeout, unsafeSystem);
  }

  public NodeConfig withStartTimeout(Duration timeout) {
    return new NodeConfig(workDir, classpathFile, clusterName, cqlPort, storagePort, jmxPort, minHeap, maxHeap,
        timeout, stopTimeout, unsafeSystem);
  }

  /** Skip fsync of the system keyspace: faster schema changes for throw-away (test) nodes. */
  public NodeConfig withUnsafeSystem(boolean unsafe) {
    return new NodeConfig(workDir, classpathFile, clusterName, cqlPort, storagePort, jmxPort, minHeap, maxHeap,
        startTimeout, stopTimeout, unsafe);
  }

  Path confDir() { return workDir.resolve("conf"); }
  Path logDir() { return workDir.resolve("logs"); }
  Path logFile() { return logDir().resolve("cassandra.log"); }
  Path pidFile() { return workDir.resolve("cassandra.pid"); }

  private static int intOr(Map<String, String> env, String key, int fallback) {
    String v = env.get(key);
    if (v == null || v.isBlank()) return fallback;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a port number, was '" + v + "'", e);
    }
  }
}
