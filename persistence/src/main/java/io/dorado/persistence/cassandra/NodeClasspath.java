package io.dorado.persistence.cassandra;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The classpath of the child Cassandra JVM: {@code persistence/cassandra-node/pom.xml} resolved by
 * Maven's dependency plugin once and cached in a file, so cassandra-all never touches our own classpath.
 */
public final class NodeClasspath {

  static final String NODE_POM = "persistence/cassandra-node/pom.xml";
  private static final long MAVEN_TIMEOUT_MINUTES = 15;

  private NodeClasspath() {}

  /** The cached classpath if still valid (newer than the pom, every jar present), else resolves it. */
  static String resolve(Path cacheFile) throws IOException {
    Path pom = nodePom();
    Optional<String> cached = readValid(cacheFile, pom);
    if (cached.isPresent()) return cached.get();

    Files.createDirectories(cacheFile.getParent());
    // Resolve into a temp file and move it: two JVMs resolving at once never see half a file.
    Path tmp = Files.createTempFile(cacheFile.getParent(), "classpath", ".tmp");
    Path log = cacheFile.resolveSibling("classpath-mvn.log");
    Process mvn = new ProcessBuilder(maven().toString(), "-B", "-ntp", "-q", "-f", pom.toString(),
            "dependency:build-classpath", "-Dmdep.outputFile=" + tmp)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      if (!mvn.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        mvn.destroyForcibly();
        throw new IOException("Maven did not resolve " + pom + " within " + MAVEN_TIMEOUT_MINUTES + " min");
      }
    } catch (InterruptedException e) {
      mvn.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while resolving the Cassandra classpath", e);
    }
    if (mvn.exitValue() != 0 || Files.size(tmp) == 0) {
      Files.deleteIfExists(tmp);
      throw new IOException("Maven failed to resolve " + pom + " (exit " + mvn.exitValue() + "):\n"
          + LogTail.of(log, 30));
    }
    Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return Files.readString(cacheFile).trim();
  }

  private static Optional<String> readValid(Path cacheFile, Path pom) throws IOException {
    if (!Files.isRegularFile(cacheFile)) return Optional.empty();
    if (Files.getLastModifiedTime(cacheFile).compareTo(Files.getLastModifiedTime(pom)) < 0) return Optional.empty();
    String cp = Files.readString(cacheFile).trim();
    boolean complete = !cp.isEmpty()
        && List.of(cp.split(File.pathSeparator)).stream().allMatch(p -> Files.exists(Path.of(p)));
    return complete ? Optional.of(cp) : Optional.empty();
  }

  /** {@code DORADO_CASSANDRA_NODE_POM} / {@code -Ddorado.cassandra.node-pom}, else found above the working dir. */
  static Path nodePom() throws IOException {
    String explicit = firstNonBlank(System.getProperty("dorado.cassandra.node-pom"),
        System.getenv("DORADO_CASSANDRA_NODE_POM"));
    if (explicit != null) return Path.of(explicit).toAbsolutePath();
    return projectRoot().resolve(NODE_POM);
  }

  /** The nearest folder at or above the working directory that holds {@value #NODE_POM}. */
  public static Path projectRoot() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(NODE_POM))) return dir;
    }
    throw new IOException("no " + NODE_POM + " at or above " + Path.of("").toAbsolutePath()
        + "; run from the project or set DORADO_CASSANDRA_NODE_POM");
  }

  /**
   * The mvn executable: {@code DORADO_MVN}, the running Maven's home (Surefire passes {@code maven.home}),
   * {@code MAVEN_HOME}/{@code M2_HOME}, a {@code mvnw} in the project, then {@code mvn} on the PATH.
   */
  static Path maven() throws IOException {
    List<Path> candidates = new ArrayList<>();
    addIfSet(candidates, System.getenv("DORADO_MVN"), "");
    addIfSet(candidates, System.getProperty("maven.home"), "bin/mvn");
    addIfSet(candidates, System.getenv("MAVEN_HOME"), "bin/mvn");
    addIfSet(candidates, System.getenv("M2_HOME"), "bin/mvn");
    candidates.add(projectRoot().resolve("mvnw"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) candidates.add(Path.of(dir, "mvn"));
      }
    }
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst()
        .orElseThrow(() -> new IOException("no mvn executable found; set DORADO_MVN or MAVEN_HOME"));
  }

  private static void addIfSet(List<Path> into, String base, String child) {
    if (base != null && !base.isBlank()) into.add(child.isEmpty() ? Path.of(base) : Path.of(base, child));
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) return a;
    return b != null && !b.isBlank() ? b : null;
  }
}
