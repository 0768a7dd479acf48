package io.dorado.persistence.cassandra;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The replication map of our keyspaces, as CQL. */
public record Replication(String cql) {

  /** One local node (dev, tests). */
  public static Replication singleNode() {
    return new Replication("{'class': 'SimpleStrategy', 'replication_factor': 1}");
  }

  /** Production: NetworkTopologyStrategy, e.g. {@code networkTopology(Map.of("dc1", 3))}. */
  public static Replication networkTopology(Map<String, Integer> factorPerDatacenter) {
    if (factorPerDatacenter.isEmpty()) throw new IllegalArgumentException("name at least one data center");
    return new Replication(new TreeMap<>(factorPerDatacenter).entrySet().stream()
        .map(e -> "'" + e.getKey().replace("'", "''") + "': " + e.getValue())
        .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}")));
  }
}
