package io.dorado.persistence.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for error messages that explain themselves. */
final class LogTail {

  private LogTail() {}

  static String of(Path file, int lines) {
    try {
      if (!Files.isRegularFile(file)) return "(no log at " + file + ")";
      // Cassandra may write odd bytes (e.g. from a JVM crash); decode leniently.
      List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return "--- last lines of " + file + " ---\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }
}
