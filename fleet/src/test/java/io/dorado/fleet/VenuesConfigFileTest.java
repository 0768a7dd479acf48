package io.dorado.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command finds the venue accounts in the config folder's venues.conf, or the file DORADO_VENUES_CONFIG names. */
class VenuesConfigFileTest {
  private static Config base(String file) {
    return ConfigFactory.parseString("dorado.venues { live-trading-enabled = false, config-file = \"" + file + "\" }");
  }

  @Test
  void without_a_venues_file_the_config_is_unchanged_and_every_venue_is_paper(@TempDir Path dir) {
    Config base = base("");
    assertSame(base, Main.withVenues(base, ""));
    assertSame(base, Main.withVenues(base, dir.toString()));
  }

  @Test
  void the_config_folders_venues_conf_and_a_named_file_are_read(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("venues.conf"), "dorado.venues.accounts.x { kind = paper, mode = paper }");
    assertEquals("paper", Main.withVenues(base(""), dir.toString()).getString("dorado.venues.accounts.x.kind"));
    Path named = dir.resolve("elsewhere.conf");
    Files.writeString(named, "dorado.venues.accounts.y { kind = paper, mode = paper }");
    Config read = Main.withVenues(base(named.toString()), dir.toString());
    assertEquals("paper", read.getString("dorado.venues.accounts.y.kind"));
    assertFalse(read.hasPath("dorado.venues.accounts.x"));
    assertThrows(IllegalArgumentException.class, () -> Main.withVenues(base(dir.resolve("missing.conf").toString()), ""));
  }
}
