package io.dorado.protocol.fleet;

import io.dorado.protocol.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.pcollections.TreePMap;

/**
 * The registry: every bot by id (in id order), and whether the whole fleet is paused. {@link #apply} is a
 * pure fold. The registry is a persistent map (PCollections): an event about one bot shares the other
 * entries with the state before it instead of copying a registry of many thousand bots.
 */
public record FleetState(Map<String, BotEntry> bots, boolean paused, String pauseReason) implements CborSerializable {

  public FleetState {
    bots = bots instanceof TreePMap<String, BotEntry> p ? p : TreePMap.from(bots);
  }

  public static FleetState empty() {
    return new FleetState(Map.of(), false, null);
  }

  public FleetState apply(FleetEvent event) {
    if (event instanceof FleetEvent.BotRegistered e) {
      return withBots(registry().plus(e.botId(), BotEntry.registered(e.config(), e.at())));
    } else if (event instanceof FleetEvent.DesiredStateSet e) {
      return change(e.botId(), b -> b.withDesired(e.desired(), e.at()));
    } else if (event instanceof FleetEvent.BotConfirmed e) {
      return change(e.botId(), b -> b.confirmed(e.desired()));
    } else if (event instanceof FleetEvent.HoldingChanged e) {
      return change(e.botId(), b -> b.withStatus(e.phase(), e.holding()));
    } else if (event instanceof FleetEvent.BotReconfigured e) {
      return change(e.botId(), b -> b.withConfig(e.config(), e.at()));
    } else if (event instanceof FleetEvent.BotPromoted e) {
      return change(e.botId(), b -> b.withStage(e.to(), e.at()));
    } else if (event instanceof FleetEvent.FleetPaused e) {
      return new FleetState(everyActiveUnsynced(), true, e.reason());
    } else if (event instanceof FleetEvent.FleetResumed) {
      return new FleetState(everyActiveUnsynced(), false, null);
    }
    return this;
  }

  private TreePMap<String, BotEntry> registry() {
    return (TreePMap<String, BotEntry>) bots;
  }

  private FleetState withBots(TreePMap<String, BotEntry> next) {
    return new FleetState(next, paused, pauseReason);
  }

  /** The bot's entry changed; an event about a bot the registry does not hold changes nothing. */
  private FleetState change(String botId, UnaryOperator<BotEntry> f) {
    BotEntry b = bots.get(botId);
    return b == null ? this : withBots(registry().plus(botId, f.apply(b)));
  }

  /** A fleet-wide pause or resume: every bot not retired must be told again. */
  private TreePMap<String, BotEntry> everyActiveUnsynced() {
    TreePMap<String, BotEntry> next = registry();
    for (BotEntry b : bots.values()) if (!b.retired()) next = next.plus(b.botId(), b.unsynced());
    return next;
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
