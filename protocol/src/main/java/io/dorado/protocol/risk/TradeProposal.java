package io.dorado.protocol.risk;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A trade a bot wants to make, sent for review in RISK_CHECK. The guardian answers with the quantity
 * it allows (sizing by equity and breakers is its job) or a denial.
 *
 * @param reviewId deterministic per bot and signal, so a repeated review is answered the same
 * @param legs a multi-leg structure's legs (one structure's worth): the guardian sizes it in structures by
 *     its max loss, with {@code referencePrice} the net credit per share; empty for one instrument
 * @param limitTimeout a limit entry: the order rests at {@code referencePrice} this long, then the bot cancels what
 *     is left ({@link io.dorado.protocol.signal.Signal#limitTimeout}); null: a market entry
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TradeProposal(
    String reviewId,
    String botId,
    String signalId,
    String venue,
    String symbol,
    Side side,
    BigDecimal referencePrice,
    BigDecimal stop,
    BigDecimal target,
    Sizing sizing,
    boolean adjustment,
    Instant at,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<OrderLeg> legs,
    @JsonInclude(JsonInclude.Include.NON_NULL) java.time.Duration limitTimeout)
    implements CborSerializable {

  /** A proposal with a market entry (or a structure's legs). */
  public TradeProposal(String reviewId, String botId, String signalId, String venue, String symbol, Side side,
      BigDecimal referencePrice, BigDecimal stop, BigDecimal target, Sizing sizing, boolean adjustment, Instant at,
      List<OrderLeg> legs) {
    this(reviewId, botId, signalId, venue, symbol, side, referencePrice, stop, target, sizing, adjustment, at, legs, null);
  }

  /** A single-instrument proposal. */
  public TradeProposal(String reviewId, String botId, String signalId, String venue, String symbol, Side side,
      BigDecimal referencePrice, BigDecimal stop, BigDecimal target, Sizing sizing, boolean adjustment, Instant at) {
    this(reviewId, botId, signalId, venue, symbol, side, referencePrice, stop, target, sizing, adjustment, at, List.of(), null);
  }

  public TradeProposal {
    requiredText(reviewId, "review_id");
    requiredText(botId, "bot_id");
    requiredText(signalId, "signal_id");
    requiredText(venue, "venue");
    requiredText(symbol, "symbol");
    required(side, "side");
    required(referencePrice, "reference_price");
    required(sizing, "sizing");
    required(at, "at");
    legs = legs == null ? List.of() : List.copyOf(legs);
  }

  /** Whether the entry rests at the venue as a limit order ({@link #limitTimeout}). */
  @JsonIgnore
  public boolean isLimitEntry() {
    return limitTimeout != null;
  }

  @JsonIgnore
  public boolean isStructure() {
    return !legs.isEmpty();
  }

  public static String reviewIdFor(String botId, String signalId) {
    return botId + "/" + signalId;
  }
}
