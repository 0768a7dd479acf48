package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.dorado.protocol.Json;

/**
 * Deterministic client order id: the bot id and the bot's order sequence, written {@code botId-seq}.
 * A retry after a crash produces the same id, so every layer can deduplicate by it.
 */
public record ClientOrderId(String botId, long sequence) implements Comparable<ClientOrderId> {
  public ClientOrderId {
    Json.requiredText(botId, "bot_id");
    if (sequence < 1) throw new IllegalArgumentException("sequence must be >= 1, was " + sequence);
  }

  public static ClientOrderId of(String botId, long sequence) {
    return new ClientOrderId(botId, sequence);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING) // a plain @JsonCreator reads as PROPERTIES when compiled with -parameters
  public static ClientOrderId parse(String value) {
    int dash = value == null ? -1 : value.lastIndexOf('-');
    if (dash <= 0 || dash == value.length() - 1) {
      throw new IllegalArgumentException("client order id must be <botId>-<sequence>, was " + value);
    }
    try {
      return new ClientOrderId(value.substring(0, dash), Long.parseLong(value.substring(dash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("client order id must end in a sequence number, was " + value);
    }
  }

  @JsonValue
  public String value() {
    return botId + "-" + sequence;
  }

  @Override
  public String toString() {
    return value();
  }

  @Override
  public int compareTo(ClientOrderId o) {
    int byBot = botId.compareTo(o.botId);
    return byBot != 0 ? byBot : Long.compare(sequence, o.sequence);
  }
}
