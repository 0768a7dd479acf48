package io.dorado.protocol.signal;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.OrderLeg;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A trading signal for one bot, from a scan, a webhook (TradingView-style) or an operator.
 * {@code signalId} makes delivery idempotent: the same id twice changes nothing.
 *
 * @param price reference price the signal saw (the order's price basis)
 * @param stop protective stop, if the signal has one (sizing by risk needs it)
 * @param target profit target, if any
 * @param riskPct the % of equity the sender sized the trade at (the scan's sizing), if any: the bot
 *     proposes it to the guardian, capped at its own configured risk %; the guardian still decides
 * @param legs for a multi-leg structure (an iron condor): its legs, one structure's worth; {@code price} is
 *     then the net credit per share the sender saw (ENTER_SHORT: sell the structure); empty otherwise
 * @param limitTimeout an entry as a LIMIT order at {@code price}, resting at the venue this long before the bot
 *     cancels what is left (a template's {@code order_type: limit}, {@code entry_timeout}); null: a market entry
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Signal(
    String signalId,
    String botId,
    String symbol,
    SignalAction action,
    BigDecimal price,
    BigDecimal stop,
    BigDecimal target,
    String source,
    Instant at,
    BigDecimal riskPct,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<OrderLeg> legs,
    @JsonInclude(JsonInclude.Include.NON_NULL) java.time.Duration limitTimeout)
    implements CborSerializable {

  /** A signal with a market entry (or a structure's legs). */
  public Signal(String signalId, String botId, String symbol, SignalAction action, BigDecimal price, BigDecimal stop,
      BigDecimal target, String source, Instant at, BigDecimal riskPct, List<OrderLeg> legs) {
    this(signalId, botId, symbol, action, price, stop, target, source, at, riskPct, legs, null);
  }

  /** A single-instrument signal. */
  public Signal(String signalId, String botId, String symbol, SignalAction action, BigDecimal price, BigDecimal stop,
      BigDecimal target, String source, Instant at, BigDecimal riskPct) {
    this(signalId, botId, symbol, action, price, stop, target, source, at, riskPct, List.of());
  }

  /** A signal that leaves the sizing to the bot's config. */
  public Signal(String signalId, String botId, String symbol, SignalAction action, BigDecimal price, BigDecimal stop,
      BigDecimal target, String source, Instant at) {
    this(signalId, botId, symbol, action, price, stop, target, source, at, null, List.of());
  }

  public Signal {
    requiredText(signalId, "signal_id");
    requiredText(botId, "bot_id");
    requiredText(symbol, "symbol");
    required(action, "action");
    required(at, "at");
    if (price != null && price.signum() <= 0) throw new IllegalArgumentException("price must be > 0");
    if (action.isEntry() && price == null) throw new IllegalArgumentException("an entry signal needs a price");
    source = source == null || source.isBlank() ? "manual" : source;
    if (riskPct != null && riskPct.signum() <= 0) throw new IllegalArgumentException("risk_pct must be > 0");
    legs = legs == null ? List.of() : List.copyOf(legs);
    if (!legs.isEmpty() && action != SignalAction.ENTER_SHORT) {
      throw new IllegalArgumentException("a structure's legs come with enter_short (selling it), not " + action);
    }
    if (limitTimeout != null) {
      if (limitTimeout.isNegative() || limitTimeout.isZero()) throw new IllegalArgumentException("limit_timeout must be > 0");
      if (!action.isEntry() && action != SignalAction.ADJUST) {
        throw new IllegalArgumentException("limit_timeout is for an entry (a limit entry), not " + action);
      }
      if (!legs.isEmpty()) throw new IllegalArgumentException("a structure enters at its net credit: no limit_timeout");
    }
  }
}
