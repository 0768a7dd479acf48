package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Each incarnation of a tracked behaviour writes its start, its activity and its stop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivationLogTest {
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void an_incarnation_writes_start_then_activity_before_handling_then_stop(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("activations.log");
    try (ActivationLog log = ActivationLog.open(file, "127.0.0.1:25520")) {
      TestProbe<String> probe = testKit.createTestProbe();
      ActorRef<String> echo = testKit.spawn(log.track("Bot", "bot-1", Behaviors.<String>receiveMessage(m -> {
        probe.ref().tell(m);
        return m.equals("stop") ? Behaviors.stopped() : Behaviors.same();
      })));
      echo.tell("hello");
      probe.expectMessage("hello");
      List<String> seen = Files.readAllLines(file);
      assertEquals(2, seen.size(), "start and one activity line, written before the message was handled: " + seen);
      Thread.sleep(ActivationLog.ACTIVE_EVERY_MS + 10); // the next message is a new burst of activity
      echo.tell("stop");
      probe.expectMessage("stop");
      probe.expectTerminated(echo);

      List<String[]> lines = Files.readAllLines(file).stream().map(l -> l.split(" ")).toList();
      assertEquals(List.of("start", "active", "active", "stop"), lines.stream().map(l -> l[5]).toList());
      assertEquals(String.class.getName(), lines.get(1)[6], "activity names the message's class");
      for (String[] line : lines) {
        assertEquals(List.of("127.0.0.1:25520", "Bot", "bot-1", "1"), List.of(line[1], line[2], line[3], line[4]));
      }
      assertTrue(Long.parseLong(lines.get(0)[0]) <= Long.parseLong(lines.get(3)[0]));
    }
  }

  @Test
  void after_the_clusters_stop_message_every_message_until_the_stop_is_written(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("activations.log");
    try (ActivationLog log = ActivationLog.open(file, "127.0.0.1:25520")) {
      TestProbe<String> probe = testKit.createTestProbe();
      ActorRef<String> actor = testKit.spawn(log.track("singleton", "risk-guardian", Behaviors.<String>receiveMessage(m -> {
        probe.ref().tell(m);
        return m.equals("done") ? Behaviors.stopped() : Behaviors.same();
      }), "Stop"));
      for (String m : List.of("a", "Stop", "written", "written", "done")) actor.tell(m); // within one burst
      probe.expectMessage("a");
      probe.expectMessage("Stop");
      probe.expectMessage("written");
      probe.expectMessage("written");
      probe.expectMessage("done");
      probe.expectTerminated(actor);

      List<String> what = Files.readAllLines(file).stream().map(l -> l.split(" ")[5]).toList();
      assertEquals(List.of("start", "active", "stopping", "active", "active", "active", "stop"), what,
          "the journal's answers after the stop message show: writes in flight at a hand-over");
    }
  }
}
