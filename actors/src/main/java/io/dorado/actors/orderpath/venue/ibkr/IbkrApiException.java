package io.dorado.actors.orderpath.venue.ibkr;

/**
 * The gateway answered with something other than a result: what it means to the order path is {@link #kind}.
 * IBKR's errors are {@code {"error":"<text>"}} bodies (Web API reference, e.g. "Place Order": an order the
 * gateway refuses) with no stable code, so the adapter never decides on the text, only on where it came from.
 */
public final class IbkrApiException extends RuntimeException {

  public enum Kind {
    /** An {@code error} body to a request that reached IBKR: the request was not carried out. */
    REFUSED,
    /** 401, or an authStatus without {@code authenticated}: the brokerage session is gone; outcomes are unknown. */
    SESSION,
    /** 5xx or an unreadable body: the outcome is unknown. */
    UNAVAILABLE,
    /** 429 after the retry: IBKR put us in its penalty box. */
    RATE_LIMITED
  }

  private final Kind kind;
  private final int httpStatus;

  public IbkrApiException(Kind kind, int httpStatus, String message) {
    super("ibkr: " + message);
    this.kind = kind;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The text without the prefix, as a reject reason. */
  public String reason() {
    return getMessage().substring("ibkr: ".length());
  }
}
