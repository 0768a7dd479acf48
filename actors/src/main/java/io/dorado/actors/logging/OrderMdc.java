package io.dorado.actors.logging;

import io.dorado.protocol.order.ClientOrderId;
import org.slf4j.MDC;

/**
 * The client order id in the logging MDC, so every line about one order (bot, guardian, venue) carries
 * it as a field: {@code clientOrderId} in the JSON log lines (DORADO_LOG_FORMAT=json), searchable end to
 * end. Use around the lines of one order: {@code try (var mdc = OrderMdc.of(id)) { log.info(...); }}.
 */
public final class OrderMdc {

  public static final String KEY = "clientOrderId";

  private OrderMdc() {}

  public static MDC.MDCCloseable of(ClientOrderId id) {
    return MDC.putCloseable(KEY, id.value());
  }
}
