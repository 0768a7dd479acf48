package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.strategy.scan.TwinVenues;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which venues the market-data relay quotes each underlying to. */
class StrategyNodeVenuesTest {
  private static final Universe U = new Universe("mixed", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, "binance-live", "USDT", "BTCUSDT"),
      new Underlying("ETH", AssetClass.CRYPTO, "paper", "USD"),
      new Underlying("SOL", AssetClass.CRYPTO, "elsewhere", "USD")));

  @Test
  void anUnderlyingOnARealVenueIsQuotedToItAndToThePaperVenueOneOnAPaperVenueToItAlone() {
    var twins = TwinVenues.of(Map.of("binance-live", Set.of(VenueMode.LIVE),
        "paper", Set.of(VenueMode.PAPER, VenueMode.SIMULATION)), TwinVenues.PAPER_VENUE);
    Map<String, String> run = Map.of("binance-live", "ref:binance-live", "paper", "ref:paper");
    var quoted = StrategyNode.quotedVenues(U, run::get, twins);
    assertEquals(Map.of("BTC", List.of("ref:binance-live", "ref:paper"), "ETH", List.of("ref:paper"),
        "SOL", List.of("ref:paper")), quoted, "a venue the node does not run is skipped");
  }

  @Test
  void withEveryVenueAPaperVenueEachUnderlyingIsQuotedToItsOwnOnlyAsBefore() {
    var quoted = StrategyNode.quotedVenues(U, id -> "ref:" + id, TwinVenues.sameVenue());
    assertEquals(Map.of("BTC", List.of("ref:binance-live"), "ETH", List.of("ref:paper"), "SOL", List.of("ref:elsewhere")),
        quoted);
  }
}
