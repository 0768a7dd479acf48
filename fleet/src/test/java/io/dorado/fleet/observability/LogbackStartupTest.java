package io.dorado.fleet.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.fleet.Main;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The run command's console at start-up: a JVM that logs with the application's own logback.xml (as {@code bin/run}
 * does) prints the fleet's log lines and none of logback's own status lines ({@code |-INFO in ...}), which logback
 * prints whole, ~27 lines, as soon as one status is a warning (the appender DORADO_LOG_FORMAT leaves unused is one).
 */
class LogbackStartupTest {

  /** The child: logs one line as the fleet would. */
  public static final class Child {
    public static void main(String[] args) {
      org.slf4j.LoggerFactory.getLogger("io.dorado.fleet.Main").info("fleet starting");
    }
  }

  @Test
  void a_start_up_with_the_applications_logback_config_prints_its_own_lines_and_no_logback_status() throws Exception {
    URL appConfig = Main.class.getResource("/logback.xml");
    assertNotNull(appConfig, "the application's logback.xml");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + appConfig, Child.class.getName())
        .redirectErrorStream(true).start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
    List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
        .filter(l -> !l.isBlank()).toList();
    assertEquals(0, child.exitValue(), String.join("\n", lines));
    assertEquals(1, lines.size(), () -> "one line, the fleet's own; logback printed:\n" + String.join("\n", lines));
    assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io.dorado.fleet.Main - fleet starting"),
        lines.get(0));
  }
}
