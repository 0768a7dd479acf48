package io.dorado.protocol.allocation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which posterior Thompson sampling draws from (config {@code dorado.allocator.posterior}); every arm keeps both. */
public enum PosteriorKind {
  /** Normal-Inverse-Gamma ({@link NigPosterior}): fits rewards spread over [-1, 1] as well as win/loss ones. */
  @JsonProperty("nig") NIG,
  /** Beta ({@link BetaPosterior}): each reward read as a fractional win; over-explores on continuous rewards. */
  @JsonProperty("beta") BETA;

  /** {@code nig} or {@code beta} (any case), with an error naming the choices. */
  public static PosteriorKind parse(String s) {
    for (PosteriorKind k : values()) if (k.name().equalsIgnoreCase(s == null ? "" : s.trim())) return k;
    throw new IllegalArgumentException("allocator posterior must be nig or beta, was '" + s + "'");
  }

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
