package io.dorado.actors.orderpath.venue.kraken;

import io.dorado.protocol.order.RejectionKind;
import java.util.List;

/**
 * Kraken answered with a non-empty {@code error} array (docs.kraken.com, "Spot REST API" introduction, "Error
 * messages" / support article "API error messages"): strings {@code <severity><category>:<message>}, for instance
 * {@code EOrder:Insufficient funds}. {@link #kind} says what the adapter does with it.
 */
public final class KrakenApiException extends RuntimeException {

  /** What an error means to the order path. */
  public enum Kind {
    /** Kraken refused the request and did not act on it: the order was not placed (a Rejected). */
    REFUSED,
    /** {@code EAPI:Invalid nonce}: refused before processing; the nonce is moved forward and the request re-signed. */
    INVALID_NONCE,
    /** {@code EAPI:Rate limit exceeded}, {@code EOrder:Rate limit exceeded}: refused before processing; back off. */
    RATE_LIMITED,
    /** {@code EService:Unavailable/Busy}, {@code EGeneral:Internal error}, 5xx: the outcome is unknown. */
    UNAVAILABLE,
    /** {@code EOrder:Unknown order} (cancel/query of an order Kraken does not have). */
    UNKNOWN_ORDER,
    /** Anything else (permissions, invalid key, invalid signature): not an order outcome; the stage fails. */
    OTHER
  }

  private final List<String> errors;
  private final Kind kind;

  public KrakenApiException(List<String> errors) {
    super("kraken: " + String.join(", ", errors));
    this.errors = List.copyOf(errors);
    this.kind = classify(errors);
  }

  public KrakenApiException(Kind kind, String message) {
    super("kraken: " + message);
    this.errors = List.of(message);
    this.kind = kind;
  }

  public List<String> errors() {
    return errors;
  }

  public Kind kind() {
    return kind;
  }

  /** The first error's text, as a reject reason. */
  public String reason() {
    return errors.isEmpty() ? "kraken error" : errors.get(0);
  }

  /**
   * What kind of refusal this is for the order path: {@code EOrder:Insufficient funds} ("Client does not have the
   * necessary funds", https://support.kraken.com/articles/360001491786-api-error-messages) is
   * {@link RejectionKind#BALANCE_HELD}: Kraken spot has no reduce-only, so an exit beside the position's own resting
   * sell is refused for the balance it holds.
   */
  public RejectionKind rejectionKind() {
    return errors.stream().anyMatch(e -> e.startsWith("EOrder:Insufficient funds"))
        ? RejectionKind.BALANCE_HELD : RejectionKind.OTHER;
  }

  static Kind classify(List<String> errors) {
    for (String e : errors) {
      if (e.startsWith("EAPI:Invalid nonce")) return Kind.INVALID_NONCE;
      if (e.endsWith("Rate limit exceeded") || e.startsWith("EOrder:Orders limit exceeded")) return Kind.RATE_LIMITED;
      if (e.startsWith("EService:") || e.startsWith("EGeneral:Internal error")) return Kind.UNAVAILABLE;
      if (e.startsWith("EOrder:Unknown order")) return Kind.UNKNOWN_ORDER;
    }
    for (String e : errors) {
      // Kraken's own verdicts on the order: it was not placed
      if (e.startsWith("EOrder:") || e.startsWith("EGeneral:Invalid arguments") || e.startsWith("EFunding:")
          || e.startsWith("EQuery:Unknown asset pair")) {
        return Kind.REFUSED;
      }
    }
    return Kind.OTHER;
  }
}
