package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.fill;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static io.dorado.actors.orderpath.risk.Fixtures.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.GuardianDecisions.Forward;
import io.dorado.actors.orderpath.risk.GuardianDecisions.Log;
import io.dorado.actors.orderpath.risk.GuardianDecisions.LogAs;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reduce-only exit on a stale price is signed and sent, and the guardian says so as an alert warning. */
class StaleExitAlertTest {
  private static final RiskPolicy POLICY = new RiskPolicy(null, null, null,
      new RiskPolicy.Orders(null, null, null, null, null, null, false, null, Duration.ofMinutes(5), null), null);

  @Test
  void aReduceOnlyExitOnAStalePriceIsForwardedAndAlerted() {
    var decisions = new GuardianDecisions(new RiskGuardianActor.Settings("g", d("100000"), Duration.ofSeconds(30),
        AckSigner.ofSecret("stale-exit-alert-secret-0123456789"), Clock.fixed(T0, ZoneOffset.UTC), false),
        Fixtures.engine(POLICY));
    GuardianState s = decisions.record(GuardianState.open(POLICY, d("100000"), T0),
        List.of(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100")), T0)), T0).after();
    Order entry = market("b1", "AAPL", Side.BUY, "10");
    s = decisions.acknowledge(s, entry, T0).after();
    s = s.apply(new GuardianEvent.FillRecorded(fill(entry, "f1", "10", "100"), T0, VENUE));

    var later = T0.plus(Duration.ofMinutes(42)); // the feed stopped 42 minutes ago
    var exit = decisions.acknowledge(s, reduceOnly("b1", "AAPL", Side.SELL, "10"), later);
    var entryAgain = decisions.acknowledge(s, market("b2", "AAPL", Side.BUY, "1"), later);

    assertTrue(exit.afterWrite().stream().anyMatch(e -> e instanceof Forward), exit.afterWrite().toString());
    var alerts = exit.afterWrite().stream().filter(e -> e instanceof Log l && l.as() == LogAs.ALERT_WARN).toList();
    assertEquals(1, alerts.size(), exit.afterWrite().toString());
    assertTrue(((Log) alerts.get(0)).text().contains("allowed without a fresh price, price band skipped: last mark of AAPL"
        + " is 42m old > limit 5m"), alerts.get(0).toString());
    assertTrue(entryAgain.afterWrite().stream().noneMatch(e -> e instanceof Forward), "an entry is denied");
    assertTrue(entryAgain.afterWrite().toString().contains("STALE_PRICE"), entryAgain.afterWrite().toString());
  }
}
