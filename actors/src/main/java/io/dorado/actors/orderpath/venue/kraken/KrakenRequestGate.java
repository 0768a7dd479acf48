package io.dorado.actors.orderpath.venue.kraken;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the adapter asks before each REST request, and what it tells when Kraken says it is over its rate limit.
 * Kraken publishes no Retry-After: its limit is a counter with decay (docs.kraken.com, "Spot REST Rate Limits": every
 * call adds 1, TradesHistory/Ledgers add 2, the counter decays 0.33/s to 1/s by tier, maximum 15 to 20), so the
 * adapter tells the gate how long to hold everything after {@code EAPI:Rate limit exceeded}. AddOrder and CancelOrder
 * cost 0 here: Kraken counts them against its separate per-pair trading rate limit ("Spot Trading Rate Limits"), not
 * the REST counter.
 */
public interface KrakenRequestGate {

  /** Runs {@code request} when the budget allows; {@code cost} in Kraken counter points. */
  <T> CompletionStage<T> call(int cost, Supplier<CompletionStage<T>> request);

  /** Kraken refused for rate: nothing leaves before {@code pause} from now. */
  void rateLimited(Duration pause);
}
