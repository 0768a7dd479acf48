package io.dorado.cluster.venues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The venue accounts as configured: the paper default needs nothing; a registered kind makes the account's adapter
 * with its endpoints, credentials and symbols; every missing or wrong key stops the start naming the venue and key.
 */
class VenueAdaptersTest {
  static final String PLANTED_KEY = "planted-api-key-5f3c1e";
  static final String PLANTED_SECRET = "planted-secret-9a8b7c6d";
  private static final Universe U = new Universe("u", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, "testex", "USDT", "BTCUSDT"),
      new Underlying("ETH", AssetClass.CRYPTO, "paper", "USD")));
  private static final Map<String, String> ENV = Map.of("TESTEX_KEY", PLANTED_KEY, "TESTEX_SECRET", PLANTED_SECRET);

  /** A stand-in for a real venue's kind (binance, kraken register the same way): records the account it was made for. */
  static final AtomicReference<VenueAccount> MADE_FOR = new AtomicReference<>();

  static VenueAdapters withTestKind(Config config) {
    return VenueAdapters.standard(config).register(VenueKind.real("testex", account -> {
      MADE_FOR.set(account);
      return PaperVenue.fromConfig(config);
    }));
  }

  private static Config conf(String hocon) {
    return ConfigFactory.parseString(hocon, com.typesafe.config.ConfigParseOptions.defaults()
        .setOriginDescription("venues.conf"));
  }

  private static VenueAccounts accounts(String hocon, boolean live) {
    Config c = conf(hocon);
    return withTestKind(c).accounts(c, List.of("paper"), List.of(U), live, ENV::get);
  }

  private static final String TESTNET = """
      dorado.venues.accounts.testex {
        kind = testex
        mode = broker_paper
        rest-url = "http://127.0.0.1:9/api"
        stream-url = "ws://127.0.0.1:9/ws"
        credentials { api-key-env = TESTEX_KEY, secret-env = TESTEX_SECRET }
        symbols { ETH = ETHUSDT, BTC = IGNORED }
      }
      """;

  @Test
  void a_venue_nobody_configured_is_the_paper_venue_serving_paper_with_no_rules_required() {
    var accounts = accounts("", false);
    assertEquals(List.of("paper"), accounts.ids());
    VenueAccount paper = accounts.account("paper").orElseThrow();
    assertEquals("paper", paper.kind());
    assertEquals(VenueMode.PAPER, paper.mode());
    assertEquals(Set.of(VenueMode.PAPER, VenueMode.SIMULATION), accounts.servedModes().get("paper"));
    assertEquals(Set.of(), accounts.rulesRequired());
    assertInstanceOf(PaperVenue.class, accounts.adapter("paper"));
  }

  @Test
  void a_registered_kind_makes_the_accounts_adapter_with_its_endpoints_credentials_and_symbols() {
    var accounts = accounts(TESTNET, false);
    assertEquals(List.of("paper", "testex"), accounts.ids());
    VenueAdapter adapter = accounts.adapter("testex");
    assertInstanceOf(PaperVenue.class, adapter);
    VenueAccount a = MADE_FOR.get();
    assertEquals("testex", a.id());
    assertEquals(VenueMode.BROKER_PAPER, a.mode());
    assertEquals("http://127.0.0.1:9/api", a.restUrl());
    assertEquals("ws://127.0.0.1:9/ws", a.streamUrl());
    assertEquals(VenueCredentials.of(PLANTED_KEY, PLANTED_SECRET), a.credentials());
    // The universe's venue_symbol wins over the account's own symbols; others come from the account.
    assertEquals("BTCUSDT", a.venueSymbol("BTC"));
    assertEquals("ETHUSDT", a.venueSymbol("ETH"));
    assertEquals("SOL", a.venueSymbol("SOL"));
    assertEquals(Set.of(VenueMode.BROKER_PAPER), accounts.servedModes().get("testex"));
    assertEquals(Set.of("testex"), accounts.rulesRequired());
  }

  @Test
  void a_node_with_a_real_account_also_runs_the_paper_venue_where_that_accounts_bots_paper_twins_are_accepted() {
    Config c = conf(TESTNET);
    var accounts = withTestKind(c).accounts(c, List.of("testex"), List.of(U), false, ENV::get);
    assertEquals(List.of("testex", "paper"), accounts.ids(), "the paper venue runs beside the real account");
    assertEquals(VenueAccount.paper("paper"), accounts.account("paper").orElseThrow());
    assertEquals(Set.of("paper"), accounts.paperVenues());
    assertEquals("paper", accounts.twinVenues().venueOf("testex"));
    assertEquals("paper", accounts.twinVenues().venueOf("paper"));

    var validator = io.dorado.actors.fleet.BotConfigValidator.of(List.of(U), accounts.servedModes(), Set.of(), false);
    var bot = new io.dorado.protocol.bot.BotConfig("btc-testnet", "u", "BTC", "testex", VenueMode.BROKER_PAPER, "t",
        io.dorado.protocol.bot.SignalMode.SCAN, io.dorado.protocol.bot.ApprovalMode.HUMAN_REQUIRED,
        io.dorado.protocol.bot.Sizing.fixedQuantity(java.math.BigDecimal.ONE), io.dorado.protocol.bot.RegimeFilter.ANY, null);
    assertEquals(java.util.Optional.empty(), validator.problemWith(bot));
    var twin = io.dorado.actors.strategy.scan.ScanActor.twinOf(bot, accounts.twinVenues());
    assertEquals("paper", twin.venue());
    assertEquals(java.util.Optional.empty(), validator.problemWith(twin), "the twin is accepted, on the paper venue");
    // On the bot's own (real) account the twin would be refused: the account serves its one mode.
    assertTrue(validator.problemWith(io.dorado.actors.strategy.scan.ScanActor.twinOf(bot)).orElseThrow()
        .contains("venue 'testex' cannot serve paper"));
  }

  @Test
  void a_node_of_paper_venues_only_runs_no_other_venue() {
    Config c = conf("dorado.venues.accounts.sim { kind = paper, mode = paper }");
    var accounts = withTestKind(c).accounts(c, List.of("sim"), List.of(U), false, ENV::get);
    assertEquals(List.of("sim"), accounts.ids());
    assertEquals("sim", accounts.twinVenues().venueOf("sim"), "a paper venue's twins stay on it");
  }

  @Test
  void credentials_never_show_in_to_string_or_json() throws Exception {
    VenueAccount a = accounts(TESTNET, false).account("testex").orElseThrow();
    String text = a + " " + a.credentials() + " " + new ObjectMapper().writeValueAsString(Map.of("c", a.credentials()));
    assertFalse(text.contains(PLANTED_KEY), text);
    assertFalse(text.contains(PLANTED_SECRET), text);
    assertTrue(text.contains(VenueCredentials.MASKED), text);
  }

  @Test
  void credentials_are_read_from_secret_files(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("key"), PLANTED_KEY + "\n");
    Files.writeString(dir.resolve("secret"), PLANTED_SECRET);
    var accounts = accounts("""
        dorado.venues.accounts.testex { kind = testex, mode = broker_paper,
          credentials { api-key-file = "%s", secret-file = "%s" } }
        """.formatted(dir.resolve("key"), dir.resolve("secret")), false);
    assertEquals(VenueCredentials.of(PLANTED_KEY, PLANTED_SECRET), accounts.account("testex").orElseThrow().credentials());
  }

  private static String refusal(String hocon, boolean live) {
    return assertThrows(ConfigException.class, () -> accounts(hocon, live)).getMessage();
  }

  @Test
  void a_misconfigured_account_stops_the_start_naming_the_venue_the_key_and_the_line() {
    assertEquals("venues.conf: 1: Invalid value at 'dorado.venues.accounts.testex.kind': missing: the adapter: one of"
        + " [alpaca, binance, ibkr, kraken, oanda, paper, testex]", refusal("dorado.venues.accounts.testex { mode = live }", true));
    assertEquals("venues.conf: 1: Invalid value at 'dorado.venues.accounts.testex.kind': venue testex: unknown kind"
        + " 'binanse' (known: [alpaca, binance, ibkr, kraken, oanda, paper, testex])", refusal("dorado.venues.accounts.testex { kind = binanse, mode = live }", true));
    assertEquals("venues.conf: 2: Invalid value at 'dorado.venues.accounts.testex.mode': missing: paper, broker_paper"
        + " or live", refusal("\ndorado.venues.accounts.testex { kind = testex }", true));
    assertTrue(refusal("dorado.venues.accounts.testex { kind = testex, mode = paper }", true)
        .endsWith("'dorado.venues.accounts.testex.mode': venue testex: a testex account cannot serve paper (it serves"
            + " [broker_paper, live])"));
    assertTrue(refusal("dorado.venues.accounts.paper { kind = paper, mode = live }", true)
        .endsWith("venue paper: a paper account cannot serve live (it serves [paper])"));
  }

  @Test
  void a_live_account_needs_live_trading_enabled() {
    String live = TESTNET.replace("broker_paper", "live");
    assertTrue(refusal(live, false).endsWith("'dorado.venues.accounts.testex.mode': venue testex: mode live trades real"
        + " money and needs dorado.venues.live-trading-enabled = true (env DORADO_LIVE_TRADING_ENABLED=true)"));
    assertEquals(VenueMode.LIVE, accounts(live, true).account("testex").orElseThrow().mode());
  }

  @Test
  void missing_credentials_stop_the_start_naming_the_key_and_never_the_value() {
    assertTrue(refusal("dorado.venues.accounts.testex { kind = testex, mode = broker_paper }", false)
        .endsWith("'dorado.venues.accounts.testex.credentials': venue testex: missing credentials { api-key-env |"
            + " api-key-file, secret-env | secret-file }"));
    assertTrue(refusal(TESTNET.replace("TESTEX_SECRET", "NOT_SET_ANYWHERE"), false)
        .endsWith("'dorado.venues.accounts.testex.credentials.secret-env': venue testex: environment variable"
            + " NOT_SET_ANYWHERE is not set"));
    String inline = refusal("dorado.venues.accounts.testex { kind = testex, mode = broker_paper, credentials {"
        + " api-key = " + PLANTED_KEY + ", secret-env = TESTEX_SECRET } }", false);
    assertTrue(inline.contains("a secret is never written in the config"), inline);
    assertFalse(inline.contains(PLANTED_KEY), inline);
    assertTrue(refusal("dorado.venues.accounts.testex { kind = testex, mode = broker_paper, credentials {"
        + " api-key-file = /nonexistent/key, secret-env = TESTEX_SECRET } }", false)
        .endsWith("venue testex: secret file /nonexistent/key cannot be read (NoSuchFileException)"));
  }
}
