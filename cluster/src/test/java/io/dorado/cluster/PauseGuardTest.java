package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A process paused longer than the limit halts before anything else runs; a short pause does nothing.
 * Real processes: a child JVM ({@link PausedChild}) is frozen with SIGSTOP and resumed with SIGCONT.
 */
class PauseGuardTest {

  @Test
  void a_process_resumed_after_a_pause_longer_than_the_limit_halts_and_one_after_a_short_pause_runs_on()
      throws Exception {
    Process longPause = PausedChild.start("1s");
    Process shortPause = PausedChild.start("30s");
    try {
      PausedChild.awaitTicking(longPause);
      PausedChild.awaitTicking(shortPause);
      signal("STOP", longPause);
      signal("STOP", shortPause);
      long frozenAt = System.nanoTime();
      while (System.nanoTime() - frozenAt < Duration.ofSeconds(3).toNanos()) {
        Thread.onSpinWait(); // both stay frozen for 3 s (a busy wait: no sleep in a test that checks a pause)
      }
      signal("CONT", longPause);
      signal("CONT", shortPause);
      assertTrue(longPause.waitFor(60, TimeUnit.SECONDS), "paused 3 s with a limit of 1 s: halted");
      assertEquals(PauseGuard.EXIT_CODE, longPause.exitValue());
      for (int i = 0; i < 10; i++) {
        assertTrue(PausedChild.awaitTicking(shortPause), "paused 3 s with a limit of 30 s: still running");
      }
      assertTrue(shortPause.isAlive(), "ten ticks after the resume (a second of them) and still running");
    } finally {
      longPause.destroyForcibly();
      shortPause.destroyForcibly();
    }
  }

  private static void signal(String name, Process process) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor());
  }

  /** A JVM with a guard that prints a line every 100 ms, checking the guard before each (like an entity's message). */
  public static final class PausedChild {
    public static void main(String[] args) throws Exception {
      PauseGuard guard = PauseGuard.start(Duration.parse("PT" + args[0].toUpperCase()));
      while (true) {
        guard.check();
        System.out.println("tick");
        System.out.flush();
        Thread.sleep(100);
      }
    }

    static Process start(String limit) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PausedChild.class.getName(), limit)
          .redirectErrorStream(true).start();
    }

    /** Reads until the next tick; false if the process ended first. */
    static boolean awaitTicking(Process process) throws Exception {
      var in = process.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c != '\n') {
          line.append((char) c);
        } else if (line.toString().equals("tick")) {
          return true;
        } else {
          line.setLength(0);
        }
      }
      return false;
    }
  }
}
