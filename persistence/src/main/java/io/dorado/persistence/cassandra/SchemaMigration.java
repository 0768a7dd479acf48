package io.dorado.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the CQL files under {@code cql/} in order. Every statement is {@code CREATE ... IF NOT EXISTS} (or
 * {@code ALTER TABLE ... ADD IF NOT EXISTS}), so applying twice (or from every deploy) is harmless. Run it from one place (a deploy step or a single
 * node), not from every node at once: Cassandra handles concurrent schema changes badly.
 */
public final class SchemaMigration {

  /** In order of application. Add new files at the end; never edit an applied one. */
  public static final List<String> FILES = List.of(
      "cql/001-keyspaces.cql", "cql/002-journal-tables.cql", "cql/003-snapshot-tables.cql",
      "cql/004-read-side.cql", "cql/005-market-data.cql", "cql/006-order-provenance.cql", "cql/007-scans.cql",
      "cql/008-fill-quality.cql");

  private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);
  // DDL waits for schema agreement; the driver's 2 s default request timeout is too short on a busy laptop.
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

  private SchemaMigration() {}

  /** Opens a session for the settings, applies every file, closes the session. */
  public static void apply(CassandraSettings settings, Replication replication) {
    try (CqlSession session = Sessions.open(settings)) {
      apply(session, replication);
    }
  }

  public static void apply(CqlSession session, Replication replication) {
    List<String> statements = statements(replication);
    for (String cql : statements) {
      session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
    }
    log.info("schema migration applied: {} statements from {}", statements.size(), FILES);
  }

  /** Every statement of every file, comments dropped, {@code ${replication}} filled in. */
  public static List<String> statements(Replication replication) {
    List<String> all = new ArrayList<>();
    for (String file : FILES) {
      all.addAll(split(read(file)).stream().map(s -> s.replace("${replication}", replication.cql())).toList());
    }
    return all;
  }

  /** Splits on ';' at line ends after dropping '--' comment lines; our files keep one statement per ';'. */
  static List<String> split(String text) {
    StringBuilder withoutComments = new StringBuilder();
    text.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> withoutComments.append(l).append('\n'));
    List<String> statements = new ArrayList<>();
    for (String part : withoutComments.toString().split(";\\s*\\n")) {
      String s = part.strip();
      if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
      if (!s.isEmpty()) statements.add(s);
    }
    return statements;
  }

  private static String read(String resource) {
    try (InputStream in = SchemaMigration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
