package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Quote;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The relay quotes every venue listed for a symbol: a real venue's instrument is quoted to the paper venue too. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PriceRelayTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("price-relay", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aBarAndAQuoteOfAnInstrumentOnARealVenueAreQuotedToItsVenueAndToThePaperVenueItsTwinsTradeOn() {
    TestProbe<RiskGuardian.Command> guardian = testKit.createTestProbe();
    TestProbe<Venue.Command> real = testKit.createTestProbe();
    TestProbe<Venue.Command> paper = testKit.createTestProbe();
    var relay = testKit.spawn(PriceRelay.toVenues(guardian.ref(), Map.of("BTC", List.of(real.ref(), paper.ref())),
        BigDecimal.ZERO, Clock.fixed(NOW, ZoneOffset.UTC)));

    BigDecimal close = new BigDecimal("42000");
    relay.tell(new MarketData.BarClosed(new Bar("BTC", NOW, Duration.ofMinutes(5), close, close, close, close, null)));
    assertEquals(new RiskGuardian.MarkPrice("BTC", close, NOW), guardian.receiveMessage());
    var quoted = new Venue.MarketPrice("BTC", close, close, NOW);
    assertEquals(quoted, real.receiveMessage());
    assertEquals(quoted, paper.receiveMessage());

    relay.tell(new MarketData.QuoteUpdated(new Quote("BTC", new BigDecimal("41990"), new BigDecimal("42010"), NOW)));
    var quote = new Venue.MarketPrice("BTC", new BigDecimal("41990"), new BigDecimal("42010"), NOW);
    assertEquals(quote, real.receiveMessage());
    assertEquals(quote, paper.receiveMessage());
  }

  @Test
  void onceASymbolHasALiveQuoteItsBarsStillMarkTheGuardianButNoLongerQuoteTheVenueOverIt() {
    TestProbe<RiskGuardian.Command> guardian = testKit.createTestProbe();
    TestProbe<Venue.Command> paper = testKit.createTestProbe();
    var relay = testKit.spawn(PriceRelay.create(guardian.ref(), Map.of("AAPL", paper.ref()), new BigDecimal("10"),
        Clock.fixed(NOW, ZoneOffset.UTC)));
    relay.tell(new MarketData.QuoteUpdated(new Quote("AAPL", new BigDecimal("189.50"), new BigDecimal("189.60"), NOW)));
    assertEquals(new Venue.MarketPrice("AAPL", new BigDecimal("189.50"), new BigDecimal("189.60"), NOW),
        paper.receiveMessage());

    BigDecimal close = new BigDecimal("189.55");
    relay.tell(new MarketData.BarClosed(new Bar("AAPL", NOW, Duration.ofMinutes(1), close, close, close, close, null)));
    assertEquals(new RiskGuardian.MarkPrice("AAPL", close, NOW), guardian.receiveMessage());
    paper.expectNoMessage(java.time.Duration.ofMillis(300)); // not 189.46/189.64 over the live 189.50/189.60
  }
}
