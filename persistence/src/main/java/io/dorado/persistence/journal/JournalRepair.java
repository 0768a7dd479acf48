package io.dorado.persistence.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.persistence.cassandra.Sessions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Finds and removes a second writer's events in one persistence id's journal (pekko.messages): what an operator runs
 * when recovery fails with "Invalid replayed event ... from a new writer" (replay-filter mode fail) or logs it
 * (repair-by-discard-old). The procedure is in persistence/README.md, "Two writers of one persistence id".
 *
 * <p>Two writers show as one sequence number with rows of two writer uuids. The writer to keep is the newest
 * incarnation: the one whose first event comes latest (it recovered the other's events before it wrote, and
 * every incarnation after it built on its rows). The stale rows are the other writers' rows from that first
 * sequence number on: written by an incarnation that was stopped (or cut off) before they landed, and never
 * recovered by anyone. That is what Pekko's repair-by-discard-old drops on every replay; here they are deleted,
 * so the journal replays with the filter on fail, and projections by persistence id read one history.
 */
public final class JournalRepair {

  /** One journal row (the event itself is left out: its manifest says what it was). */
  public record Event(String persistenceId, long partitionNr, long sequenceNr, UUID timestamp, String writerUuid,
      String manifest) {
    @Override
    public String toString() {
      return "seq " + sequenceNr + " writer " + writerUuid + " " + manifest + " (partition " + partitionNr
          + ", timestamp " + timestamp + ")";
    }
  }

  /** One sequence number written by several writers. */
  public record Conflict(long sequenceNr, List<Event> rows) {}

  /** A persistence id's journal: its rows in replay order, the conflicts, the writer kept and the rows to delete. */
  public record Diagnosis(String persistenceId, List<Event> rows, List<Conflict> conflicts, Set<String> kept,
      List<Event> stale) {
    public boolean twoWriters() {
      return !conflicts.isEmpty();
    }

    /** Lines for the operator: writers with their ranges, the conflicts, the rows a repair deletes. */
    public List<String> report() {
      List<String> out = new ArrayList<>();
      Map<String, long[]> ranges = new LinkedHashMap<>();
      for (Event e : rows) {
        long[] r = ranges.computeIfAbsent(e.writerUuid(), w -> new long[] {e.sequenceNr(), e.sequenceNr(), 0});
        r[1] = e.sequenceNr();
        r[2]++;
      }
      out.add(persistenceId + ": " + rows.size() + " rows, " + ranges.size() + " writers, " + conflicts.size()
          + " sequence numbers with two writers");
      ranges.forEach((w, r) -> out.add("  writer " + w + ": seq " + r[0] + ".." + r[1] + " (" + r[2] + " rows)"));
      conflicts.forEach(c -> out.add("  conflict at seq " + c.sequenceNr() + ": " + c.rows()));
      stale.forEach(e -> out.add("  stale (a repair deletes it): " + e));
      return out;
    }
  }

  private final CqlSession session;
  private final String keyspace;
  private final long partitionSize;

  /**
   * Over {@code keyspace} (the journal's, "pekko" in production); {@code partitionSize} is the journal's
   * target-partition-size (500000 unless configured otherwise).
   */
  public JournalRepair(CqlSession session, String keyspace, long partitionSize) {
    this.session = session;
    this.keyspace = keyspace;
    this.partitionSize = partitionSize;
  }

  public JournalRepair(CqlSession session, String keyspace) {
    this(session, keyspace, 500_000);
  }

  /** Every persistence id with events in the journal. */
  public List<String> persistenceIds() {
    Set<String> ids = new HashSet<>();
    for (Row row : session.execute("SELECT DISTINCT persistence_id, partition_nr FROM " + keyspace + ".messages")) {
      ids.add(row.getString("persistence_id"));
    }
    return ids.stream().sorted().toList();
  }

  /** Reads the persistence id's rows (every partition until an empty one) and finds its stale rows. */
  public Diagnosis diagnose(String persistenceId) {
    List<Event> rows = new ArrayList<>();
    for (long partition = 0; ; partition++) {
      int before = rows.size();
      for (Row r : session.execute("SELECT sequence_nr, timestamp, writer_uuid, ser_manifest FROM " + keyspace
          + ".messages WHERE persistence_id = ? AND partition_nr = ?", persistenceId, partition)) {
        rows.add(new Event(persistenceId, partition, r.getLong("sequence_nr"), r.getUuid("timestamp"),
            r.getString("writer_uuid"), r.getString("ser_manifest")));
      }
      if (rows.size() == before) break; // the journal's partitions are filled in order: an empty one ends it
    }
    return diagnose(persistenceId, rows);
  }

