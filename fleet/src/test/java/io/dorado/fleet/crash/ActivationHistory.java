package io.dorado.fleet.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The activation logs of every node life (io.dorado.cluster.ActivationLog), read back: per entity or
 * singleton, each incarnation with its node, its start and the last time it handled a message.
 */
final class ActivationHistory {

  /** One incarnation: [start, lastActive] is when it may have acted; {@code stopped} if it wrote its stop. */
  record Incarnation(String kind, String id, String node, long number, long start, long lastActive, boolean stopped) {
    String key() {
      return kind + " " + id;
    }

    boolean overlaps(Incarnation other) {
      return start <= other.lastActive && other.start <= lastActive;
    }
  }

  private final Map<String, List<Incarnation>> byEntity;

  private ActivationHistory(Map<String, List<Incarnation>> byEntity) {
    this.byEntity = byEntity;
  }

  /** Reads every {@code activations-*.log} in {@code dir}. */
  static ActivationHistory read(Path dir) throws IOException {
    Map<String, Incarnation> incarnations = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("activations-")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          String[] f = line.split(" ");
          if (f.length < 6) continue; // a line torn by a kill
          long at = Long.parseLong(f[0]);
          String key = f[1] + " " + f[2] + " " + f[3] + " " + f[4];
          Incarnation known = incarnations.get(key);
          Incarnation next = known == null
              ? new Incarnation(f[2], f[3], f[1], Long.parseLong(f[4]), at, at, false)
              : new Incarnation(known.kind, known.id, known.node, known.number, known.start,
                  f[5].equals("stop") ? known.lastActive : Math.max(known.lastActive, at), known.stopped || f[5].equals("stop"));
          incarnations.put(key, next);
        }
      }
    }
    Map<String, List<Incarnation>> byEntity = new TreeMap<>();
    incarnations.values().forEach(i -> byEntity.computeIfAbsent(i.key(), k -> new ArrayList<>()).add(i));
    return new ActivationHistory(byEntity);
  }

  /** Pairs of incarnations of one entity or singleton on two nodes whose active times intersect. */
  List<String> overlaps() {
    List<String> found = new ArrayList<>();
    byEntity.forEach((key, list) -> {
      for (int a = 0; a < list.size(); a++) {
        for (int b = a + 1; b < list.size(); b++) {
          Incarnation x = list.get(a);
          Incarnation y = list.get(b);
          if (!x.node().equals(y.node()) && x.overlaps(y)) found.add(x + " overlaps " + y);
        }
      }
    });
    return found;
  }

  /** The node where {@code kind}/{@code id} was last started and not stopped (alive there, or its node died). */
  Optional<String> runningOn(String kind, String id) {
    List<Incarnation> list = byEntity.getOrDefault(kind + " " + id, List.of());
    return list.stream().filter(i -> !i.stopped()).max((x, y) -> Long.compare(x.start(), y.start())).map(Incarnation::node);
  }

  /** Ids of {@code kind} running (started, not stopped) on {@code node}. */
  List<String> runningOn(String kind, String node, List<String> ids) {
    return ids.stream().filter(id -> runningOn(kind, id).filter(node::equals).isPresent()).toList();
  }

  int incarnations() {
    return byEntity.values().stream().mapToInt(List::size).sum();
  }
}
