package io.dorado.cluster.ops;

import java.time.Instant;

/** The latest published market regime (null parts are unknown); {@code stale} when too old to trust. */
public record RegimeView(String macroRegime, String trendState, String correlationRegime, Instant asOf, boolean stale) {}
