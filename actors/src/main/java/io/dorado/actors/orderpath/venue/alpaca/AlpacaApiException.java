package io.dorado.actors.orderpath.venue.alpaca;

import io.dorado.protocol.order.RejectionKind;

/**
 * An Alpaca Trading API answer other than 2xx: the HTTP status and Alpaca's error body {@code {"code":..,"message":..}}
 * (docs.alpaca.markets "Trading API" error responses; e.g. 403 {@code {"code":40310000,"message":"insufficient buying
 * power"}}, 422 {@code {"code":40010001,"message":"client_order_id must be unique"}}, 404 {@code {"code":40410000,
 * "message":"order not found"}}). What the adapter decides from it is by HTTP status; only the duplicate is read from
 * the text, and confirmed by a query before anything is concluded.
 */
public final class AlpacaApiException extends RuntimeException {
  private final int httpStatus;
  private final long code;
  private final String alpacaMessage;

  public AlpacaApiException(int httpStatus, long code, String alpacaMessage) {
    super("Alpaca answered HTTP " + httpStatus + (code != 0 ? " code " + code : "")
        + (alpacaMessage != null ? ": " + alpacaMessage : ""));
    this.httpStatus = httpStatus;
    this.code = code;
    this.alpacaMessage = alpacaMessage;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public long code() {
    return code;
  }

  public String alpacaMessage() {
    return alpacaMessage;
  }

  /** 404: no such order (or asset). */
  public boolean isNotFound() {
    return httpStatus == 404;
  }

  /** 5xx: Alpaca failed; whether it processed the request is unknown. */
  public boolean isServerError() {
    return httpStatus >= 500;
  }

  /** 429: refused before it was served (200 requests per minute per account). */
  public boolean isRateLimited() {
    return httpStatus == 429;
  }

  /**
   * A 4xx other than 404 and 429: Alpaca said no to the request itself (400 malformed, 401 bad key, 403 insufficient
   * buying power / balance / cost basis below the minimum / account restricted, 422 invalid qty, price or duplicate id).
   */
  public boolean isRefusal() {
    return httpStatus >= 400 && httpStatus < 500 && httpStatus != 404 && httpStatus != 429 && httpStatus != 408;
  }

  /**
   * What kind of refusal this is for the order path: a 403 "insufficient qty available for order (requested: …,
   * available: …)", Alpaca's refusal of a sell beyond the quantity its open orders do not hold (code 40310000 as for
   * buying power; the text as Alpaca sends it, e.g. github.com/alpacahq/alpaca-trade-api-csharp/issues/247 and /386:
   * the published error list names only the 403) is {@link RejectionKind#BALANCE_HELD}: Alpaca crypto has no
   * reduce-only, so an exit beside the position's own resting sell is refused for the quantity it holds. On crypto the
   * same 403 names the asset instead, "insufficient balance for BTC (requested: …, available: …)" (available = the
   * position's {@code qty_available}, "total number of shares available minus open orders"), and is the same kind.
   * The bot acts on the kind only for a close or a reduction beside its own protection.
   */
  public RejectionKind rejectionKind() {
    boolean held = alpacaMessage != null
        && (alpacaMessage.startsWith("insufficient qty available") || alpacaMessage.startsWith("insufficient balance for "));
    return httpStatus == 403 && held ? RejectionKind.BALANCE_HELD : RejectionKind.OTHER;
  }

  /** 422 "client_order_id must be unique": an order with this id exists (the adapter confirms with a query). */
  public boolean mayBeDuplicateClientOrderId() {
    return httpStatus == 422 && alpacaMessage != null && alpacaMessage.contains("client_order_id");
  }
}
