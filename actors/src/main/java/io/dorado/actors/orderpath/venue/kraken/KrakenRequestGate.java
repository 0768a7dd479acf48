package io.dorado.actors.orderpath.venue.kraken;

import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the adapter asks before each REST request, and what it tells when Kraken says it is over its rate limit: the
 * account's {@link VenueRateLimiter}. Kraken publishes no Retry-After: its limit is a counter with decay
 * (docs.kraken.com, "Spot REST Rate Limits": every call adds 1, TradesHistory/Ledgers add 2, the counter decays 0.33/s
 * to 1/s by tier, maximum 15 to 20), so the adapter closes the limiter's gate for its configured pause after
 * {@code EAPI:Rate limit exceeded}. AddOrder and CancelOrder cost 0 here: Kraken counts them against its separate
 * per-pair trading rate limit ("Spot Trading Rate Limits"), not the REST counter.
 */
public interface KrakenRequestGate {
  /** The limiter's budget name for Kraken's REST counter. */
  String REST_COUNTER = "KRAKEN_REST_COUNTER";

  /** Runs {@code request} when the budget allows; {@code cost} in Kraken counter points. */
  <T> CompletionStage<T> call(int cost, Supplier<CompletionStage<T>> request);

  /** Kraken refused for rate: nothing leaves before {@code pause} from now. */
  void rateLimited(Duration pause);

  /** Through the account's venue rate limiter, whose budget {@link #REST_COUNTER} is Kraken's counter. */
  static KrakenRequestGate of(VenueRateLimiter limiter) {
    return new KrakenRequestGate() {
      @Override
      public <T> CompletionStage<T> call(int cost, Supplier<CompletionStage<T>> request) {
        return limiter.call(VenueRateLimiter.Cost.of(REST_COUNTER, cost), request);
      }

      @Override
      public void rateLimited(Duration pause) {
        limiter.rateLimited(429, pause); // Kraken answers HTTP 200 with the error; 429 is the limiter's "told to wait"
      }
    };
  }

  /**
   * Kraken's starter tier as a limiter budget: a counter of 15 decaying 0.33 per second is at most 15 points per
   * 45 seconds.
   */
  static VenueRateLimiter starterLimiter(String venue, Duration maxWait) {
    return VenueRateLimiter.create(venue,
        List.of(new VenueRateLimiter.Budget(REST_COUNTER, 15, Duration.ofSeconds(45))), maxWait);
  }
}
