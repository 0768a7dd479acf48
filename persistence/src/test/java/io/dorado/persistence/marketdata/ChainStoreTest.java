package io.dorado.persistence.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.market.OptionChainSnapshot;
import io.dorado.protocol.market.OptionChainSnapshot.Contract;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The option chains scans decided on, on the real Cassandra: read back as they were kept, and every row expires. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainStoreTest {
  private final CqlSession session = Sessions.open(TestCassandra.settings());
  private final ChainStore store = new ChainStore(session, Duration.ofDays(90));

  @AfterAll
  void close() {
    session.close();
  }

  @Test
  void aChainIsReadBackWithItsRawPricesGreeksAndTheirSourceAndExpiresAfterTheRetention() {
    String spy = "SPY-" + UUID.randomUUID().toString().substring(0, 8);
    Instant at = Instant.parse("2026-12-07T14:30:00Z");
    var venue = new Contract("put", LocalDate.parse("2027-01-15"), 39, 640.0, 4.10, 4.25, 4.18,
        Instant.parse("2026-12-07T14:29:58Z"), 671.35, -0.162, 0.1835, "venue", null);
    var modelled = new Contract("call", LocalDate.parse("2027-01-15"), 39, 700.0, 2.05, 2.20, null, null, null, 0.171,
        0.1712, "model", "Black-Scholes, r = 0, IV from the mid");
    var earlier = new OptionChainSnapshot(spy, "scan-1", "spy-ic", at.minusSeconds(3600), 670.10, "ibkr-paper", false,
        List.of(venue));
    var later = new OptionChainSnapshot(spy, "scan-2", "spy-ic", at, 671.35, "ibkr-paper", false, List.of(venue, modelled));
    store.save(List.of(earlier, later)).toCompletableFuture().join();

    assertEquals(List.of(later, earlier), store.of(spy, LocalDate.parse("2026-12-07")).toCompletableFuture().join(),
        "newest first, every field as kept (a price the venue did not give stays null)");
    assertEquals(List.of(), store.of(spy, LocalDate.parse("2026-12-08")).toCompletableFuture().join());

    int ttl = session.execute("SELECT TTL(contracts) AS ttl FROM dorado_market.option_chains WHERE underlying = ? AND day = ? "
        + "AND taken_at = ? AND bot_id = ?", spy, LocalDate.parse("2026-12-07"), at, "spy-ic").one().getInt("ttl");
    assertTrue(ttl > 90 * 86_400 - 60 && ttl <= 90 * 86_400, "TTL " + ttl);
    System.out.println("option chain snapshot TTL: " + ttl + " s (90 days)");
  }
}
