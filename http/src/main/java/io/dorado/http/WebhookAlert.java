package io.dorado.http;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A TradingView-style alert, as its message template fills it in, e.g.
 * {@code {"secret":"…","signal_id":"{{strategy.order.id}}-{{timenow}}","bot_id":"btc-trend",
 * "ticker":"{{ticker}}","action":"{{strategy.order.action}}","market_position":"{{strategy.market_position}}",
 * "price":"{{close}}","time":"{{timenow}}"}}. Numbers may arrive as strings (TradingView quotes its
 * placeholders) and fields the API does not know are ignored, since alert templates carry extras.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WebhookAlert(
    String secret,
    @JsonAlias({"id", "signalId"}) String signalId,
    @JsonAlias("botId") String botId,
    @JsonAlias({"ticker"}) String symbol,
    String action,
    @JsonAlias("marketPosition") String marketPosition,
    @JsonAlias("close") BigDecimal price,
    BigDecimal stop,
    BigDecimal target,
    @JsonAlias("timenow") Instant time) {

  /**
   * The bot signal this alert asks for. {@code buy}/{@code long} enter long and {@code sell}/{@code short}
   * enter short, unless the strategy's market position is {@code flat}, which means the order closed
   * the position: then it is an exit.
   */
  Signal toSignal(Instant receivedAt) {
    if (signalId == null || signalId.isBlank()) {
      throw ApiProblem.badRequest("signal_id is required: a repeated delivery is recognised by it");
    }
    return new Signal(signalId, botId, symbol, actionOf(), price, stop, target, "webhook",
        time == null ? receivedAt : time);
  }

  private SignalAction actionOf() {
    if (action == null || action.isBlank()) throw ApiProblem.badRequest("action is required");
    if ("flat".equalsIgnoreCase(marketPosition)) return SignalAction.EXIT;
    return switch (action.trim().toLowerCase()) {
      case "enter_long", "buy", "long" -> SignalAction.ENTER_LONG;
      case "enter_short", "sell", "short" -> SignalAction.ENTER_SHORT;
      case "exit", "close", "flat" -> SignalAction.EXIT;
      case "adjust" -> SignalAction.ADJUST;
      default -> throw ApiProblem.badRequest(
          "action must be one of enter_long, enter_short, exit, adjust (or buy, sell, long, short, close), was '"
              + BotRoutes.abbreviate(action) + "'");
    };
  }
}
