package io.dorado.persistence.readside;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.risk.GuardianEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The read side of a node: one projection per bot slice tag ({@code bot-0..bot-3}) filling orders,
 * fills, closed trades and the bot audit log, and one for the risk guardian's decisions (read by its
 * persistence id, see {@link GuardianEvents}). Offsets live
 * in {@code pekko_projection.offset_store} (created by {@code SchemaMigration}, never auto-created).
 *
 * <p>{@link #botProjection} and {@link #guardianProjection} build the projections on their own, so the
 * cluster can run them under ShardedDaemonProcess (one instance per slice in the whole cluster);
 * {@link #start} runs them all locally, for a single node and for tests.
 */
public final class ReadSide {

  /** Must equal {@code BotEntity.TAG} / {@code TAG_SLICES} (actors; persistence cannot see them). */
  public static final String BOT_TAG = "bot";
  public static final int BOT_TAG_SLICES = 4;

  /**
   * Envelopes a projection handles in one go: each bot's ledger (and the guardian's progress) is written
   * once per group rather than once per event (P1 measured ~4 ledger writes per order one by one).
   */
  static final int GROUP_SIZE = 100;
  static final Duration GROUP_WITHIN = Duration.ofMillis(250);

  public static final String BOT_PROJECTION = "bot-read-side";
  /** By persistence id, offsets are sequence numbers (the tag-based "guardian-audit" kept time UUIDs). */
  public static final String GUARDIAN_PROJECTION = "guardian-audit-by-id";

  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<?> system;
  private final ActorRef<ReadSideSupervisor.Command> supervisor;

  private ReadSide(ActorSystem<?> system, ActorRef<ReadSideSupervisor.Command> supervisor) {
    this.system = system;
    this.supervisor = supervisor;
  }

  /** {@code bot-0} .. {@code bot-3}: every bot event carries the one of its bot's slice. */
  public static List<String> botSliceTags() {
    return IntStream.range(0, BOT_TAG_SLICES).mapToObj(i -> BOT_TAG + "-" + i).toList();
  }

  /**
   * The projection of one bot slice. At-least-once in groups (of up to {@link #GROUP_SIZE} envelopes or
   * what {@link #GROUP_WITHIN} brings; the offset is saved after each group), with a handler that makes a replayed event a no-op: see
   * {@link BotProjectionHandler}. Cassandra offers no exactly-once (no transaction can span the offset
   * and our rows), so idempotent writes are the only way to neither lose nor double-count.
   */
  public static Projection<EventEnvelope<BotEvent>> botProjection(ActorSystem<?> system, CqlSession session, String sliceTag) {
    ReadSideTables tables = new ReadSideTables(session);
    return CassandraProjection.groupedWithin(
        ProjectionId.of(BOT_PROJECTION, sliceTag),
        EventSourcedProvider.<BotEvent>eventsByTag(system, CassandraReadJournal.Identifier(), sliceTag),
        () -> new BotProjectionHandler(tables))
        .withGroup(GROUP_SIZE, GROUP_WITHIN);
  }

  /**
   * A guardian's decisions into the audit log; at-least-once with the same guard as the bots'.
   *
   * @param guardianPersistenceId e.g. {@code RiskGuardian|main}
   */
  public static Projection<EventEnvelope<GuardianEvent>> guardianProjection(ActorSystem<?> system, CqlSession session,
      String guardianPersistenceId) {
    ReadSideTables tables = new ReadSideTables(session);
    return CassandraProjection.groupedWithin(
        ProjectionId.of(GUARDIAN_PROJECTION, guardianPersistenceId),
        new GuardianEvents(system, guardianPersistenceId),
        () -> new GuardianProjectionHandler(tables))
        .withGroup(GROUP_SIZE, GROUP_WITHIN);
  }

  /** Every projection of the read side: the bot slices and each guardian's audit. */
  public static List<Projection<?>> projections(ActorSystem<?> system, CqlSession session,
      List<String> guardianPersistenceIds) {
    List<Projection<?>> all = new ArrayList<>();
    botSliceTags().forEach(tag -> all.add(botProjection(system, session, tag)));
    guardianPersistenceIds.forEach(id -> all.add(guardianProjection(system, session, id)));
    return all;
  }

  /**
   * The session the projections' offset store uses ({@code pekko.projection.cassandra.session-config},
   * i.e. this system's {@code datastax-java-driver} settings): one session per node for offsets,
   * query tables and queries. Closed with the actor system.
   */
  public static CompletionStage<CqlSession> session(ActorSystem<?> system) {
    return CassandraSessionRegistry.get(system).sessionFor("pekko.projection.cassandra.session-config").underlying();
  }

  /** Runs every projection of the read side in this node, each under a ProjectionBehavior. */
  public static ReadSide start(ActorSystem<?> system, CqlSession session, List<String> guardianPersistenceIds) {
    ActorRef<ReadSideSupervisor.Command> ref = system.systemActorOf(
        ReadSideSupervisor.create(projections(system, session, guardianPersistenceIds)), "read-side-" + INSTANCES.incrementAndGet(),
        Props.empty());
    return new ReadSide(system, ref);
  }

  /** Stops every projection (each saves its offset first); completes when all have stopped. */
  public CompletionStage<Done> stop() {
    return AskPattern.ask(supervisor, ReadSideSupervisor.Stop::new, STOP_TIMEOUT, system.scheduler());
  }
}
