package io.dorado.actors.orderpath.venue.binance;

import io.dorado.protocol.order.RejectionKind;
import java.time.Duration;
import java.util.Set;

/**
 * A Binance REST answer other than 2xx: its HTTP status, Binance's error code and message (errors.md), and the
 * {@code Retry-After} of a 429/418 (rest-api.md "IP Limits").
 */
public final class BinanceApiException extends RuntimeException {

  /** -2010 NEW_ORDER_REJECTED, -2011 CANCEL_REJECTED, -2013 NO_SUCH_ORDER (errors.md). */
  public static final int NEW_ORDER_REJECTED = -2010;
  public static final int CANCEL_REJECTED = -2011;
  public static final int NO_SUCH_ORDER = -2013;
  /** -1013 INVALID_MESSAGE: filter failures (LOT_SIZE, PRICE_FILTER, NOTIONAL, ...), refused before the matching engine. */
  public static final int INVALID_MESSAGE = -1013;
  /** -1021 INVALID_TIMESTAMP: outside recvWindow, or 1000 ms ahead of the server; refused before processing. */
  public static final int INVALID_TIMESTAMP = -1021;
  public static final int TOO_MANY_REQUESTS = -1003;
  /** "Duplicate order sent." under -2010: the client order id is in use by an open order (errors.md). */
  public static final String DUPLICATE_ORDER = "Duplicate order sent.";
  /** Under -2010: the account's free balance does not cover the order (errors.md). */
  public static final String INSUFFICIENT_BALANCE = "Account has insufficient balance for requested action.";
  /** errors.md 10xx codes whose execution status is unknown: the request may have been processed. */
  private static final Set<Integer> OUTCOME_UNKNOWN = Set.of(-1000, -1001, -1006, -1007, -1008);

  private final int httpStatus;
  private final int code;
  private final String binanceMessage;
  private final Duration retryAfter;

  public BinanceApiException(int httpStatus, int code, String binanceMessage, Duration retryAfter) {
    super("Binance answered HTTP " + httpStatus + (code != 0 ? " code " + code : "")
        + (binanceMessage != null ? ": " + binanceMessage : "")
        + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : ""));
    this.httpStatus = httpStatus;
    this.code = code;
    this.binanceMessage = binanceMessage;
    this.retryAfter = retryAfter;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  public String binanceMessage() {
    return binanceMessage;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean isRateLimited() {
    return httpStatus == 429 || httpStatus == 418;
  }

  /**
   * Binance refused the request before processing it: a 4xx other than a rate limit (429/418), a WAF block
   * (403) or a 408, whose code is not one of the "execution status unknown" ones. Only then is an order Rejected.
   */
  public boolean isRefusal() {
    return httpStatus >= 400 && httpStatus < 500 && !isRateLimited() && httpStatus != 403 && httpStatus != 408
        && !OUTCOME_UNKNOWN.contains(code);
  }

  /**
   * What kind of refusal this is for the order path: -2010 "Account has insufficient balance for requested action."
   * (errors.md, https://developers.binance.com/docs/binance-spot-api-docs/errors, "Messages for -1010
   * ERROR_MSG_RECEIVED, -2010 NEW_ORDER_REJECTED, and -2011 CANCEL_REJECTED") is {@link RejectionKind#BALANCE_HELD}:
   * spot has no reduce-only, so an exit beside the position's own resting sell is refused for the balance it holds.
   */
  public RejectionKind rejectionKind() {
    return code == NEW_ORDER_REJECTED && INSUFFICIENT_BALANCE.equals(binanceMessage)
        ? RejectionKind.BALANCE_HELD : RejectionKind.OTHER;
  }

  public boolean isDuplicateOrder() {
    return code == NEW_ORDER_REJECTED && DUPLICATE_ORDER.equals(binanceMessage);
  }
}
