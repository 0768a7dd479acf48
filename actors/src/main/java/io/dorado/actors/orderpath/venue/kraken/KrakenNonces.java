package io.dorado.actors.orderpath.venue.kraken;

import java.time.Clock;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * The one nonce sequence of an API key, shared by every private call of the adapter: ours ({@link KrakenRest} asks
 * {@link #next}) and XChange's (its rescu proxy is handed this object as the {@code nonce} argument and calls
 * {@link #createValue} while it builds and signs the request). Kraken refuses a nonce not above the highest it has
 * seen for the key ({@code EAPI:Invalid nonce}, docs.kraken.com "Spot REST Authentication": "always increasing,
 * unsigned 64-bit integer"); two sources — for instance XChange's default {@code CurrentTimeIncrementalNonceFactory}
 * in milliseconds beside our microseconds — would have one side refused for good.
 *
 * <p>A nonce is the microseconds since the epoch plus an offset, and always above the last one handed out.
 * Increasing values are not enough: they must also <em>arrive</em> in order, which {@link KrakenRest}'s private lane
 * sees to (one private call at a time, each taking its nonce when it is sent).
 */
final class KrakenNonces implements SynchronizedValueFactory<Long> {
  private final Clock clock;
  private long last;
  private long offsetMicros;

  KrakenNonces(Clock clock) {
    this.clock = clock;
  }

  synchronized long next() {
    long now = clock.millis() * 1000 + offsetMicros;
    last = Math.max(last + 1, now);
    return last;
  }

  /** What XChange's proxy signs with: the same sequence as {@link #next}. */
  @Override
  public Long createValue() {
    return next();
  }

  /**
   * After {@code EAPI:Invalid nonce}: moves the sequence past Kraken's clock (another client of the key, or a clock
   * ahead of ours, used higher nonces) and at least a second further than before.
   *
   * @param venueUnixSeconds Kraken's {@code /0/public/Time} unixtime, or null when it could not be read
   */
  synchronized void resync(Long venueUnixSeconds) {
    long localMicros = clock.millis() * 1000;
    long bump = Math.max(1_000_000L, offsetMicros * 2);
    if (venueUnixSeconds != null) bump = Math.max(bump, venueUnixSeconds * 1_000_000L - localMicros + 1_000_000L);
    offsetMicros = Math.max(offsetMicros, bump);
    last = Math.max(last, localMicros + offsetMicros);
  }
}
