package io.dorado.protocol.allocation;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.allocation.AllocatorEvent.ArmRegistered;
import io.dorado.protocol.allocation.AllocatorEvent.ArmRetired;
import io.dorado.protocol.allocation.AllocatorEvent.OutcomeRecorded;
import io.dorado.protocol.allocation.AllocatorEvent.Reallocated;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePMap;

/**
 * The allocator's state: arms with their posteriors, the bots seated on them, the trade ids already
 * recorded, and the weights of the last reallocation. Transitions are pure functions returning a new state.
 *
 * @param arms arm id → arm, sorted by id (sampling walks them in this order, so it is deterministic)
 * @param bots bot id → seat
 * @param recordedAt the trade ids already counted (idempotency), each with when it was recorded (what
 *     forgetting goes by). Older snapshots held the ids alone as {@code recordedTrades}; that field is
 *     ignored now (a re-sent outcome arrives within minutes, not across an upgrade)
 * @param weights arm id → weight as of the last reallocation
 * @param round the number of reallocations so far
 * @param lastReallocatedAt null before the first reallocation
 * @param nextDue when the next scheduled reallocation is due; null before the first arm
 */
public record AllocatorState(
    Map<String, Arm> arms,
    Map<String, Seat> bots,
    Map<String, Double> weights,
    long round,
    Instant lastReallocatedAt,
    Instant nextDue,
    Map<String, Instant> recordedAt)
    implements CborSerializable {

  /** The longest window of daily rewards an arm keeps (for HRP's covariance and the Kelly cap). */
  public static final int RETURNS_RETENTION_DAYS = 365;

  /** One UTC day of an arm's closed trades: the sum of their applied rewards, of their squares, and how many. */
  public record DayRewards(double sum, double sumOfSquares, long trades) implements CborSerializable {
    DayRewards plus(double reward) {
      return new DayRewards(sum + reward, sumOfSquares + reward * reward, trades + 1);
    }
  }

  /**
   * An arm: a bot or a template, its posteriors and how many trades fed it; {@code days}: its applied rewards by the
   * UTC day the trade closed, the last {@link #RETURNS_RETENTION_DAYS} days (absent from older snapshots: empty).
   * Every trade updates both posteriors, the Beta one ({@code posterior}) and the Normal-Inverse-Gamma one
   * ({@code normal}); the policy says which Thompson sampling draws from. {@code normal} is absent from snapshots
   * older than it: such an arm's Normal-Inverse-Gamma posterior starts at the prior (replaying events rebuilds it).
   */
  public record Arm(String armId, String template, BetaPosterior posterior, long liveTrades, long paperTrades,
      SortedMap<LocalDate, DayRewards> days, NigPosterior normal)
      implements CborSerializable {

    public Arm {
      days = days == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(days));
    }

    public Arm(String armId, String template, BetaPosterior posterior, long liveTrades, long paperTrades) {
      this(armId, template, posterior, liveTrades, paperTrades, null, NigPosterior.DEFAULT_PRIOR);
    }

    /** The Normal-Inverse-Gamma posterior, the default prior when a snapshot older than it had none. */
    public NigPosterior normalPosterior() {
      return normal == null ? NigPosterior.DEFAULT_PRIOR : normal;
    }

    Arm observe(OutcomeRecorded e) {
      return new Arm(
          armId,
          template,
          posterior.observe(e.reward(), e.weight()),
          liveTrades + (e.paper() ? 0 : 1),
          paperTrades + (e.paper() ? 1 : 0),
          withReward(e),
          normalPosterior().observe(e.reward(), e.weight()));
    }

    private SortedMap<LocalDate, DayRewards> withReward(OutcomeRecorded e) {
      LocalDate day = LocalDate.ofInstant(e.closedAt() == null ? e.at() : e.closedAt(), ZoneOffset.UTC);
      TreeMap<LocalDate, DayRewards> out = new TreeMap<>(days);
      out.merge(day, new DayRewards(0, 0, 0).plus(e.reward()), (a, b) -> a.plus(e.reward()));
      out.headMap(out.lastKey().minusDays(RETURNS_RETENTION_DAYS - 1)).clear();
      return out;
    }

    Arm decay(double gamma) {
      return new Arm(armId, template, posterior.decay(gamma), liveTrades, paperTrades, days,
          normal == null ? null : normal.decay(gamma));
    }
  }

  /** A bot's place: the arm it draws its budget from. */
  public record Seat(String botId, String armId, String template, boolean active) implements CborSerializable {}

  public AllocatorState {
    arms = Collections.unmodifiableSortedMap(new TreeMap<>(arms));
    // Seats and recorded trade ids grow with the fleet's life (every bot; every trade of the last week):
    // persistent collections, shared with the state before instead of rebuilt on every event.
    bots = bots instanceof TreePMap<String, Seat> p ? p : TreePMap.from(bots);
    weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
    recordedAt = recordedAt == null ? HashTreePMap.empty()
        : recordedAt instanceof PMap<String, Instant> p ? p : HashTreePMap.from(recordedAt);
  }


  public static AllocatorState empty() {
    return new AllocatorState(Map.of(), Map.of(), Map.of(), 0, null, null, Map.of());
  }

  // ---- queries ----

  /** Arms with at least one active bot, sorted by id. */
  public SortedSet<String> activeArms() {
    TreeSet<String> active = new TreeSet<>();
    bots.values().stream().filter(Seat::active).forEach(s -> active.add(s.armId()));
    return active;
  }

  public List<String> activeBotsOf(String armId) {
    List<String> out = new ArrayList<>();
    bots.values().stream().filter(s -> s.active() && s.armId().equals(armId)).forEach(s -> out.add(s.botId()));
    return out;
  }

  /** Posteriors of the active arms, sorted by arm id. */
  public SortedMap<String, BetaPosterior> activePosteriors() {
    TreeMap<String, BetaPosterior> out = new TreeMap<>();
    for (String armId : activeArms()) out.put(armId, arms.get(armId).posterior());
    return out;
  }

  /** Normal-Inverse-Gamma posteriors of the active arms, sorted by arm id. */
  public SortedMap<String, NigPosterior> activeNormalPosteriors() {
    TreeMap<String, NigPosterior> out = new TreeMap<>();
    for (String armId : activeArms()) out.put(armId, arms.get(armId).normalPosterior());
    return out;
  }

  public boolean hasRecorded(String tradeId) {
    return recordedAt.containsKey(tradeId);
  }

  /** The bot's share of total capital: its arm's weight split equally among the arm's active bots. */
  public Allocator.BudgetReply budgetOf(String botId, BigDecimal totalCapital) {
    Seat seat = bots.get(botId);
    if (seat == null) return new Allocator.NoBudget(botId, "bot " + botId + " is not registered with the allocator");
    if (!seat.active()) return new Allocator.NoBudget(botId, "bot " + botId + " is retired");
    Double armWeight = weights.get(seat.armId());
    if (armWeight == null || lastReallocatedAt == null) {
      return new Allocator.NoBudget(botId, "no allocation for arm " + seat.armId() + " yet");
    }
    double weight = armWeight / activeBotsOf(seat.armId()).size();
    return new Allocator.Budget(botId, seat.armId(), weight, capitalOf(weight, totalCapital), lastReallocatedAt);
  }

  public static BigDecimal capitalOf(double weight, BigDecimal totalCapital) {
    return totalCapital.multiply(BigDecimal.valueOf(weight)).setScale(2, RoundingMode.DOWN);
  }

  // ---- transitions ----

  private TreePMap<String, Seat> seats() {
    return (TreePMap<String, Seat>) bots;
  }

  public AllocatorState registered(ArmRegistered e) {
    TreeMap<String, Arm> newArms = new TreeMap<>(arms);
    newArms.computeIfAbsent(
        e.armId(), id -> new Arm(id, e.template(), BetaPosterior.prior(e.priorAlpha(), e.priorBeta()), 0, 0));
    TreePMap<String, Seat> newBots = seats().plus(e.botId(), new Seat(e.botId(), e.armId(), e.template(), true));
    Instant due = nextDue; // the cadence starts with the first arm; later arms do not move it
    return new AllocatorState(newArms, newBots, weights, round, lastReallocatedAt, due, recordedAt);
  }

  public AllocatorState retired(ArmRetired e) {
    Seat seat = bots.get(e.botId());
    TreePMap<String, Seat> newBots = seat == null ? seats()
        : seats().plus(e.botId(), new Seat(seat.botId(), seat.armId(), seat.template(), false));
    return new AllocatorState(arms, newBots, weights, round, lastReallocatedAt, nextDue, recordedAt);
  }

  public AllocatorState recorded(OutcomeRecorded e) {
    TreeMap<String, Arm> newArms = new TreeMap<>(arms);
    Arm arm = newArms.get(e.armId());
    if (arm != null) newArms.put(e.armId(), arm.observe(e));
    var times = ((PMap<String, Instant>) recordedAt).plus(e.tradeId(), e.at());
    return new AllocatorState(newArms, bots, weights, round, lastReallocatedAt, nextDue, times);
  }

  /** New weights; then every arm's posterior decays by the event's γ. */
  public AllocatorState reallocated(Reallocated e) {
    TreeMap<String, Arm> newArms = new TreeMap<>();
    for (Arm arm : arms.values()) newArms.put(arm.armId(), e.decay() < 1 ? arm.decay(e.decay()) : arm);
    return new AllocatorState(newArms, bots, e.weights(), e.round(), e.at(), e.nextDue(), recordedAt);
  }

  /** The trade ids recorded before {@code before}: what a {@link AllocatorEvent.TradesForgotten} would forget. */
  public List<String> tradesRecordedBefore(Instant before) {
    List<String> ids = new ArrayList<>();
    recordedAt.forEach((id, at) -> {
      if (at.isBefore(before)) ids.add(id);
    });
    return ids;
  }

  public AllocatorState tradesForgotten(AllocatorEvent.TradesForgotten e) {
    List<String> ids = tradesRecordedBefore(e.before());
    if (ids.isEmpty()) return this;
    return new AllocatorState(arms, bots, weights, round, lastReallocatedAt, nextDue,
        ((PMap<String, Instant>) recordedAt).minusAll(ids));
  }
}
