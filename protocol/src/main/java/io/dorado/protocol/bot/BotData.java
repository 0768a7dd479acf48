package io.dorado.protocol.bot;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Position;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bot remembers in every phase: its config, its position (built only from fills), the last
 * order sequence it used, whether it is paused, recent signal and fill ids (so a repeated delivery
 * changes nothing), how its last trade attempt ended, and a config waiting for the bot to be IDLE
 * ({@code pendingConfig}, see {@link Bot.Reconfigure}). A bot trading a multi-leg structure holds it in
 * {@code structure} (null otherwise): its legs' positions, built from leg fills like {@code position}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BotData(
    BotConfig config,
    Position position,
    long lastOrderSequence,
    boolean paused,
    List<String> recentSignalIds,
    List<String> recentFillIds,
    Outcome lastOutcome,
    TradeMark openTrade,
    BotConfig pendingConfig,
    StructurePosition structure,
    List<ProtectiveOrder> protection)
    implements CborSerializable {

  /** How many ids are remembered for deduplication; older deliveries are long settled. */
  public static final int ID_MEMORY = 256;

  public BotData(BotConfig config, Position position, long lastOrderSequence, boolean paused,
      List<String> recentSignalIds, List<String> recentFillIds, Outcome lastOutcome, TradeMark openTrade) {
    this(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade, null, null);
  }

  public BotData(BotConfig config, Position position, long lastOrderSequence, boolean paused,
      List<String> recentSignalIds, List<String> recentFillIds, Outcome lastOutcome, TradeMark openTrade,
      BotConfig pendingConfig, StructurePosition structure) {
    this(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade, pendingConfig,
        structure, List.of());
  }

  public BotData {
    protection = protection == null ? List.of() : List.copyOf(protection);
    recentSignalIds = recentSignalIds == null ? List.of() : List.copyOf(recentSignalIds);
    recentFillIds = recentFillIds == null ? List.of() : List.copyOf(recentFillIds);
  }

  public static BotData initial(BotConfig config) {
    return new BotData(config, Position.flat(config.underlying()), 0, false, List.of(), List.of(), null, null, null, null);
  }

  public String botId() {
    return config.id();
  }

  public boolean hasSeenSignal(String signalId) {
    return recentSignalIds.contains(signalId);
  }

  public boolean hasSeenFill(Fill fill) {
    return recentFillIds.contains(fill.fillId());
  }

  public BotData withSignal(String signalId) {
    if (signalId == null || hasSeenSignal(signalId)) return this;
    return new BotData(config, position, lastOrderSequence, paused, remember(recentSignalIds, signalId),
        recentFillIds, lastOutcome, openTrade, pendingConfig, structure, protection);
  }

  public ClientOrderId nextClientOrderId() {
    return ClientOrderId.of(botId(), lastOrderSequence + 1);
  }

  public BotData withOrderSequence(long sequence) {
    return new BotData(config, position, Math.max(lastOrderSequence, sequence), paused, recentSignalIds,
        recentFillIds, lastOutcome, openTrade, pendingConfig, structure, protection);
  }

  public BotData withFill(Fill fill) {
    if (structure != null && structure.holds(fill.symbol())) {
      return new BotData(config, position, lastOrderSequence, paused, recentSignalIds,
          remember(recentFillIds, fill.fillId()), lastOutcome, openTrade, pendingConfig, structure.apply(fill), protection);
    }
    return new BotData(config, position.apply(fill), lastOrderSequence, paused, recentSignalIds,
        remember(recentFillIds, fill.fillId()), lastOutcome, openTrade, pendingConfig, structure,
        updated(fill.clientOrderId(), p -> p.withFill(fill)));
  }

  // ---------------------------------------------------------------- protection resting at the venue

  /** The protective order {@code id}, or null when it is not one of this bot's (or no longer). */
  public ProtectiveOrder protective(ClientOrderId id) {
    return protection.stream().filter(p -> p.isFor(id)).findFirst().orElse(null);
  }

  /** The protective orders still protecting (not being cancelled). */
  @JsonIgnore
  public List<ProtectiveOrder> protecting() {
    return protection.stream().filter(ProtectiveOrder::protects).toList();
  }

  /** A protective order newly intended: remembered (and its sequence used) before it is sent for acknowledgement. */
  public BotData withProtective(ProtectiveOrder added) {
    var next = new ArrayList<>(protection);
    next.add(added);
    return new BotData(config, position, Math.max(lastOrderSequence, added.clientOrderId().sequence()), paused,
        recentSignalIds, recentFillIds, lastOutcome, openTrade, pendingConfig, structure, next);
  }

  public BotData withProtectiveUpdated(ClientOrderId id, java.util.function.UnaryOperator<ProtectiveOrder> change) {
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade,
        pendingConfig, structure, updated(id, change));
  }

  /** The protective order {@code id} is over at the venue (filled, cancelled or rejected): forgotten here. */
  public BotData withoutProtective(ClientOrderId id) {
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade,
        pendingConfig, structure, protection.stream().filter(p -> !p.isFor(id)).toList());
  }

  private List<ProtectiveOrder> updated(ClientOrderId id, java.util.function.UnaryOperator<ProtectiveOrder> change) {
    if (protective(id) == null) return protection;
    return protection.stream().map(p -> p.isFor(id) ? change.apply(p) : p).toList();
  }

  /** The position as the guardian's ledger holds it ({@link BotEvent.PositionReconciled}). */
  public BotData withPosition(Position reconciled) {
    return new BotData(config, reconciled, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade,
        pendingConfig, structure, protection);
  }

  public BotData withPaused(boolean value) {
    return new BotData(config, position, lastOrderSequence, value, recentSignalIds, recentFillIds, lastOutcome, openTrade, pendingConfig, structure, protection);
  }

  /**
   * Marks the start of a trade when an entry is approved from a flat position, so its P&L can be
   * told when it closes (realized now minus realized at entry). An adjustment keeps the open mark.
   */
  public BotData openingTrade(String tradeId, BigDecimal maxLoss, Instant at, BigDecimal stop, BigDecimal target) {
    return openingTrade(tradeId, maxLoss, at, stop, target, null);
  }

  /** As above, {@code approvedBy} the operator who approved the entry (null: approved automatically). */
  public BotData openingTrade(String tradeId, BigDecimal maxLoss, Instant at, BigDecimal stop, BigDecimal target,
      String approvedBy) {
    if (!isFlat() && openTrade != null) return this;
    var mark = new TradeMark(tradeId, realizedPnl(), maxLoss, config.venueMode() != VenueMode.LIVE, at, stop,
        target, List.of(), approvedBy);
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, mark, pendingConfig, structure, protection);
  }

  /** The realized P&L of the trade marked by {@link #openTrade}, up to now. */
  public BigDecimal tradeRealizedPnl() {
    return openTrade == null ? BigDecimal.ZERO : realizedPnl().subtract(openTrade.realizedBefore());
  }

  /** Flat in the underlying and in every leg of its structure. */
  @JsonIgnore
  public boolean isFlat() {
    return position.isFlat() && (structure == null || structure.isFlat());
  }

  /** Everything the bot has realized, net of commissions: its underlying position and its structures. */
  @JsonIgnore
  public BigDecimal realizedPnl() {
    return structure == null ? position.realizedPnl() : position.realizedPnl().add(structure.realizedPnl());
  }

  /** Whether a fill's instrument is one this bot holds: its underlying, or a leg of its structure. */
  public boolean trades(String symbol) {
    return symbol.equals(config.underlying()) || (structure != null && structure.holds(symbol));
  }

  /** A structure about to open with {@code entry}; the structure before it (flat) hands on its realized P&amp;L. */
  public BotData withStructureEntry(Order entry, BigDecimal maxLoss) {
    BigDecimal carried = structure == null ? BigDecimal.ZERO : structure.realizedPnl();
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade,
        pendingConfig, StructurePosition.opening(entry, maxLoss, carried), protection);
  }

  public BotData withOutcome(Outcome outcome) {
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, outcome, openTrade, pendingConfig, structure, protection);
  }

  /** A reduction id delivered before: in the recent-id memory, or recorded on the open trade. */
  public boolean hasSeenReduction(String reductionId) {
    return hasSeenSignal(reductionId) || openTrade != null && openTrade.reductions().contains(reductionId);
  }

  /** Records a partial close on the open trade (nothing to record without one). */
  public BotData withReduction(String reductionId) {
    if (openTrade == null) return this;
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome,
        openTrade.withReduction(reductionId), pendingConfig, structure, protection);
  }

  /** A new config: in force now, or ({@code deferred}) kept until the bot is next IDLE. */
  public BotData reconfigured(BotConfig next, boolean deferred) {
    return deferred
        ? new BotData(config, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade, next,
            structure, protection)
        : new BotData(next, position, lastOrderSequence, paused, recentSignalIds, recentFillIds, lastOutcome, openTrade, null,
            structure, protection);
  }

  /** On the way into IDLE: a pending config takes effect (no trade is open to change). */
  public BotData withPendingConfigApplied() {
    return pendingConfig == null ? this : reconfigured(pendingConfig, false);
  }

  private static List<String> remember(List<String> ids, String id) {
    var next = new ArrayList<>(ids);
    next.add(id);
    if (next.size() > ID_MEMORY) next.remove(0);
    return next;
  }
}
