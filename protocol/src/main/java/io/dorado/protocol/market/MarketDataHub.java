package io.dorado.protocol.market;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;

/**
 * The protocol of the market-data hub: the one place (a cluster singleton) where every instrument's
 * market-data actor and its feed run, so a replay or a poll happens once per cluster. Other nodes
 * reach an instrument's actor by routing its commands through the hub.
 */
public final class MarketDataHub {
  private MarketDataHub() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({@JsonSubTypes.Type(Route.class)})
  public sealed interface Command extends CborSerializable {}

  /** {@code command} for the market-data actor of {@code symbol}; dropped (and logged) for an unknown symbol. */
  public record Route(String symbol, MarketData.Command command) implements Command {}
}
