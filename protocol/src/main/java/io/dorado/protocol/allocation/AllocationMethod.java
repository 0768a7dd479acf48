package io.dorado.protocol.allocation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the allocator turns what it knows about the arms into weights (config {@code dorado.allocator.method}). */
public enum AllocationMethod {
  /** Thompson sampling of the arms' Beta posteriors: weight by the probability of being the best arm (PRD §6.2). */
  @JsonProperty("thompson") THOMPSON,
  /**
   * Hierarchical risk parity (López de Prado 2016) on the covariance of the arms' daily reward sums, each arm's
   * weight then capped at its fractional Kelly bet ({@link AllocationPolicy#kellyFraction()} × mean / variance of
   * its per-trade rewards).
   */
  @JsonProperty("hrp") HRP;

  /** {@code thompson} or {@code hrp} (any case), with an error naming the choices. */
  public static AllocationMethod parse(String s) {
    for (AllocationMethod m : values()) if (m.name().equalsIgnoreCase(s == null ? "" : s.trim())) return m;
    throw new IllegalArgumentException("allocator method must be thompson or hrp, was '" + s + "'");
  }
}
