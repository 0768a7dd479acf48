package io.dorado.persistence.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.market.Bar;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The bar history on the real Cassandra: bars come back as they were written, newest last, and every row expires. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BarStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final CqlSession session = Sessions.open(TestCassandra.settings());
  private final BarStore store = new BarStore(session, BarStore.Retention.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterAll
  void close() {
    session.close();
  }

  private static String symbol(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8); // the node is shared by the JVM's tests
  }

  private static List<Bar> minutes(String symbol, int count) {
    var bars = new ArrayList<Bar>();
    for (int i = count; i >= 1; i--) {
      BigDecimal open = new BigDecimal("100.00").add(BigDecimal.valueOf(i, 2));
      bars.add(new Bar(symbol, NOW.minus(MINUTE.multipliedBy(i - 1)), MINUTE, open, open.add(new BigDecimal("0.50")),
          open.subtract(new BigDecimal("0.25")), open.add(new BigDecimal("0.10")), new BigDecimal("1.125")));
    }
    return bars;
  }

  @Test
  void barsWrittenAcrossPartitionsAreReadBackNewestLastExactlyAsWritten() {
    String btc = symbol("BTC");
    List<Bar> written = minutes(btc, 1500); // 25 hours of minutes: two or three partitions of 1000 bars
    store.save(written).toCompletableFuture().join();
    long partitions = written.stream().map(b -> BarStore.bucket(b.end(), MINUTE)).distinct().count();
    assertTrue(partitions >= 2, "spans " + partitions + " partitions");

    List<Bar> last = store.last(btc, MINUTE, 1200).toCompletableFuture().join();
    assertEquals(written.subList(300, 1500), last);
    assertEquals(written, store.last(btc, MINUTE, 5000).toCompletableFuture().join(), "all there is when more is asked");
    assertEquals(List.of(), store.last(btc, Duration.ofMinutes(5), 10).toCompletableFuture().join(), "another bar length");
    System.out.println("bar history: 1500 1m bars in " + partitions + " partitions, the newest 1200 read back equal");
  }

  @Test
  void everyRowExpiresAfterTheRetentionOfItsBarLength() {
    String eth = symbol("ETH");
    Bar minute = minutes(eth, 1).get(0);
    Bar day = new Bar(eth, NOW, Duration.ofDays(1), BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE,
        BigDecimal.ONE);
    store.save(List.of(minute, day)).toCompletableFuture().join();
    long minuteTtl = ttl(eth, MINUTE, minute.end());
    long dayTtl = ttl(eth, Duration.ofDays(1), day.end());
    long intraday = BarStore.Retention.DEFAULT.intraday().getSeconds();
    long daily = BarStore.Retention.DEFAULT.daily().getSeconds();
    assertTrue(minuteTtl > intraday - 60 && minuteTtl <= intraday, "1m bar TTL " + minuteTtl + " s, retention " + intraday);
    assertTrue(dayTtl > daily - 60 && dayTtl <= daily, "1d bar TTL " + dayTtl + " s, retention " + daily);
    System.out.println("bar history TTL: 1m bar " + minuteTtl + " s (30 days), 1d bar " + dayTtl + " s (400 days)");
  }

  @Test
  void aConfiguredRetentionIsTheTtlWritten() {
    String sol = symbol("SOL");
    var shortLived = new BarStore(session, new BarStore.Retention(Duration.ofHours(2), Duration.ofDays(3)),
        Clock.fixed(NOW, ZoneOffset.UTC));
    Bar minute = minutes(sol, 1).get(0);
    shortLived.save(List.of(minute)).toCompletableFuture().join();
    long ttl = ttl(sol, MINUTE, minute.end());
    assertTrue(ttl > 7200 - 60 && ttl <= 7200, "TTL " + ttl);
  }

  private long ttl(String symbol, Duration period, Instant end) {
    Row row = session.execute("SELECT TTL(close) AS ttl FROM dorado_market.bars WHERE symbol = ? AND period_s = ? "
        + "AND bucket = ? AND bar_end = ?", symbol, (int) period.getSeconds(), BarStore.bucket(end, period), end).one();
    return row.getInt("ttl");
  }
}
