package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.MarketDataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing a live source's venue: alpaca and oanda read their credentials from the environment by name. */
class LiveVenueTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @Test
  void anAlpacaOrOandaSourceWhoseCredentialVariableIsUnsetIsRefusedNamingTheSourceAndTheVariable() {
    var alpaca = MarketDataSource.live(MarketDataSource.Kind.ALPACA, "AAPL", Duration.ofMinutes(1), null, null, "sip",
        new MarketDataSource.CredentialsEnv("ALPACA_KEY_ID", "ALPACA_SECRET_KEY"));
    var e = assertThrows(IllegalArgumentException.class, () -> LiveVenue.of(alpaca, TIMEOUT, Map.<String, String>of()::get));
    assertEquals("alpaca source AAPL: environment variable ALPACA_KEY_ID (credentials_env.key) is not set", e.getMessage());
    assertInstanceOf(AlpacaLive.class, LiveVenue.of(alpaca, TIMEOUT,
        Map.of("ALPACA_KEY_ID", "AKID", "ALPACA_SECRET_KEY", "s")::get));

    var oanda = MarketDataSource.live(MarketDataSource.Kind.OANDA, "EUR_USD", Duration.ofMinutes(1), null, null, null,
        new MarketDataSource.CredentialsEnv("OANDA_ACCOUNT_ID", "OANDA_TOKEN"));
    e = assertThrows(IllegalArgumentException.class,
        () -> LiveVenue.of(oanda, TIMEOUT, Map.of("OANDA_ACCOUNT_ID", "101-004-1-001")::get));
    assertEquals("oanda source EUR_USD: environment variable OANDA_TOKEN (credentials_env.token) is not set", e.getMessage());
    assertInstanceOf(OandaLive.class, LiveVenue.of(oanda, TIMEOUT,
        Map.of("OANDA_ACCOUNT_ID", "101-004-1-001", "OANDA_TOKEN", "t")::get));
  }

  @Test
  void anOandaPriceIsATickAtItsMidAndAHeartbeatIsNothing() throws Exception {
    var json = new ObjectMapper();
    Trade t = OandaLive.mid(json.readTree("{\"type\":\"PRICE\",\"time\":\"2026-12-07T05:00:01.250000000Z\","
        + "\"bids\":[{\"price\":\"1.05431\",\"liquidity\":1000000}],\"asks\":[{\"price\":\"1.05444\",\"liquidity\":1000000}],"
        + "\"instrument\":\"EUR_USD\",\"tradeable\":true}"), "EUR_USD");
    assertEquals(new Trade(Instant.parse("2026-12-07T05:00:01.250Z"), new BigDecimal("1.054375"), BigDecimal.ONE), t);
    assertNull(OandaLive.mid(json.readTree("{\"type\":\"HEARTBEAT\",\"time\":\"2026-12-07T05:00:05.000000000Z\"}"),
        "EUR_USD"));
    assertEquals("S5", OandaLive.granularity(Duration.ofSeconds(5)));
    assertEquals("M15", OandaLive.granularity(Duration.ofMinutes(15)));
    assertEquals("H4", OandaLive.granularity(Duration.ofHours(4)));
    assertEquals("D", OandaLive.granularity(Duration.ofDays(1)));
  }
}
