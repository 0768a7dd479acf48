package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.approved;
import static io.dorado.actors.orderpath.risk.Fixtures.book;
import static io.dorado.actors.orderpath.risk.Fixtures.holding;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import org.junit.jupiter.api.Test;

/** The guardian may snapshot its book: it must survive CBOR as it is, maps, decimals and dates included. */
class RiskBookSerializationTest {
  private static final ObjectMapper CBOR = CBORMapper.builder().addModule(new JavaTimeModule()).build();

  @Test
  void aBookWithPositionsWorkingOrdersAndApprovalsRoundTripsThroughCbor() throws Exception {
    RiskPolicy p = RiskPolicy.DEFAULT;
    RiskBook b = holding(book(p), "b1", "AAPL", Side.BUY, "10", "100", "95");
    b = approved(b, "b2", "MSFT", Side.BUY, "5", "200", "190");
    b = b.acknowledged(market("b2", "MSFT", Side.BUY, "3"), T0).withTradingState(TradingState.REDUCING, "test");
    RiskBook back = CBOR.readValue(CBOR.writeValueAsBytes(b), RiskBook.class);
    assertEquals(b, back);
  }
}
