package io.dorado.persistence.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.cassandra.CassandraNode;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.persistence.cassandra.NodeConfig;
import io.dorado.persistence.cassandra.Ports;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Cassandra for all tests of a test JVM, in main code so every module's tests can use it without a
 * test-jar. The first call starts a node on free ports in {@code target/test-cassandra/node-<pid>} (or
 * uses the external cluster named by {@code DORADO_CASSANDRA_CONTACT_POINTS}), applies the schema, and
 * registers a shutdown hook that kills the node and deletes its folder. Nothing here needs JUnit.
 */
public final class TestCassandra {

  private static final Logger log = LoggerFactory.getLogger(TestCassandra.class);
  private static final int START_ATTEMPTS = 3; // free ports are picked then released: another process may win

  private final CassandraSettings settings;
  private final Optional<CassandraNode> node;

  private TestCassandra(CassandraSettings settings, Optional<CassandraNode> node) {
    this.settings = settings;
    this.node = node;
  }

  /** Lazy, thread-safe: the JVM runs the initialiser once, on first use. */
  private static final class Holder {
    static final TestCassandra INSTANCE = startOrConnect();
  }

  private static TestCassandra instance() {
    return Holder.INSTANCE;
  }

  /** Where the shared node (or the external cluster) answers. */
  public static CassandraSettings settings() { return instance().settings; }

  public static InetSocketAddress contactPoint() { return settings().contactPoints().get(0); }

  public static String host() { return contactPoint().getHostString(); }

  public static int port() { return contactPoint().getPort(); }

  /**
   * A complete, resolved ActorSystem config for tests on Cassandra: {@code overrides} (may be empty) over
   * this node's driver settings, {@code replay-filter.mode = fail}, persistence.conf and the defaults.
   */
  public static Config pekkoConfig(Config overrides) {
    Config test = ConfigFactory.parseString("""
        dorado.persistence.dev-mode = false  # the schema comes from SchemaMigration, as in production
        # A test must fail on a corrupt event stream (several writers), not silently repair it.
        pekko.persistence.cassandra.journal.replay-filter.mode = fail
        """);
    return ConfigFactory.load(overrides
        .withFallback(settings().driverConfig())
        .withFallback(test)
        .withFallback(ConfigFactory.parseResources("persistence.conf")));
  }

  public static Config pekkoConfig() {
    return pekkoConfig(ConfigFactory.empty());
  }

  /**
   * Journal and snapshot keyspaces of a test's own ({@code pekko_<name>}, {@code pekko_snapshot_<name>}),
   * created on first use: the singletons' persistence ids are the same in every test of a JVM, so a test
   * that must not see another's guardian (its ledger, cooldowns, tripped breakers) writes elsewhere.
   */
  public static Config journalOfItsOwn(String name) {
    return ConfigFactory.parseString("""
        pekko.persistence.cassandra.journal.keyspace = "pekko_%1$s"
        pekko.persistence.cassandra.journal.keyspace-autocreate = true
        pekko.persistence.cassandra.journal.tables-autocreate = true
        pekko.persistence.cassandra.snapshot.keyspace = "pekko_snapshot_%1$s"
        pekko.persistence.cassandra.snapshot.keyspace-autocreate = true
        pekko.persistence.cassandra.snapshot.tables-autocreate = true
        """.formatted(name));
  }

  /** A fresh working folder of a node for a test that needs its own (e.g. stop/restart): {@code target/test-cassandra/<name>-<pid>}. */
  public static NodeConfig ownNodeConfig(String name) {
    Path base = Path.of("target", "test-cassandra");
    Path dir = base.resolve(name + "-" + ProcessHandle.current().pid());
    deleteFolder(dir);
    int cql = Ports.freeLoopbackPort();
    int storage = Ports.freeLoopbackPort();
    while (storage == cql) storage = Ports.freeLoopbackPort();
    return NodeConfig.defaults(dir)
        .withClasspathFile(base.resolve("classpath.txt")) // resolved once per module, not per node
        .withPorts(cql, storage)
        .withUnsafeSystem(true);
  }

  private static TestCassandra startOrConnect() {
    CassandraSettings external = CassandraSettings.fromEnv(System.getenv());
    if (!external.startsLocalNode()) {
      log.info("tests use the external Cassandra {}", external);
      SchemaMigration.apply(external, Replication.singleNode());
      return new TestCassandra(external, Optional.empty());
    }
    CassandraNode node = startNode();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.kill(); // a throw-away node: no need to wait for Cassandra's drain
      deleteFolder(node.config().workDir());
    }, "test-cassandra-stop"));
    log.info("test Cassandra on {}:{} started in {} ms", node.host(), node.cqlPort(), node.startupTime().toMillis());
    SchemaMigration.apply(node.settings(), Replication.singleNode());
    return new TestCassandra(node.settings(), Optional.of(node));
  }

  private static CassandraNode startNode() {
    reapOrphans(Path.of("target", "test-cassandra"));
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return CassandraNode.start(ownNodeConfig("node"));
      } catch (IOException e) {
        last = e;
        log.warn("test Cassandra attempt {} failed: {}", attempt, e.getMessage());
      }
    }
    throw new UncheckedIOException("could not start the test Cassandra", last);
  }

  /**
   * A test JVM that was killed (no shutdown hook) leaves its node running and its folder behind: kill
   * nodes whose owning JVM (the pid in the folder name) is gone, and delete their folders.
   */
  private static void reapOrphans(Path base) {
    if (!Files.isDirectory(base)) return;
    try (Stream<Path> dirs = Files.list(base)) {
      dirs.filter(Files::isDirectory).forEach(dir -> {
        String name = dir.getFileName().toString();
        String owner = name.substring(name.lastIndexOf('-') + 1);
        if (!owner.matches("\\d+") || ProcessHandle.of(Long.parseLong(owner)).isPresent()) return;
        readPid(dir.resolve("cassandra.pid")).flatMap(ProcessHandle::of)
            .filter(p -> p.info().commandLine().orElse("").contains(dir.toAbsolutePath().toString()))
            .ifPresent(p -> {
              log.warn("killing orphaned test Cassandra pid {} in {}", p.pid(), dir);
              p.destroyForcibly();
              p.onExit().join();
            });
        deleteFolder(dir);
      });
    } catch (IOException e) {
      log.debug("could not scan {}", base, e);
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Deletes a node folder (test nodes are throw-away). */
  public static void deleteFolder(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}", dir, e);
    }
  }

  /** The node's process, if this JVM started one (empty for an external cluster). */
  public static Optional<CassandraNode> node() { return instance().node; }
}