  /** The pure part of {@link #diagnose(String)}: {@code rows} in replay order (sequence number, then timestamp). */
  static Diagnosis diagnose(String persistenceId, List<Event> rows) {
    List<Event> live = new ArrayList<>(rows);
    List<Event> stale = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    List<Conflict> conflicts = conflicts(rows);
    for (Optional<Conflict> c = conflicts(live).stream().findFirst(); c.isPresent();
        c = conflicts(live).stream().findFirst()) {
      Map<String, Long> first = new TreeMap<>();
      Map<String, Long> last = new TreeMap<>();
      for (Event e : live) {
        first.merge(e.writerUuid(), e.sequenceNr(), Math::min);
        last.merge(e.writerUuid(), e.sequenceNr(), Math::max);
      }
      Set<String> writers = c.get().rows().stream().map(Event::writerUuid).collect(Collectors.toSet());
      String newest = writers.stream().max(Comparator.<String>comparingLong(first::get).thenComparingLong(last::get))
          .orElseThrow();
      kept.add(newest);
      long from = first.get(newest);
      List<Event> drop = live.stream().filter(e -> writers.contains(e.writerUuid()) && !e.writerUuid().equals(newest)
          && e.sequenceNr() >= from).toList();
      stale.addAll(drop);
      live.removeAll(drop);
    }
    return new Diagnosis(persistenceId, List.copyOf(rows), conflicts, Set.copyOf(kept), List.copyOf(stale));
  }

  private static List<Conflict> conflicts(List<Event> rows) {
    Map<Long, List<Event>> bySeq = new TreeMap<>();
    for (Event e : rows) bySeq.computeIfAbsent(e.sequenceNr(), s -> new ArrayList<>()).add(e);
    List<Conflict> out = new ArrayList<>();
    bySeq.forEach((seq, list) -> {
      if (list.stream().map(Event::writerUuid).distinct().count() > 1) out.add(new Conflict(seq, List.copyOf(list)));
    });
    return out;
  }

  /** Deletes the diagnosis's stale rows (one row each, by its full key); answers them. */
  public List<Event> deleteStale(Diagnosis diagnosis) {
    for (Event e : diagnosis.stale()) {
      session.execute("DELETE FROM " + keyspace + ".messages WHERE persistence_id = ? AND partition_nr = ? AND "
          + "sequence_nr = ? AND timestamp = ?", e.persistenceId(), e.partitionNr(), e.sequenceNr(), e.timestamp());
    }
    return diagnosis.stale();
  }

  /**
   * {@code diagnose <persistence id>...} prints each id's writers, conflicts and stale rows; {@code repair <persistence
   * id>...} prints them and deletes the stale rows; {@code scan} diagnoses every persistence id. Cassandra from the
   * DORADO_CASSANDRA_* environment (as the node); the journal keyspace from DORADO_JOURNAL_KEYSPACE (default pekko).
   */
  public static void main(String[] args) {
    if (args.length < 1 || !Set.of("diagnose", "repair", "scan").contains(args[0])) {
      System.err.println("usage: JournalRepair diagnose|repair <persistence id>... | scan");
      System.exit(2);
    }
    Map<String, String> env = System.getenv();
    CassandraSettings configured = CassandraSettings.fromEnv(env);
    // As the node: no contact points means its embedded node on this machine.
    CassandraSettings settings = configured.startsLocalNode() ? CassandraSettings.local(new java.net.InetSocketAddress(
        "127.0.0.1", Integer.parseInt(env.getOrDefault("DORADO_CASSANDRA_CQL_PORT", "9042")))) : configured;
    String keyspace = env.getOrDefault("DORADO_JOURNAL_KEYSPACE", "pekko");
    int found = 0;
    try (CqlSession session = Sessions.open(settings)) {
      JournalRepair repair = new JournalRepair(session, keyspace);
      List<String> ids = args[0].equals("scan") ? repair.persistenceIds() : List.of(args).subList(1, args.length);
      for (String id : ids) {
        Diagnosis d = repair.diagnose(id);
        if (d.twoWriters()) found++;
        if (d.twoWriters() || !args[0].equals("scan")) d.report().forEach(System.out::println);
        if (args[0].equals("repair") && d.twoWriters()) {
          System.out.println("  deleted " + repair.deleteStale(d).size() + " stale rows of " + id);
        }
      }
    }
    System.out.println(found + " persistence ids with two writers");
  }
}
