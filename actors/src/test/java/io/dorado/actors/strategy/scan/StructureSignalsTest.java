package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.OptionLeg;
import io.dorado.protocol.strategy.StrategyTemplate.LegPosition;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructureSignalsTest {
  private static final LocalDate EXPIRY = LocalDate.of(2013, 6, 21);

  private static OptionLeg leg(LegRole role, LegPosition position, String strike) {
    return new OptionLeg(role, position, new BigDecimal(strike), EXPIRY, BigDecimal.ONE, new BigDecimal("1.10"), -0.2, 0.25);
  }

  @Test
  void anIronCondorCandidateBecomesAnEnterShortSignalWithItsOccLegsAndTheLeastCreditItSellsFor() {
    var legs = List.of(leg(LegRole.SHORT_PUT, LegPosition.SELL, "400"), leg(LegRole.LONG_PUT, LegPosition.BUY, "395"),
        leg(LegRole.SHORT_CALL, LegPosition.SELL, "462.5"), leg(LegRole.LONG_CALL, LegPosition.BUY, "467.5"));
    var c = new Candidate("scan-1-ic-1", "aapl-ic-01", "iron_condor", "AAPL", AssetClass.EQUITY, null, new BigDecimal("1.37"),
        null, null, legs, 42, new BigDecimal("1.37"), new BigDecimal("3.63"), true, 0.1, false, 2.0, 0.7, Map.of(), "note");
    var signal = StructureSignals.of(c, "aapl-ic-01.paper", c.candidateId(), Instant.EPOCH, new BigDecimal("2"));
    assertEquals(SignalAction.ENTER_SHORT, signal.action());
    assertEquals("aapl-ic-01.paper", signal.botId());
    assertEquals(new BigDecimal("1.23"), signal.price(), "1.37 less 10%, to the cent below");
    assertEquals(List.of(new OrderLeg("AAPL  130621P00400000", Side.SELL, 1), new OrderLeg("AAPL  130621P00395000", Side.BUY, 1),
        new OrderLeg("AAPL  130621C00462500", Side.SELL, 1), new OrderLeg("AAPL  130621C00467500", Side.BUY, 1)), signal.legs());
  }
}
