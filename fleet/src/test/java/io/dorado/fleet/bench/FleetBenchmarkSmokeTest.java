package io.dorado.fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite run small, so it keeps compiling and working. No figure is asserted (this
 * machine is shared and noisy); what is checked is that each part measured what it claims to.
 */
class FleetBenchmarkSmokeTest {

  @Test
  void theQuickRunMeasuresEveryPartOfTheSuite() throws Exception {
    List<FleetBenchmark.Row> rows = FleetBenchmark.run(FleetBenchmark.Size.QUICK, line -> {});
    FleetBenchmark.print(rows);

    assertEquals(List.of("P1", "P2", "P3", "P4", "P5", "P6"), rows.stream().map(FleetBenchmark.Row::id).toList());
    assertFalse(rows.get(0).detail().startsWith("0 orders"), "orders went through the full path: " + rows.get(0));
    assertTrue(rows.get(4).detail().startsWith("replayed 0 events (without: 300)"),
        "recovery started from the snapshot and replayed every event without one: " + rows.get(4));
    var positions = Pattern.compile("positions fleet (\\d+) / ta4j (\\d+)").matcher(rows.get(5).detail());
    assertTrue(positions.find(), rows.get(5).detail());
    assertEquals(positions.group(2), positions.group(1), "the fleet's bots and ta4j traded the same strategy alike");
  }
}
