package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 4, computed: the guardian's snapshot (its whole state in CBOR) as a function of the settled orders it
 * still remembers and of its bots, against Cassandra's largest mutation (half a commitlog segment: 16 MiB by default).
 * Measured at two sizes for each, so the per-order and per-bot bytes are slopes; prints them and what 1,000 orders/s for
 * the default retention of a day (every order remembered a day after it settled) would make.
 */
class GuardianSnapshotBudgetTest {
  private static final ObjectMapper CBOR = CBORMapper.builder().addModule(new JavaTimeModule()).build();
  private static final long MUTATION_LIMIT = 16L << 20; // commitlog_segment_size (32 MiB) / 2

  @Test
  void theSnapshotGrowsByAFixedSizePerRememberedOrderAndPerBot() throws Exception {
    long o1 = bytes(100, 2_000), o2 = bytes(100, 4_000), b2 = bytes(1_000, 4_000);
    double perOrder = (o2 - o1) / 2_000.0;
    double perBot = (b2 - o2) / 900.0;
    double fixed = o1 - 2_000 * perOrder; // with 100 bots
    long day = Duration.ofDays(1).toSeconds() * 1_000; // orders remembered at 1,000/s with a day's retention
    double projected = fixed + day * perOrder + 900 * perBot;
    long fits = (long) ((MUTATION_LIMIT - fixed - 900 * perBot) / perOrder);
    System.out.printf("guardian snapshot: %.0f bytes per remembered order, %.0f bytes per bot, %.0f with 100 bots and no order; "
        + "1,000 orders/s for a day (%,d orders, 1,000 bots): %,.0f MiB against a %d MiB mutation limit; "
        + "%,d orders fit (%.0f s at 1,000/s)%n", perOrder, perBot, fixed, day, projected / (1 << 20),
        MUTATION_LIMIT >> 20, fits, fits / 1_000.0);
    assertTrue(perOrder > 100, "every remembered order is in the snapshot: " + perOrder);
    long o3 = bytes(100, 6_000);
    double predicted = fixed + 6_000 * perOrder;
    assertTrue(Math.abs(o3 - predicted) < 0.05 * o3, () -> "linear in remembered orders: " + o3 + " vs " + predicted);
  }

  /** The snapshot's bytes after {@code orders} filled orders, not yet forgotten, spread over {@code bots}. */
  private static long bytes(int bots, int orders) throws Exception {
    var s = GuardianState.open(RiskPolicy.DEFAULT, d("100000000"), T0);
    for (int k = 0; k < orders; k++) {
      String bot = "bot-" + (k % bots);
      Instant at = T0.plusMillis(k);
      Order o = Order.market(ClientOrderId.of(bot, 1 + k / bots), Fixtures.VENUE, "AAPL",
          (k / bots) % 2 == 0 ? Side.BUY : Side.SELL, d("1"), false);
      s = s.apply(new GuardianEvent.OrdersAcknowledged(
          List.of(GuardianRig.SIGNER.sign(o, "ack-" + o.clientOrderId(), "g", at, at.plusSeconds(30))), at));
      s = s.apply(new GuardianEvent.FillRecorded(new Fill("f-" + o.clientOrderId(), o.clientOrderId(), "AAPL", o.side(),
          d("1"), d("100"), BigDecimal.ZERO, at), at, Fixtures.VENUE));
    }
    return CBOR.writeValueAsBytes(s).length;
  }
}
