package io.dorado.protocol.bot;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bot remembers in every phase: its config, its position (built only from fills), the next
 * order sequence, whether it is paused, and recent signal ids for idempotent delivery.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BotData(
    BotConfig config,
    Position position,
    long lastOrderSequence,
    boolean paused,
    List<String> recentSignalIds,
    Outcome lastOutcome)
    implements CborSerializable {

  /** How many signal ids are remembered for deduplication; older deliveries are long settled. */
  public static final int SIGNAL_MEMORY = 256;

  public BotData {
    recentSignalIds = recentSignalIds == null ? List.of() : List.copyOf(recentSignalIds);
  }

  public static BotData initial(BotConfig config) {
    return new BotData(config, Position.flat(config.underlying()), 0, false, List.of(), null);
  }

  public String botId() {
    return config.id();
  }

  public boolean hasSeenSignal(String signalId) {
    return recentSignalIds.contains(signalId);
  }

  public BotData withSignal(String signalId) {
    var ids = new ArrayList<>(recentSignalIds);
    ids.add(signalId);
    if (ids.size() > SIGNAL_MEMORY) ids.remove(0);
    return new BotData(config, position, lastOrderSequence, paused, ids, lastOutcome);
  }

  public ClientOrderId nextClientOrderId() {
    return ClientOrderId.of(botId(), lastOrderSequence + 1);
  }

  public BotData withOrderSequence(long sequence) {
    return new BotData(config, position, Math.max(lastOrderSequence, sequence), paused, recentSignalIds, lastOutcome);
  }

  public BotData withFill(Fill fill) {
    return new BotData(config, position.apply(fill), lastOrderSequence, paused, recentSignalIds, lastOutcome);
  }

  public BotData withPaused(boolean value) {
    return new BotData(config, position, lastOrderSequence, value, recentSignalIds, lastOutcome);
  }

  public BotData withOutcome(Outcome outcome) {
    return new BotData(config, position, lastOrderSequence, paused, recentSignalIds, outcome);
  }
}
