package io.dorado.cluster.venues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapter;
import io.dorado.actors.orderpath.venue.oanda.OandaAdapter;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run command's venue registry makes the real adapters from a venue account's configuration: Binance on its
 * testnet (broker_paper) or live, Kraken live (it has no spot testnet), Alpaca on its paper endpoint (broker_paper) or
 * live, OANDA on fxPractice (broker_paper) or fxTrade (live), each with the account's symbols, URLs and credentials;
 * nothing connects until the venue's entity connects it.
 */
class RealVenueKindsTest {
  private static final Universe U = new Universe("u", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, "binance-testnet", "USDT", "BTCUSDT"),
      new Underlying("ETH", AssetClass.CRYPTO, "kraken", "USD", "ETH/USD"),
      new Underlying("SOL", AssetClass.CRYPTO, "alpaca-paper", "USD", "SOL/USD"),
      new Underlying("SPY", AssetClass.EQUITY, "ibkr-paper", "USD", "756733")));
  private static final Map<String, String> ENV = Map.of("B_KEY", "binance-key-1", "B_SECRET", "binance-secret-1",
      "K_KEY", "kraken-key-1", "K_SECRET", "a3Jha2VuLXNlY3JldA==", "A_KEY", "alpaca-key-1", "A_SECRET",
      "alpaca-secret-1", "O_ACCOUNT", "101-004-1234567-001", "O_TOKEN", "oanda-token-0123456789abcdef");

  private static VenueAccounts accounts(String hocon) {
    Config c = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("venues.conf"));
    return VenueAdapters.standard(c).accounts(c, List.of(), List.of(U), true, ENV::get);
  }

  @Test
  void a_binance_broker_paper_account_makes_the_binance_adapter_on_the_testnet_with_its_symbols() {
    var accounts = accounts("""
        dorado.venues.accounts.binance-testnet {
          kind = binance, mode = broker_paper
          credentials { api-key-env = B_KEY, secret-env = B_SECRET }
        }
        """);
    VenueAdapter adapter = accounts.adapter("binance-testnet");
    try {
      BinanceSpotAdapter binance = assertInstanceOf(BinanceSpotAdapter.class, adapter);
      assertEquals("binance", binance.info().kind());
      assertEquals(VenueMode.BROKER_PAPER, binance.info().mode());
      assertEquals("binance-testnet", binance.info().venue());
      assertFalse(binance.info().dedupesClientOrderIds(), "Binance refuses a reused id only while the first is open");
      assertTrue(binance.toString().contains("https://testnet.binance.vision"), "broker_paper goes to the testnet: " + binance);
      assertFalse(binance.toString().contains("binance-secret-1"), "no secret in its text");
      assertEquals(java.util.Set.of("binance-testnet"), accounts.rulesRequired());
    } finally {
      adapter.close();
    }
  }

  @Test
  void a_kraken_live_account_makes_the_kraken_adapter_and_a_kraken_testnet_account_is_refused_at_start() {
    var accounts = accounts("""
        dorado.venues.accounts.kraken {
          kind = kraken, mode = live
          credentials { api-key-env = K_KEY, secret-env = K_SECRET }
        }
        """);
    VenueAdapter adapter = accounts.adapter("kraken");
    try {
      KrakenSpotAdapter kraken = assertInstanceOf(KrakenSpotAdapter.class, adapter);
      assertEquals("kraken", kraken.info().kind());
      assertEquals(VenueMode.LIVE, kraken.info().mode());
      assertFalse(kraken.toString().contains("a3Jha2VuLXNlY3JldA=="), "no secret in its text");
    } finally {
      adapter.close();
    }
    ConfigException refused = assertThrows(ConfigException.class, () -> accounts("""
        dorado.venues.accounts.kraken {
          kind = kraken, mode = broker_paper
          credentials { api-key-env = K_KEY, secret-env = K_SECRET }
        }
        """));
    assertTrue(refused.getMessage().contains("cannot serve broker_paper"), refused.getMessage());
  }

  @Test
  void an_alpaca_broker_paper_account_makes_the_alpaca_adapter_on_the_paper_endpoint_and_a_live_one_on_the_live_endpoint() {
    var accounts = accounts("""
        dorado.venues.accounts.alpaca-paper {
          kind = alpaca, mode = broker_paper
          credentials { api-key-env = A_KEY, secret-env = A_SECRET }
          symbols { BTC = "BTC/USD" }
        }
        """);
    VenueAdapter adapter = accounts.adapter("alpaca-paper");
    try {
      AlpacaAdapter alpaca = assertInstanceOf(AlpacaAdapter.class, adapter);
      assertEquals("alpaca", alpaca.info().kind());
      assertEquals(VenueMode.BROKER_PAPER, alpaca.info().mode());
      assertEquals("alpaca-paper", alpaca.info().venue());
      assertFalse(alpaca.info().dedupesClientOrderIds(), "Alpaca publishes no scope for client_order_id uniqueness");
      assertTrue(alpaca.toString().contains("https://paper-api.alpaca.markets"), "broker_paper goes to paper: " + alpaca);
      assertFalse(alpaca.toString().contains("alpaca-secret-1"), "no secret in its text");
      assertEquals(java.util.Set.of("alpaca-paper"), accounts.rulesRequired());
    } finally {
      adapter.close();
    }
    var live = accounts("""
        dorado.venues.accounts.alpaca {
          kind = alpaca, mode = live
          credentials { api-key-env = A_KEY, secret-env = A_SECRET }
        }
        """);
    VenueAdapter liveAdapter = live.adapter("alpaca");
    try {
      AlpacaAdapter alpaca = assertInstanceOf(AlpacaAdapter.class, liveAdapter);
      assertEquals(VenueMode.LIVE, alpaca.info().mode());
      assertTrue(alpaca.toString().contains("https://api.alpaca.markets"), "live goes to the live endpoint: " + alpaca);
    } finally {
      liveAdapter.close();
    }
  }

  @Test
  void an_oanda_broker_paper_account_trades_fxpractice_and_a_live_one_fxtrade_with_the_account_id_from_the_credentials() {
    for (var mode : List.of("broker_paper", "live")) {
      var accounts = accounts("""
          dorado.venues.accounts.oanda-fx {
            kind = oanda, mode = %s
            credentials { api-key-env = O_ACCOUNT, secret-env = O_TOKEN }
            symbols { EUR = EUR_USD }
          }
          """.formatted(mode));
      VenueAdapter adapter = accounts.adapter("oanda-fx");
      try {
        OandaAdapter oanda = assertInstanceOf(OandaAdapter.class, adapter);
        assertEquals("oanda", oanda.info().kind());
        assertEquals(VenueMode.fromConfigName(mode).orElseThrow(), oanda.info().mode());
        assertEquals("101-004-1234567-001", oanda.info().account(), "the OANDA account id is the credentials' api key");
        assertFalse(oanda.info().dedupesClientOrderIds(), "OANDA refuses a reused client id only while it is pending");
        String host = mode.equals("live") ? "https://api-fxtrade.oanda.com" : "https://api-fxpractice.oanda.com";
        assertTrue(oanda.toString().contains(host), mode + " goes to " + host + ": " + oanda);
        assertFalse(oanda.toString().contains("oanda-token-0123456789abcdef"), "no token in its text");
        assertEquals(java.util.Set.of("oanda-fx"), accounts.rulesRequired());
      } finally {
        adapter.close();
      }
    }
  }

  @Test
  void kraken_symbols_are_wsnames_whose_legacy_rest_pair_keys_are_derived() {
    assertEquals("XXBTZUSD", RealVenueKinds.legacyPair("XBT/USD"));
    assertEquals("XETHZEUR", RealVenueKinds.legacyPair("ETH/EUR"));
    assertEquals("SOLUSD", RealVenueKinds.legacyPair("SOL/USD"));
  }

  @Test
  void an_ibkr_broker_paper_account_makes_the_ibkr_adapter_on_the_local_gateway_without_credentials() {
    var accounts = accounts("""
        dorado.venues.accounts.ibkr-paper {
          kind = ibkr, mode = broker_paper, account = DU1234567
          symbols { AAPL = AAPL }
        }
        """);
    VenueAdapter adapter = accounts.adapter("ibkr-paper");
    try {
      IbkrAdapter ibkr = assertInstanceOf(IbkrAdapter.class, adapter);
      assertEquals("ibkr", ibkr.info().kind());
      assertEquals(VenueMode.BROKER_PAPER, ibkr.info().mode());
      assertEquals("DU1234567", ibkr.info().account());
      assertFalse(ibkr.info().dedupesClientOrderIds(), "IBKR publishes no cOID dedupe the fleet could rely on");
      assertTrue(ibkr.toString().contains("https://localhost:5000/v1/api"), "the gateway's default URL: " + ibkr);
      assertTrue(accounts.rulesRequired().contains("ibkr-paper"));
      assertEquals(java.util.Set.of("ibkr-paper"), accounts.chainVenues(),
          "its bots' option chains are asked of it; the paper venue beside it quotes none");
    } finally {
      adapter.close();
    }
  }

  @Test
  void an_ibkr_account_needs_its_account_id_and_a_paper_id_only_in_broker_paper() {
    IllegalArgumentException noAccount = assertThrows(IllegalArgumentException.class, () -> accounts("""
        dorado.venues.accounts.ibkr-paper { kind = ibkr, mode = broker_paper }
        """).adapter("ibkr-paper"));
    assertTrue(noAccount.getMessage().contains("needs account"), noAccount.getMessage());
    IllegalArgumentException liveOnPaper = assertThrows(IllegalArgumentException.class, () -> accounts("""
        dorado.venues.accounts.ibkr-paper { kind = ibkr, mode = live, account = DU1234567 }
        """).adapter("ibkr-paper"));
    assertTrue(liveOnPaper.getMessage().contains("is a paper account"), liveOnPaper.getMessage());
    IllegalArgumentException paperOnLive = assertThrows(IllegalArgumentException.class, () -> accounts("""
        dorado.venues.accounts.ibkr-paper { kind = ibkr, mode = broker_paper, account = U7654321 }
        """).adapter("ibkr-paper"));
    assertTrue(paperOnLive.getMessage().contains("not a paper account"), paperOnLive.getMessage());
  }
}
