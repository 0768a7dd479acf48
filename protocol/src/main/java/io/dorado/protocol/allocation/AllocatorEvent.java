package io.dorado.protocol.allocation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that happens to the allocator. Events carry what the command handler computed (the
 * reward as applied, the new weights, the next due time), so replay never re-samples and does not
 * depend on the policy in force at recovery.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(AllocatorEvent.ArmRegistered.class),
  @JsonSubTypes.Type(AllocatorEvent.ArmRetired.class),
  @JsonSubTypes.Type(AllocatorEvent.OutcomeRecorded.class),
  @JsonSubTypes.Type(AllocatorEvent.Reallocated.class),
  @JsonSubTypes.Type(AllocatorEvent.TradesForgotten.class)
})
public sealed interface AllocatorEvent extends CborSerializable {
  Instant at();

  /** A bot became eligible; a new arm starts at the prior Beta(priorAlpha, priorBeta). */
  record ArmRegistered(String botId, String armId, String template, double priorAlpha, double priorBeta, Instant at)
      implements AllocatorEvent {}

  record ArmRetired(String botId, String armId, String reason, Instant at) implements AllocatorEvent {}

  /**
   * A closed trade. {@code reward} and {@code weight} are as applied to the posterior (paper
   * discount and paper weight already taken into account); P&L and max loss are kept for the audit.
   */
  record OutcomeRecorded(
      String tradeId,
      String botId,
      String armId,
      BigDecimal realizedPnl,
      BigDecimal maxLoss,
      boolean paper,
      double reward,
      double weight,
      Instant closedAt,
      Instant at)
      implements AllocatorEvent {}

  /**
   * The ids of trades recorded before {@code before} are forgotten: the dedupe of a bot's re-sent outcome
   * needs them for minutes, not for the allocator's whole life (the posteriors keep what they taught).
   */
  record TradesForgotten(Instant before, Instant at) implements AllocatorEvent {}

  /** Why weights were recomputed. Only SCHEDULED and ON_DEMAND decay the posteriors and move the cadence. */
  enum Trigger {
    SCHEDULED,
    ON_DEMAND,
    ARMS_CHANGED
  }

  /**
   * New weights from reallocation {@code round}. {@code probabilityBest} is the Thompson estimate
   * before floor and cap, {@code weights} after. The posteriors then decay by {@code decay} (1 = none).
   * {@code nextDue} is when the next scheduled reallocation is due.
   */
  record Reallocated(
      long round,
      Trigger trigger,
      String by,
      Map<String, Double> probabilityBest,
      Map<String, Double> weights,
      double decay,
      Instant nextDue,
      Instant at)
      implements AllocatorEvent {

    public Reallocated {
      probabilityBest = Collections.unmodifiableSortedMap(new TreeMap<>(probabilityBest));
      weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
    }
  }
}
