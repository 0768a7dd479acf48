package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.risk.RiskGuardian;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.Persistence;
import org.junit.jupiter.api.Test;

/**
 * The production exit, in a JVM of its own: a node whose journal plugin stopped leaves through a coordinated
 * shutdown and the process ends with {@link JournalWatchdog#EXIT_CODE} (cluster.conf's reason override), the
 * code its orchestrator restarts it on.
 */
class JournalWatchdogExitTest {

  @Test
  void a_node_whose_journal_plugin_stopped_exits_with_code_74() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long start = System.nanoTime();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectErrorStream(true).start();
    try {
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child exited");
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(output.contains("journal stopped"), output);
      assertEquals(JournalWatchdog.EXIT_CODE, child.exitValue(), output);
      System.out.printf("journal watchdog exit: the child exited with %d after %d ms%n", child.exitValue(),
          Duration.ofNanos(System.nanoTime() - start).toMillis());
    } finally {
      child.destroyForcibly();
    }
  }

  /** A node's ActorSystem (no cluster) on the in-memory journal with the real exit; it stops its journal. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      var config = ConfigFactory.parseString("""
              pekko.actor.provider = local
              pekko.loglevel = WARNING
              pekko.coordinated-shutdown.exit-jvm = on
              pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
              """).withFallback(ConfigFactory.parseResources("cluster.conf")).withFallback(ConfigFactory.load()).resolve();
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "child", config);
      var guardian = system.systemActorOf(Behaviors.<RiskGuardian.Command>receiveMessage(c -> {
        if (c instanceof RiskGuardian.RestrictTrading r) {
          r.replyTo().tell(new RiskGuardian.OperatorReply(r.atLeast(), false, "ok"));
        }
        return Behaviors.same();
      }), "guardian", org.apache.pekko.actor.typed.Props.empty());
      var settings = JournalWatchdog.Options.fromConfig(config).settings();
      system.systemActorOf(JournalWatchdog.create(settings, guardian, JournalWatchdog.processExit(Duration.ofSeconds(30)),
          Clock.systemUTC()), "journal-watchdog", org.apache.pekko.actor.typed.Props.empty());
      Thread.sleep(1_000);
      var journal = Persistence.get(Adapter.toClassic(system)).journalFor("", ConfigFactory.empty());
      System.out.println("journal stopped by the test");
      System.out.flush();
      journal.tell(PoisonPill.getInstance(), org.apache.pekko.actor.ActorRef.noSender());
      Thread.sleep(120_000); // the watchdog ends the JVM long before
      System.exit(1);
    }
  }
}
