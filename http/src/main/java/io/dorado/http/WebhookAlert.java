package io.dorado.http;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A TradingView-style alert, as its message template fills it in, e.g.
 * {@code {"passphrase":"…","bot_id":"eth-trend","ticker":"{{exchange}}:{{ticker}}",
 * "action":"{{strategy.order.action}}","market_position":"{{strategy.market_position}}","price":"{{close}}",
 * "time":"{{timenow}}"}}. Numbers may arrive as strings (TradingView quotes its placeholders) and fields the API does
 * not know are ignored, since alert templates carry extras. The secret goes by the names alert senders use for it;
 * the signal id is optional ({@link AlertIds} derives one), since TradingView has no placeholder that is unique per
 * alert.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WebhookAlert(
    @JsonAlias({"passphrase", "password", "token", "webhook_secret"}) String secret,
    @JsonAlias({"id", "signalId"}) String signalId,
    @JsonAlias("botId") String botId,
    @JsonAlias({"ticker"}) String symbol,
    String action,
    @JsonAlias("marketPosition") String marketPosition,
    @JsonAlias("close") BigDecimal price,
    BigDecimal stop,
    BigDecimal target,
    @JsonAlias("timenow") Instant time) {

  /** The names the secret may come under, for a reason that tells the sender where to put it. */
  static final String SECRET_FIELDS = "\"secret\", \"passphrase\", \"password\", \"token\" or \"webhook_secret\"";

  /** Never shows the secret: an alert may end up in a log line or an exception. */
  @Override
  public String toString() {
    return "WebhookAlert[secret=" + (secret == null ? "absent" : "present") + ", signalId=" + signalId + ", botId="
        + botId + ", symbol=" + symbol + ", action=" + action + ", marketPosition=" + marketPosition + ", price="
        + price + ", stop=" + stop + ", target=" + target + ", time=" + time + "]";
  }

  boolean hasSignalId() {
    return signalId != null && !signalId.isBlank();
  }

  /**
   * What makes this alert this signal, its time aside: for a derived id ({@link AlertIds}). Decimals by value
   * ({@code 64000.50} is {@code 64000.5}).
   */
  List<String> content() {
    return Arrays.asList(botId, symbol == null ? null : symbol.trim().toUpperCase(Locale.ROOT),
        action == null ? null : action.trim().toLowerCase(Locale.ROOT),
        marketPosition == null ? null : marketPosition.trim().toLowerCase(Locale.ROOT),
        plain(price), plain(stop), plain(target));
  }

  /** Checks what can be checked before the bot is known: a bad action is a 400 whoever it is for. */
  void validate() {
    actionOf();
  }

  /**
   * The bot signal this alert asks for, under {@code id} (the alert's own or a derived one), for the bot's
   * {@code underlying} (the ticker mapped, {@link Tickers}). {@code buy}/{@code long} enter long and
   * {@code sell}/{@code short} enter short, unless the strategy's market position is {@code flat}, which means the
   * order closed the position: then it is an exit.
   */
  Signal toSignal(String id, String underlying, Instant receivedAt) {
    return new Signal(id, botId, underlying, actionOf(), price, stop, target, "webhook",
        time == null ? receivedAt : time);
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.stripTrailingZeros().toPlainString();
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
