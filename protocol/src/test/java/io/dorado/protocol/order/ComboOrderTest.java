package io.dorado.protocol.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComboOrderTest {
  private static final ClientOrderId ID = ClientOrderId.of("aapl-ic-01", 3);

  @Test
  void anOccSymbolNamesTheRootExpiryRightAndStrikeAndParsesBack() {
    var put = OptionSymbol.of("AAPL", LocalDate.of(2013, 6, 21), OptionSymbol.Right.PUT, new BigDecimal("400"));
    assertEquals("AAPL  130621P00400000", put.occ());
    assertEquals(put, OptionSymbol.parse("AAPL  130621P00400000").orElseThrow());
    assertEquals(new BigDecimal("402.5"), OptionSymbol.parse("AAPL  130621C00402500").orElseThrow().strike());
    assertTrue(OptionSymbol.parse("AAPL").isEmpty(), "a stock is not an option");
    assertTrue(OptionSymbol.parse("AAPL  130621X00400000").isEmpty());
  }

  @Test
  void aComboFillsEveryLegInUnitsOfStructuresTimesRatioTimesTheContractMultiplier() {
    Order o = IronCondorFixture.entry(ID, "3", "1.20");
    assertTrue(o.isCombo());
    assertEquals(new BigDecimal("300"), o.legQuantity(o.legs().get(0)));
    assertEquals(new BigDecimal("1200"), o.fillQuantity(), "4 legs of 300 units");
    assertEquals(OrderType.LIMIT, o.type());
    var single = Order.market(ID, "paper", "AAPL", Side.BUY, BigDecimal.TEN, false);
    assertFalse(single.isCombo());
    assertEquals(BigDecimal.TEN, single.fillQuantity());
  }

  @Test
  void aComboIsRefusedWithoutAPositiveRatioARepeatedLegOrAWholeNumberOfStructures() {
    assertThrows(IllegalArgumentException.class, () -> new OrderLeg(IronCondorFixture.SHORT_PUT, Side.SELL, 0));
    assertThrows(IllegalArgumentException.class, () -> new OrderLeg(" ", Side.SELL, 1));
    assertThrows(IllegalArgumentException.class, () -> new OrderLeg(IronCondorFixture.SHORT_PUT, null, 1));
    var twice = List.of(new OrderLeg(IronCondorFixture.SHORT_PUT, Side.SELL, 1), new OrderLeg(IronCondorFixture.SHORT_PUT, Side.BUY, 1));
    assertThrows(IllegalArgumentException.class,
        () -> Order.combo(ID, "paper", "AAPL", Side.SELL, BigDecimal.ONE, null, twice, false));
    assertThrows(IllegalArgumentException.class,
        () -> Order.combo(ID, "paper", "AAPL", Side.SELL, new BigDecimal("1.5"), null, IronCondorFixture.legs(), false));
  }

  @Test
  void anIronCondorsMaxLossIsTheWingWidthLessTheCreditTimesTheMultiplierAndQuantity() {
    // 5 wide, 1.20 credit: (5 - 1.20) x 100 x 3 = 1140
    assertEquals(0, new BigDecimal("1140").compareTo(DefinedRisk.maxLoss(IronCondorFixture.entry(ID, "3", "1.20")).orElseThrow()));
    // unequal wings: the wider one counts
    var legs = List.of(new OrderLeg(IronCondorFixture.SHORT_PUT, Side.SELL, 1),
        new OrderLeg(OptionSymbol.of("AAPL", IronCondorFixture.EXPIRY, OptionSymbol.Right.PUT, new BigDecimal("375")).occ(), Side.BUY, 1),
        new OrderLeg(IronCondorFixture.SHORT_CALL, Side.SELL, 1), new OrderLeg(IronCondorFixture.LONG_CALL, Side.BUY, 1));
    var wide = Order.combo(ID, "paper", "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("1.50"), legs, false);
    assertEquals(0, new BigDecimal("850").compareTo(DefinedRisk.maxLoss(wide).orElseThrow()), "(10 - 1.50) x 100");
  }

  @Test
  void nakedShortCallsHaveNoDefinedMaxLoss() {
    var naked = List.of(new OrderLeg(IronCondorFixture.SHORT_CALL, Side.SELL, 2), new OrderLeg(IronCondorFixture.LONG_CALL, Side.BUY, 1));
    assertTrue(DefinedRisk.maxLoss(Order.combo(ID, "paper", "AAPL", Side.SELL, BigDecimal.ONE, BigDecimal.ONE, naked, false)).isEmpty());
  }

  @Test
  void aSingleInstrumentOrderSerializesWithoutLegsAndAComboWithThemInSnakeCase() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
    String single = mapper.writeValueAsString(Order.market(ID, "paper", "AAPL", Side.BUY, BigDecimal.ONE, false));
    assertFalse(single.contains("legs"), single);
    String combo = mapper.writeValueAsString(IronCondorFixture.entry(ID, "1", "1.20"));
    assertTrue(combo.contains("\"legs\":[{\"symbol\":\"AAPL  130621P00385000\",\"side\":\"sell\",\"ratio_qty\":1}"), combo);
    assertEquals(IronCondorFixture.entry(ID, "1", "1.20"), mapper.readValue(combo, Order.class));
    assertEquals(Json.class, Json.class);
  }
}
