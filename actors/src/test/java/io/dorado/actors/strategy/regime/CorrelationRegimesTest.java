package io.dorado.actors.strategy.regime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.strategy.CorrelationRegime;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PCA of the correlation matrix tells a one-factor market from independent instruments. */
class CorrelationRegimesTest {
  private static final List<String> SYMBOLS = List.of("A", "B", "C", "D", "E");

  /** {@code loading} of one common factor plus idiosyncratic noise, per instrument. */
  private static double[][] returns(int n, double loading, long seed) {
    Random rng = new Random(seed);
    double[][] r = new double[n][SYMBOLS.size()];
    for (int t = 0; t < n; t++) {
      double market = rng.nextGaussian();
      for (int s = 0; s < SYMBOLS.size(); s++) {
        r[t][s] = loading * market + Math.sqrt(1 - loading * loading) * rng.nextGaussian();
      }
    }
    return r;
  }

  @Test
  void oneStrongFactorIsConcentrated() {
    CorrelationRegime c = CorrelationRegimes.of(SYMBOLS, returns(500, 0.95, 1), 0.80);
    assertEquals(CorrelationRegime.Kind.CONCENTRATED, c.kind());
    assertEquals(1, c.componentsForThreshold());
    assertTrue(c.firstPcShare() > 0.85, "first PC share " + c.firstPcShare());
  }

  @Test
  void independentInstrumentsAreDiversified() {
    CorrelationRegime c = CorrelationRegimes.of(SYMBOLS, returns(500, 0.0, 2), 0.80);
    assertEquals(CorrelationRegime.Kind.DIVERSIFIED, c.kind());
    assertEquals(4, c.componentsForThreshold()); // five equal eigenvalues: 80% takes four
    assertTrue(c.firstPcShare() < 0.30, "first PC share " + c.firstPcShare());
  }

  @Test
  void barsAreAlignedByTimeBeforeCorrelating() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    double[][] r = returns(200, 0.95, 3);
    var history = new java.util.HashMap<String, List<Bar>>();
    for (int s = 0; s < 2; s++) {
      var bars = new ArrayList<Bar>();
      double price = 100;
      for (int t = 0; t < 200; t++) {
        price *= Math.exp(0.01 * r[t][s]);
        // B misses every third bar: only common times count
        if (s == 1 && t % 3 == 0) continue;
        BigDecimal p = BigDecimal.valueOf(price);
        bars.add(new Bar(SYMBOLS.get(s), t0.plus(Duration.ofHours(t)), Duration.ofHours(1), p, p, p, p, BigDecimal.ONE));
      }
      history.put(SYMBOLS.get(s), bars);
    }
    CorrelationRegime c = CorrelationRegimes.ofBars(history).orElseThrow();
    assertEquals(List.of("A", "B"), c.symbols());
    assertEquals(1, c.componentsForThreshold());
    assertTrue(CorrelationRegimes.ofBars(Map.of("A", history.get("A"))).isEmpty(), "one instrument has no correlation");
  }
}
