package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.MarketData;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The regime radar's public face (a cluster singleton). It recomputes on a timer or on demand and
 * publishes every {@link RegimeSnapshot} to the {@code regime} topic; readers keep the latest.
 */
public final class RegimeRadar {
  private RegimeRadar() {}

  /** The pub-sub topic name snapshots are published on. */
  public static final String TOPIC = "regime-radar";

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Refresh.class),
    @JsonSubTypes.Type(GetLatest.class),
    @JsonSubTypes.Type(HistoryCollected.class),
    @JsonSubTypes.Type(Published.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** Recompute now; the new snapshot (or the reason there is none) goes to {@code replyTo} if given. */
  public record Refresh(ActorRef<Latest> replyTo) implements Command {}

  public record GetLatest(ActorRef<Latest> replyTo) implements Command {}

  /** Internal: the bars of every instrument arrived (those that did not answer are missing). */
  public record HistoryCollected(long round, List<MarketData.Bars> history, List<String> missing) implements Command {}

  /** A snapshot as it arrives from the topic: what a per-node reader of the radar keeps. */
  public record Published(RegimeSnapshot snapshot) implements Command {}

  /** The latest snapshot, or none yet with the reason. */
  public record Latest(RegimeSnapshot snapshot, String note) implements CborSerializable {}
}
