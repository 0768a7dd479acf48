package io.dorado.persistence.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Dispatch;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.Selection;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every scan's ranked list is journalled on the real Cassandra (PRD §3.2, issue 21): read back newest first with each
 * candidate's score, each gate's values and verdict, the sizing and the selection's reason, across days, and every row
 * expires after the retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanStoreTest {
  private final CqlSession session = Sessions.open(TestCassandra.settings());
  // A day of its own far ahead, so scans other runs kept on the same node are not in this test's partitions.
  private final Instant now = LocalDate.of(2200, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(100_000))
      .atTime(15, 0).toInstant(ZoneOffset.UTC);
  private final ScanStore store = new ScanStore(session, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));

  @AfterAll
  void close() {
    session.close();
  }

  static ScanReport report(String scanId, Instant at) {
    var btc = new Candidate(scanId + "-btc-long", "btc-01", "crypto_momentum", "BTC", AssetClass.CRYPTO, Side.BUY,
        new BigDecimal("42000.5"), new BigDecimal("40100"), new BigDecimal("45800"), List.of(), null, null, null, false,
        1.0, false, 1.5, 0.82, Map.of(ScoreFeature.TREND_STRENGTH, 0.9, ScoreFeature.DATA_QUALITY, 1.0), "ok");
    var eth = new Candidate(scanId + "-eth-long", "eth-01", "crypto_momentum", "ETH", AssetClass.CRYPTO, Side.BUY,
        new BigDecimal("2200"), new BigDecimal("2100"), new BigDecimal("2400"), List.of(), null, null, null, false,
        1.0, false, 1.0, 0.64, Map.of(ScoreFeature.TREND_STRENGTH, 0.6), null);
    var gates = List.of(new GateVerdict(Gate.REGIME, true, List.of("pass: risk_on 0.8 >= 0.6"), Map.of("confidence", 0.8)),
        new GateVerdict(Gate.TECHNICAL, true, List.of("pass: hurst 0.62 > 0.55"), Map.of("hurst", 0.62)));
    return new ScanReport(scanId, at, "risk_on (80%)",
        List.of(new BotScan("btc-01", "BTC", "crypto_momentum", gates, List.of(btc), null),
            new BotScan("eth-01", "ETH", "crypto_momentum", gates, List.of(eth), null),
            new BotScan("spy-01", "SPY", "iron_condor", List.of(new GateVerdict(Gate.VOLATILITY, false,
                List.of("fail: IV rank 18 < 30"), Map.of("iv_rank", 18.0))), List.of(), "volatility gate failed")),
        List.of(new Selection(btc.candidateId(), Selection.Fate.SELECTED, "fits every portfolio limit"),
            new Selection(eth.candidateId(), Selection.Fate.PAPER, "correlated cluster crypto would exceed 20%")),
        List.of(new Dispatch(btc.candidateId(), "btc-01", btc.candidateId(), false, "accepted (risk_check)")));
  }

  @Test
  void every_scans_ranked_list_reads_back_newest_first_across_days_with_its_values_and_reasons_and_expires() {
    var yesterday = report("scan-a", now.minus(Duration.ofHours(20)));
    var earlier = report("scan-b", now.minus(Duration.ofHours(1)));
    var latest = report("scan-c", now.minus(Duration.ofMinutes(1)));
    store.save(yesterday).toCompletableFuture().join();
    store.save(earlier).toCompletableFuture().join();
    store.save(latest).toCompletableFuture().join();

    assertEquals(List.of(latest, earlier, yesterday), store.recent(10).toCompletableFuture().join(),
        "newest first, every candidate, gate value and reason as kept");
    assertEquals(List.of(latest), store.recent(1).toCompletableFuture().join());
    assertEquals(List.of(latest, earlier), store.recent(2).toCompletableFuture().join());

    int ttl = session.execute("SELECT TTL(report) AS ttl FROM dorado_read.scans_by_day WHERE day = ? AND at = ? "
        + "AND scan_id = ?", now.atZone(ZoneOffset.UTC).toLocalDate(), latest.at(), "scan-c").one().getInt("ttl");
    assertTrue(ttl > 30 * 86_400 - 60 && ttl <= 30 * 86_400, "TTL " + ttl);
    System.out.println("scan history: 3 scans over 2 days read back newest first; TTL " + ttl + " s (30 days)");
  }
}
