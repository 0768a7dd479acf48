package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.persistence.testing.TestCassandra;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

  private static final Set<String> JOURNAL_TABLES = Set.of(
      "messages", "tag_views", "tag_write_progress", "tag_scanning", "metadata", "all_persistence_ids");
  private static final Set<String> READ_SIDE_TABLES = Set.of("bot_ledger", "guardian_progress", "orders_by_bot",
      "fills_by_bot", "trades_by_bot", "trades_by_day", "audit_log", "scans_by_day", "fill_quality_by_venue");

  @Test
  void the_files_hold_five_keyspaces_twenty_tables_and_three_added_columns_with_the_replication_filled_in() {
    List<String> statements = SchemaMigration.statements(Replication.networkTopology(Map.of("dc1", 3)));
    assertEquals(28, statements.size(), statements::toString);
    assertEquals(5, statements.stream().filter(s -> s.startsWith("CREATE KEYSPACE IF NOT EXISTS")).count());
    assertEquals(20, statements.stream().filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS")).count());
    assertEquals(3, statements.stream().filter(s -> s.startsWith("ALTER TABLE") && s.contains(" ADD IF NOT EXISTS ")).count(),
        statements::toString);
    assertTrue(statements.get(0).endsWith("{'class': 'NetworkTopologyStrategy', 'dc1': 3}"), statements.get(0));
    assertFalse(statements.stream().anyMatch(s -> s.contains("${") || s.contains("--") || s.endsWith(";")));
  }

  @Test
  void applying_the_migration_twice_is_harmless_and_leaves_every_table_in_place() {
    CassandraSettings settings = TestCassandra.settings(); // already migrated once when it started
    SchemaMigration.apply(settings, Replication.singleNode());
    SchemaMigration.apply(settings, Replication.singleNode());

    try (CqlSession session = Sessions.open(settings)) {
      assertEquals(JOURNAL_TABLES, tables(session, "pekko"));
      assertEquals(Set.of("snapshots"), tables(session, "pekko_snapshot"));
      assertEquals(Set.of("offset_store", "projection_management"), tables(session, "pekko_projection"));
      assertEquals(READ_SIDE_TABLES, tables(session, "dorado_read"));
      assertEquals(Set.of("bars", "option_chains"), tables(session, "dorado_market"));
      Set<String> orderColumns = session.execute("SELECT column_name FROM system_schema.columns WHERE keyspace_name = "
          + "'dorado_read' AND table_name = 'orders_by_bot'").all().stream().map(r -> r.getString("column_name"))
          .collect(Collectors.toSet());
      assertTrue(orderColumns.containsAll(Set.of("template", "approved_by", "client_order_id")), orderColumns::toString);
    }
  }

  private static Set<String> tables(CqlSession session, String keyspace) {
    return session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .all().stream().map(r -> r.getString("table_name")).collect(Collectors.toSet());
  }
}
