package io.dorado.actors.orderpath.venue;

/**
 * An adapter request that certainly did not leave (held back by the rate limiter, refused before any byte was
 * written): unlike a timeout or a 5xx, its outcome is not ambiguous. A place that fails with it (or throws instead
 * of returning a stage) is one the venue never saw, so the venue actor may send the order when a query finds it
 * UNKNOWN; any other failed place is resolved only by query.
 */
public class VenueRequestNotSent extends RuntimeException {
  public VenueRequestNotSent(String message, Throwable cause) {
    super(message, cause);
  }

  public VenueRequestNotSent(String message) {
    super(message);
  }
}
