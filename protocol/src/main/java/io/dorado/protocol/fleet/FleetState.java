package io.dorado.protocol.fleet;

import io.dorado.protocol.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The registry: every bot by id, and whether the whole fleet is paused. {@link #apply} is a pure fold. */
public record FleetState(Map<String, BotEntry> bots, boolean paused, String pauseReason) implements CborSerializable {

  public FleetState {
    bots = new TreeMap<>(bots);
  }

  public static FleetState empty() {
    return new FleetState(Map.of(), false, null);
  }

  public FleetState apply(FleetEvent event) {
    var next = new TreeMap<>(bots);
    if (event instanceof FleetEvent.BotRegistered e) {
      next.put(e.botId(), BotEntry.registered(e.config(), e.at()));
    } else if (event instanceof FleetEvent.DesiredStateSet e) {
      next.computeIfPresent(e.botId(), (id, b) -> b.withDesired(e.desired(), e.at()));
    } else if (event instanceof FleetEvent.BotConfirmed e) {
      next.computeIfPresent(e.botId(), (id, b) -> b.confirmed(e.desired()));
    } else if (event instanceof FleetEvent.HoldingChanged e) {
      next.computeIfPresent(e.botId(), (id, b) -> b.withStatus(e.phase(), e.holding()));
    } else if (event instanceof FleetEvent.BotPromoted e) {
      next.computeIfPresent(e.botId(), (id, b) -> b.withStage(e.to(), e.at()));
    } else if (event instanceof FleetEvent.FleetPaused e) {
      next.replaceAll((id, b) -> b.retired() ? b : b.unsynced());
      return new FleetState(next, true, e.reason());
    } else if (event instanceof FleetEvent.FleetResumed) {
      next.replaceAll((id, b) -> b.retired() ? b : b.unsynced());
      return new FleetState(next, false, null);
    }
    return new FleetState(next, paused, pauseReason);
  }

  /** Whether the bot must be paused now: retired, paused by an operator, or the whole fleet paused. */
  public boolean shouldBePaused(BotEntry b) {
    return b.desired() != Desired.RUNNING || paused;
  }

  public List<BotEntry> holders() {
    return bots.values().stream().filter(BotEntry::holding).toList();
  }

  public List<BotEntry> unsynced() {
    return bots.values().stream().filter(b -> !b.synced()).toList();
  }
}
