package io.dorado.fleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Local writes per table on the Cassandra node, from its {@code system_views.local_write_latency}
 * virtual table (Cassandra 4.1+): where a measured window's writes went, to say what an order costs the
 * node and not only how long it took.
 */
final class TableWrites {
  private TableWrites() {}

  /** keyspace.table → writes since the node started. */
  static Map<String, Long> now(CqlSession session) {
    var counts = new HashMap<String, Long>();
    for (Row r : session.execute("SELECT keyspace_name, table_name, count FROM system_views.local_write_latency")) {
      String ks = r.getString("keyspace_name");
      if (ks.startsWith("system")) continue;
      counts.put(ks + "." + r.getString("table_name"), r.getLong("count"));
    }
    return counts;
  }

  /** The writes between two readings, per {@code per} (e.g. per order), largest first: "table 2.1, ...". */
  static String between(Map<String, Long> before, Map<String, Long> after, double per) {
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / per))
        .collect(Collectors.joining(", "));
  }
}
