package io.dorado.persistence.cassandra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The child JVM's options: small heap, fast single-node start, and Cassandra's Java 17 module flags. */
final class JvmOptions {

  private JvmOptions() {}

  /** From Cassandra 5.0's conf/jvm17-server.options (the "JPMS" section), which cassandra-all does not ship. */
  static final List<String> JAVA17_MODULE_FLAGS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      // Netty settings from the same file.
      "-Dio.netty.tryReflectionSetAccessible=true",
      "-Dio.netty.allocator.useCacheForAllThreads=true",
      "-Dio.netty.allocator.maxOrder=11");

  static List<String> of(NodeConfig c, Path yaml, Path logback) {
    List<String> o = new ArrayList<>();
    // A small starting heap: as root, Cassandra mlocks the heap, and 1 GiB up front costs ~3 s and RAM.
    o.add("-Xms" + c.minHeap());
    o.add("-Xmx" + c.maxHeap());
    o.add("-Xss256k");
    o.add("-XX:+UseG1GC");
    o.add("-XX:+ExitOnOutOfMemoryError");
    o.add("-Djava.net.preferIPv4Stack=true");
    o.add("-Djava.io.tmpdir=" + c.workDir().resolve("tmp"));
    o.add("-Dcassandra.config=" + yaml.toUri());
    o.add("-Dlogback.configurationFile=" + logback);
    o.add("-Dcassandra.logdir=" + c.logDir());
    o.add("-Dcassandra.storagedir=" + c.workDir());
    // Keeps stdout open (the daemon closes it otherwise): it is our log file.
    o.add("-Dcassandra-foreground=yes");
    // One node, nobody to gossip with: do not wait for gossip to settle.
    o.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    o.add("-Dcassandra.ring_delay_ms=100");
    if (c.jmxPort() > 0) o.add("-Dcassandra.jmx.local.port=" + c.jmxPort()); // local-only JMX
    if (c.unsafeSystem()) o.add("-Dcassandra.unsafesystem=true");
    o.addAll(JAVA17_MODULE_FLAGS);
    return o;
  }
}
