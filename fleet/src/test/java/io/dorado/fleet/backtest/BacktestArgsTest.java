package io.dorado.fleet.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/backtest's arguments: what they mean, and a message naming the mistake when they are wrong. */
class BacktestArgsTest {
  @Test
  void dates_are_utc_midnights_or_instants_and_a_config_folder_must_exist(@TempDir Path dir) {
    var args = BacktestArgs.parse("--config", dir.toString(), "--from", "2013-11-26", "--to=2013-11-28T12:00:00Z",
        "--seed", "42");
    assertEquals(dir, args.config());
    assertEquals(Instant.parse("2013-11-26T00:00:00Z"), args.from());
    assertEquals(Instant.parse("2013-11-28T12:00:00Z"), args.to());
    assertEquals(42, args.seed());
    assertEquals(null, BacktestArgs.parse().config(), "no --config: the bundled demo");
  }

  @Test
  void a_bad_date_says_which_option_and_how_to_write_it() {
    var e = assertThrows(IllegalArgumentException.class, () -> BacktestArgs.parse("--from", "26/11/2013"));
    assertEquals("--from '26/11/2013' is not a date: write 2013-11-26 or 2013-11-26T12:00:00Z", e.getMessage());
  }

  @Test
  void from_after_to_is_refused() {
    var e = assertThrows(IllegalArgumentException.class, () -> BacktestArgs.parse("--from", "2013-12-01", "--to", "2013-11-26"));
    assertTrue(e.getMessage().startsWith("--from (2013-12-01T00:00:00Z) must be before --to"), e.getMessage());
  }

  @Test
  void a_missing_config_folder_is_named() {
    var e = assertThrows(IllegalArgumentException.class, () -> BacktestArgs.parse("--config", "/no/such/fleet"));
    assertTrue(e.getMessage().startsWith("--config /no/such/fleet: no such folder"), e.getMessage());
  }

  @Test
  void walk_forward_windows_are_bars_and_a_bad_one_says_how_to_write_it() {
    assertEquals(new WalkForward.Settings(400, 200, 5, 10, 40), BacktestArgs.parse("--walk-forward", "400,200").walkForward());
    assertEquals(3, BacktestArgs.parse("--walk-forward=400,200,3").walkForward().candidates());
    assertEquals("--walk-forward '400': write TRAIN,TEST[,DRAWS] in bars, e.g. 400,200",
        assertThrows(IllegalArgumentException.class, () -> BacktestArgs.parse("--walk-forward", "400")).getMessage());
  }

  @Test
  void an_unknown_option_or_a_missing_value_is_named() {
    assertEquals("unknown option --form",
        assertThrows(IllegalArgumentException.class, () -> BacktestArgs.parse("--form", "x")).getMessage());
    assertEquals("--to needs a value", assertThrows(IllegalArgumentException.class, () -> BacktestArgs.parse("--to")).getMessage());
  }
}
