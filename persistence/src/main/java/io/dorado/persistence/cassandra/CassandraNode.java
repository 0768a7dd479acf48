package io.dorado.persistence.cassandra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Cassandra 5.0 node in a child JVM ({@code CassandraDaemon} on the classpath of
 * {@code persistence/cassandra-node/pom.xml}), bound to 127.0.0.1 only, all its files under
 * {@link NodeConfig#workDir()}. {@link #start} returns once the CQL port answers; {@link #stop} sends
 * SIGTERM (Cassandra drains), waits, then kills.
 */
public final class CassandraNode implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  private static final Logger log = LoggerFactory.getLogger(CassandraNode.class);
  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";
  /** util-linux's setsid (Debian has it in every install), which starts the node in a session of its own. */
  private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
      .filter(p -> Files.isExecutable(Path.of(p))).findFirst();

  private final NodeConfig config;
  private final Process process;
  private final Duration startupTime;

  private CassandraNode(NodeConfig config, Process process, Duration startupTime) {
    this.config = config;
    this.process = process;
    this.startupTime = startupTime;
  }

  /** Starts a node and waits until its CQL port answers; fails fast (with the log tail) if it dies. */
  public static CassandraNode start(NodeConfig config) throws IOException {
    for (Path dir : List.of(config.workDir(), config.logDir(), config.workDir().resolve("tmp"))) {
      Files.createDirectories(dir);
    }
    stopStaleNode(config);
    requireFree(config.cqlPort(), "CQL");
    requireFree(config.storagePort(), "storage");
    if (config.jmxPort() > 0) requireFree(config.jmxPort(), "JMX");

    String classpath = NodeClasspath.resolve(config.classpathFile());
    Path yaml = NodeFiles.writeYaml(config);
    Path logback = NodeFiles.writeLogback(config);
    // An @argfile keeps the 100-jar classpath out of `ps` and under any command-line limit.
    Path argFile = config.confDir().resolve("jvm.args");
    List<String> args = new ArrayList<>(JvmOptions.of(config, yaml, logback));
    args.add("-cp");
    args.add(classpath);
    Files.write(argFile, args.stream().map(CassandraNode::quoteArg).toList());

    long t0 = System.nanoTime();
    Files.writeString(config.logFile(), "=== starting Cassandra node (CQL " + config.cqlPort() + ") ===\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "@" + argFile, DAEMON));
    // A session of its own: Ctrl-C in a terminal signals the whole foreground process group, and the node must
    // outlive the fleet's shutdown (its last writes), which stops it afterwards (Main's shutdown hook).
    if (SETSID.isPresent()) command.add(0, SETSID.get());
    Process process = new ProcessBuilder(command)
        .directory(config.workDir().toFile()) // hs_err and heap dumps land here, not in the caller's folder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logFile().toFile()))
        .start();
    Files.writeString(config.pidFile(), Long.toString(process.pid()));
    try {
      awaitCql(config, process, t0);
    } catch (IOException | RuntimeException e) {
      new CassandraNode(config, process, Duration.ZERO).kill();
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    log.info("Cassandra node pid {} answers CQL on {}:{} after {} ms (folder {})",
        process.pid(), HOST, config.cqlPort(), took.toMillis(), config.workDir());
    return new CassandraNode(config, process, took);
  }

  private static void awaitCql(NodeConfig config, Process process, long t0) throws IOException {
    long deadline = t0 + config.startTimeout().toNanos();
    while (!Ports.answers(HOST, config.cqlPort())) {
      if (!process.isAlive()) {
        throw new IOException("Cassandra exited with code " + process.exitValue() + " before CQL answered\n"
            + LogTail.of(config.logFile(), 40));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("Cassandra's CQL port " + config.cqlPort() + " did not answer within "
            + config.startTimeout().toSeconds() + " s\n" + LogTail.of(config.logFile(), 40));
      }
      sleep(200);
    }
  }

  public String host() { return HOST; }
  public int cqlPort() { return config.cqlPort(); }
  public InetSocketAddress contactPoint() { return new InetSocketAddress(HOST, config.cqlPort()); }
  public CassandraSettings settings() { return CassandraSettings.local(contactPoint()); }
  public NodeConfig config() { return config; }
  public Path logFile() { return config.logFile(); }
  public long pid() { return process.pid(); }
  public boolean isRunning() { return process.isAlive(); }
  /** From launching the JVM until the CQL port answered. */
  public Duration startupTime() { return startupTime; }

  /** SIGTERM (Cassandra drains and flushes), wait up to the stop timeout, then SIGKILL. Idempotent. */
  public synchronized void stop() {
    if (process.isAlive()) {
      long t0 = System.nanoTime();
      process.destroy();
      if (!waitFor(config.stopTimeout())) {
        log.warn("Cassandra pid {} ignored SIGTERM for {} s; killing it", process.pid(),
            config.stopTimeout().toSeconds());
        kill();
      }
      log.info("Cassandra node pid {} stopped in {} ms", process.pid(),
          Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }
    deletePidFile();
  }

  /** SIGKILL at once: for throw-away nodes (tests) where a drain only costs time. Data stays consistent
   *  (commit log replay), as after a crash. */
  public synchronized void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
    deletePidFile();
  }

  @Override
  public void close() {
    stop();
  }

  /** Runs a node in the foreground until Ctrl-C (or until Cassandra exits). Settings: {@link NodeConfig#fromEnv}. */
  public static void main(String[] args) throws Exception {
    CassandraSettings settings = CassandraSettings.fromEnv(System.getenv());
    if (!settings.startsLocalNode()) {
      System.out.println("DORADO_CASSANDRA_CONTACT_POINTS names an external cluster " + settings
          + ": not starting a local node.");
      return;
    }
    NodeConfig config = NodeConfig.fromEnv(System.getenv(), NodeClasspath.projectRoot());
    CassandraNode node = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "cassandra-node-stop"));
    System.out.printf("Cassandra up on %s:%d after %d ms (pid %d, folder %s, log %s). Ctrl-C stops it.%n",
        HOST, config.cqlPort(), node.startupTime().toMillis(), node.pid(), config.workDir(), config.logFile());
    int code = node.process.waitFor();
    System.out.println("Cassandra exited with code " + code);
  }

  /** A node left running by a JVM that died (no shutdown hook ran) still holds the folder and ports. */
  private static void stopStaleNode(NodeConfig config) throws IOException {
    if (!Files.isRegularFile(config.pidFile())) return;
    String text = Files.readString(config.pidFile()).trim();
    Optional<ProcessHandle> stale = text.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(text));
    stale.filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains(config.confDir().toString()))
        .ifPresent(p -> {
          log.warn("stopping stale Cassandra pid {} that still runs in {}", p.pid(), config.workDir());
          p.destroy();
          try {
            p.onExit().get(config.stopTimeout().toSeconds(), TimeUnit.SECONDS);
          } catch (Exception e) {
            p.destroyForcibly();
          }
        });
    Files.deleteIfExists(config.pidFile());
  }

  private static void requireFree(int port, String what) throws IOException {
    if (!Ports.isFree(HOST, port)) {
      throw new IOException("the " + what + " port " + HOST + ":" + port + " is taken; choose another one");
    }
  }

  /** The java of the running JVM: the node must run on Java 17 like us (it dies on Java 25). */
  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String quoteArg(String arg) {
    return arg.contains(" ") || arg.contains("\\") || arg.contains("\"")
        ? "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : arg;
  }

  private boolean waitFor(Duration d) {
    try {
      return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(config.pidFile());
    } catch (IOException e) {
      log.debug("could not delete {}", config.pidFile(), e);
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Cassandra", e);
    }
  }
}
