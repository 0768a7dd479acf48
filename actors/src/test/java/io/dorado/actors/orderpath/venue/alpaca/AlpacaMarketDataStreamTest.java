package io.dorado.actors.orderpath.venue.alpaca;

import io.dorado.actors.orderpath.venue.conformance.FakeWebSocketServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Quote;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alpaca's market data stream as a live source, against a fake of its published protocol (greeting, auth, subscribe,
 * arrays of bars and quotes in text frames): bars and quotes reach the sink under the universe symbol, and a dropped
 * connection is re-authenticated and re-subscribed.
 */
class AlpacaMarketDataStreamTest {
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, MarketData.Command>> published = new CopyOnWriteArrayList<>();
  private FakeWebSocketServer server;
  private AlpacaMarketDataStream stream;

  @BeforeEach
  void start() throws Exception {
    server = new FakeWebSocketServer(c -> c.send("[{\"T\":\"success\",\"msg\":\"connected\"}]"), (c, text) -> {
      received.add(text);
      try {
        JsonNode m = FakeAlpaca.JSON.readTree(text);
        switch (m.path("action").asText()) {
          case "auth" -> {
            boolean ok = FakeAlpaca.API_KEY.equals(m.path("key").asText())
                && FakeAlpaca.API_SECRET.equals(m.path("secret").asText());
            c.send(ok ? "[{\"T\":\"success\",\"msg\":\"authenticated\"}]" : "[{\"T\":\"error\",\"code\":402,\"msg\":\"auth failed\"}]");
            c.authenticated = ok;
          }
          case "subscribe" -> {
            c.send("[{\"T\":\"subscription\",\"trades\":[],\"quotes\":" + m.path("quotes") + ",\"bars\":" + m.path("bars")
                + ",\"updatedBars\":[],\"dailyBars\":[],\"orderbooks\":[]}]");
            c.subscribed = c.authenticated;
          }
          default -> {}
        }
      } catch (Exception e) {
        c.drop();
      }
    }, false);
    stream = new AlpacaMarketDataStream(URI.create("ws://127.0.0.1:" + server.port() + "/v1beta3/crypto/us"),
        VenueCredentials.of(FakeAlpaca.API_KEY, FakeAlpaca.API_SECRET), Map.of("BTC", "BTC/USD"),
        (symbol, command) -> published.add(Map.entry(symbol, command)), Duration.ofMillis(100), Duration.ofSeconds(1));
    stream.start();
    await("subscribed", () -> stream.state() == VenueInfo.Connection.CONNECTED);
  }

  @AfterEach
  void stop() throws Exception {
    stream.close();
    server.close();
  }

  @Test
  void itAuthenticatesWithKeyAndSecretAndSubscribesToBarsAndQuotesOfItsSymbols() throws Exception {
    JsonNode auth = FakeAlpaca.JSON.readTree(received.get(0));
    assertEquals("auth", auth.path("action").asText());
    assertEquals(FakeAlpaca.API_KEY, auth.path("key").asText());
    assertEquals(FakeAlpaca.API_SECRET, auth.path("secret").asText());
    JsonNode subscribe = FakeAlpaca.JSON.readTree(received.get(1));
    assertEquals("subscribe", subscribe.path("action").asText());
    assertEquals("BTC/USD", subscribe.path("bars").path(0).asText());
    assertEquals("BTC/USD", subscribe.path("quotes").path(0).asText());
  }

  @Test
  void aMinuteBarAndAQuoteArePublishedUnderTheUniverseSymbolAndOtherSymbolsAreIgnored() {
    broadcast("[{\"T\":\"b\",\"S\":\"BTC/USD\",\"o\":50000.5,\"h\":50100,\"l\":49900,\"c\":50050.25,\"v\":1.25,"
        + "\"t\":\"2026-12-07T10:15:00Z\",\"n\":42,\"vw\":50010.1},"
        + "{\"T\":\"q\",\"S\":\"BTC/USD\",\"bp\":50040,\"bs\":0.5,\"ap\":50060,\"as\":0.7,\"t\":\"2026-12-07T10:16:01.123Z\"},"
        + "{\"T\":\"b\",\"S\":\"ETH/USD\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1,\"t\":\"2026-12-07T10:15:00Z\"}]");
    await("a bar and a quote", () -> published.size() >= 2);
    assertEquals(2, published.size(), published.toString());
    assertEquals("BTC", published.get(0).getKey());
    Bar bar = assertInstanceOf(MarketData.PublishBar.class, published.get(0).getValue()).bar();
    assertEquals("BTC", bar.symbol());
    assertEquals(Instant.parse("2026-12-07T10:16:00Z"), bar.end(), "t is the minute bar's start");
    assertEquals(Duration.ofMinutes(1), bar.period());
    assertEquals(0, new BigDecimal("50050.25").compareTo(bar.close()));
    assertEquals(0, new BigDecimal("1.25").compareTo(bar.volume()));
    Quote quote = assertInstanceOf(MarketData.PublishQuote.class, published.get(1).getValue()).quote();
    assertEquals(0, new BigDecimal("50040").compareTo(quote.bid()));
    assertEquals(0, new BigDecimal("50060").compareTo(quote.ask()));
  }

  @Test
  void aDroppedConnectionIsReauthenticatedAndResubscribed() {
    server.dropAll();
    await("subscribed again", () -> received.stream().filter(m -> m.contains("\"subscribe\"")).count() >= 2
        && server.connections().stream().anyMatch(c -> c.subscribed));
    await("connected", () -> stream.state() == VenueInfo.Connection.CONNECTED);
    broadcast("[{\"T\":\"b\",\"S\":\"BTC/USD\",\"o\":1,\"h\":2,\"l\":1,\"c\":2,\"v\":3,\"t\":\"2026-12-07T10:17:00Z\"}]");
    await("the bar after the reconnect", () -> !published.isEmpty());
    assertTrue(received.stream().filter(m -> m.contains("\"auth\"")).count() >= 2, "authenticated again");
  }

  private void broadcast(String message) {
    for (var c : server.connections()) if (c.subscribed) c.send(message);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
