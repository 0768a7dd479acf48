package io.dorado.protocol.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.StructurePosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructurePositionTest {
  private static final Instant T = Instant.parse("2013-05-01T20:00:00Z");
  private static final ClientOrderId ENTRY = ClientOrderId.of("ic", 1);
  private static final ClientOrderId EXIT = ClientOrderId.of("ic", 2);

  private static Fill fill(ClientOrderId id, String symbol, Side side, String qty, String price) {
    return new Fill(id + "-" + symbol.trim(), id, symbol, side, new BigDecimal(qty), new BigDecimal(price), BigDecimal.ZERO, T);
  }

  @Test
  void legFillsBuildPerLegPositionsAndTheCloseRealizesPerSideProfitAndLossToTheCent() {
    var s = StructurePosition.opening(IronCondorFixture.entry(ENTRY, "2", "1.10"), new BigDecimal("780"), new BigDecimal("5"));
    // entry: +2.10 -0.80 +1.30 -0.50 = 2.10 credit per share
    Map<String, String[]> entry = Map.of(IronCondorFixture.SHORT_PUT, new String[] {"sell", "2.10"},
        IronCondorFixture.LONG_PUT, new String[] {"buy", "0.80"}, IronCondorFixture.SHORT_CALL, new String[] {"sell", "1.30"},
        IronCondorFixture.LONG_CALL, new String[] {"buy", "0.50"});
    for (var e : entry.entrySet()) {
      s = s.apply(fill(ENTRY, e.getKey(), e.getValue()[0].equals("sell") ? Side.SELL : Side.BUY, "200", e.getValue()[1]));
    }
    assertEquals(new BigDecimal("2"), s.openStructures());
    assertEquals(0, new BigDecimal("2.10").compareTo(s.filledCredit()));
    assertEquals(new BigDecimal("-200"), s.position(IronCondorFixture.SHORT_PUT).quantity());
    // buy back: put side 1.00 - 0.30, call side 0.40 - 0.05
    s = s.apply(fill(EXIT, IronCondorFixture.SHORT_PUT, Side.BUY, "200", "1.00"));
    s = s.apply(fill(EXIT, IronCondorFixture.LONG_PUT, Side.SELL, "200", "0.30"));
    assertFalse(s.isFlat());
    s = s.apply(fill(EXIT, IronCondorFixture.SHORT_CALL, Side.BUY, "200", "0.40"));
    s = s.apply(fill(EXIT, IronCondorFixture.LONG_CALL, Side.SELL, "200", "0.05"));
    assertTrue(s.isFlat());
    // put side: (2.10 - 1.00) x 200 + (0.30 - 0.80) x 200 = 220 - 100 = 120; call side: 180 - 90 = 90
    assertEquals(new BigDecimal("120.00"), s.putSidePnl().setScale(2));
    assertEquals(new BigDecimal("90.00"), s.callSidePnl().setScale(2));
    assertEquals(new BigDecimal("215.00"), s.realizedPnl().setScale(2), "both sides and the 5 carried from before");
  }

  @Test
  void theClosingOrderBuysBackEveryLegTheOtherWayRoundReduceOnly() {
    var s = StructurePosition.opening(IronCondorFixture.entry(ENTRY, "1", "1.10"), new BigDecimal("390"), null);
    assertTrue(s.closingOrder(EXIT, "paper").isEmpty(), "nothing open yet");
    for (OrderLeg leg : IronCondorFixture.legs()) s = s.apply(fill(ENTRY, leg.symbol(), leg.side(), "100", "1"));
    Order close = s.closingOrder(EXIT, "paper").orElseThrow();
    assertTrue(close.reduceOnly());
    assertEquals(Side.BUY, close.side());
    assertEquals(BigDecimal.ONE, close.quantity());
    for (int i = 0; i < 4; i++) assertEquals(IronCondorFixture.legs().get(i).reversed(), close.legs().get(i));
  }

  @Test
  void thePerSideProfitAndLossIsShownInJsonAndIgnoredWhenReadBack() throws Exception {
    var s = StructurePosition.opening(IronCondorFixture.entry(ENTRY, "1", "1.10"), new BigDecimal("390"), null);
    s = s.apply(fill(ENTRY, IronCondorFixture.SHORT_PUT, Side.SELL, "100", "2.10"));
    s = s.apply(fill(EXIT, IronCondorFixture.SHORT_PUT, Side.BUY, "100", "1.10"));
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
    String json = mapper.writeValueAsString(s);
    assertTrue(json.contains("\"put_side_pnl\":100"), json);
    assertTrue(json.contains("\"call_side_pnl\":0"), json);
    assertEquals(s, mapper.readValue(json, StructurePosition.class));
  }
}
