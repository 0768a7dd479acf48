package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.book;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.Orders;
import io.dorado.protocol.risk.RiskPolicy.Portfolio;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guardian and an iron condor: sized and limited by its max loss ((wing width − credit) × 100 ×
 * structures), not its notional; counted in heat and committed cash at that max loss; closed (bought back,
 * reduce-only) even when trading is halted. AAPL is at 100: a 90/95 put spread and a 105/110 call spread.
 */
class StructureRiskTest {
  private static final LocalDate EXPIRY = LocalDate.of(2026, 2, 20);
  private static final RiskPolicy POLICY = RiskPolicy.DEFAULT;

  private static String option(OptionSymbol.Right right, String strike) {
    return OptionSymbol.of("AAPL", EXPIRY, right, d(strike)).occ();
  }

  private static final List<OrderLeg> LEGS = List.of(
      new OrderLeg(option(OptionSymbol.Right.PUT, "95"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.PUT, "90"), Side.BUY, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "105"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "110"), Side.BUY, 1));

  private static TradeProposal condor(String credit, Sizing sizing) {
    return new TradeProposal(TradeProposal.reviewIdFor("ic", "s1"), "ic", "s1", VENUE, "AAPL", Side.SELL, d(credit), null,
        null, sizing, false, T0, LEGS);
  }

  private static Order entry(long seq, String structures, String credit) {
    return Order.combo(ClientOrderId.of("ic", seq), VENUE, "AAPL", Side.SELL, d(structures), d(credit), LEGS, false);
  }

  /** Every leg filled at these prices per share (the net is the credit). */
  private static RiskBook filled(RiskBook b, Order combo, String... prices) {
    for (int i = 0; i < combo.legs().size(); i++) {
      OrderLeg leg = combo.legs().get(i);
      b = b.filled(new Fill(combo.clientOrderId() + "-f" + (i + 1), combo.clientOrderId(), leg.symbol(), leg.side(),
          combo.legQuantity(leg), d(prices[i]), BigDecimal.ZERO, T0));
    }
    return b;
  }

  @Test
  void aCondorIsSizedInWholeStructuresByItsMaxLossAndApprovedWithThatMaxLoss() {
    // 2% of 100,000 = 2,000 at risk; one structure risks (5 - 1.20) x 100 = 380: 5 structures, max loss 1,900.
    var review = engine(POLICY).review(condor("1.20", Sizing.riskPct(d("2"))), book(POLICY), null);
    var approved = assertInstanceOf(RiskEngine.Approved.class, review, review::toString);
    assertEquals(d("5"), approved.quantity());
    assertEquals(0, d("1900").compareTo(approved.maxLoss()), approved.maxLoss()::toPlainString);
  }

  @Test
  void anAcknowledgedCondorIsAllowedWithoutAPriceBandAndCountsItsMaxLossInHeatBeforeAndAfterItFills() {
    RiskBook b = book(POLICY).approved(condor("1.20", Sizing.riskPct(d("2"))), d("5"));
    Order combo = entry(1, "5", "1.20");
    var ack = engine(POLICY).acknowledge(combo, b, null, T0);
    assertInstanceOf(RiskEngine.Allowed.class, ack, ack::toString);
    RiskBook working = b.acknowledged(combo, T0);
    assertEquals(0, d("1900").compareTo(RiskEngine.openRisk(working)), "the working combo risks its max loss");
    assertEquals(0, d("98100").compareTo(RiskEngine.availableCash(working)), "and commits it");
    // filled at a better credit (1.30): max loss (5 - 1.30) x 500 = 1,850; the credit came in as cash
    RiskBook open = filled(working, combo, "2.10", "0.90", "0.40", "0.30");
    assertTrue(open.working().isEmpty(), "every leg filled: nothing works any more");
    assertEquals(0, d("1850").compareTo(RiskEngine.openRisk(open)), RiskEngine.openRisk(open)::toPlainString);
    assertEquals(0, d("100650").compareTo(open.ledger().cash()));
    assertEquals(0, d("98800").compareTo(RiskEngine.availableCash(open)), "cash less the structure's max loss");
    assertEquals(0, d("100000").compareTo(open.ledger().equity()), "legs valued at their entry prices");
  }

  @Test
  void aCondorWhoseMaxLossExceedsTheLimitsIsDenied() {
    RiskPolicy lossCap = new RiskPolicy(null, null, null, new Orders(null, null, null, null, null, d("1000"), null), null);
    var review = engine(lossCap).review(condor("1.20", Sizing.fixedQuantity(d("3"))), book(lossCap), null);
    var r = assertInstanceOf(RiskEngine.Rejected.class, review, review::toString);
    assertEquals(DenialReason.MAX_LOSS_PER_TRADE, r.denial().reason());
    assertTrue(r.denial().detail().contains("structure max loss 1140.00 > max 1000.00"), r.denial().detail());

    RiskPolicy coolHeat = new RiskPolicy(null, new Portfolio(d("1"), null, null, null, null), null, null, null);
    RiskBook b = book(coolHeat).approved(condor("1.20", Sizing.fixedQuantity(d("3"))), d("3"));
    var ack = engine(coolHeat).acknowledge(entry(2, "3", "1.20"), b, null, T0);
    var denied = assertInstanceOf(RiskEngine.Denied.class, ack, ack::toString);
    assertEquals(DenialReason.HEAT_LIMIT, denied.denial().reason());
    assertTrue(denied.denial().detail().contains("structure max loss 1140.00"), denied.denial().detail());
  }

  @Test
  void aComboWithoutAReviewOrWithNakedCallsIsDenied() {
    var ack = engine(POLICY).acknowledge(entry(3, "1", "1.20"), book(POLICY), null, T0);
    assertEquals(DenialReason.NOT_REVIEWED, assertInstanceOf(RiskEngine.Denied.class, ack).denial().reason());
    var naked = List.of(new OrderLeg(option(OptionSymbol.Right.CALL, "105"), Side.SELL, 1),
        new OrderLeg(option(OptionSymbol.Right.PUT, "90"), Side.BUY, 1));
    var proposal = new TradeProposal("ic/s9", "ic", "s9", VENUE, "AAPL", Side.SELL, d("1"), null, null,
        Sizing.fixedQuantity(BigDecimal.ONE), false, T0, naked);
    var review = engine(POLICY).review(proposal, book(POLICY), null);
    assertEquals(DenialReason.INVALID_ORDER, assertInstanceOf(RiskEngine.Rejected.class, review).denial().reason());
  }

  @Test
  void theCloseBuysBackEveryLegAndPassesWhenTradingIsHaltedButNeverMoreThanIsOpen() {
    RiskBook b = book(POLICY).approved(condor("1.20", Sizing.fixedQuantity(d("2"))), d("2"));
    Order combo = entry(4, "2", "1.20");
    RiskBook open = filled(b.acknowledged(combo, T0), combo, "2.10", "0.90", "0.40", "0.30")
        .withTradingState(TradingState.HALTED, "test");
    var reversed = LEGS.stream().map(OrderLeg::reversed).toList();
    Order close = Order.combo(ClientOrderId.of("ic", 5), VENUE, "AAPL", Side.BUY, d("2"), null, reversed, true);
    assertInstanceOf(RiskEngine.Allowed.class, engine(POLICY).acknowledge(close, open, null, T0));
    Order tooMuch = Order.combo(ClientOrderId.of("ic", 6), VENUE, "AAPL", Side.BUY, d("3"), null, reversed, true);
    var ack = engine(POLICY).acknowledge(tooMuch, open, null, T0);
    assertEquals(DenialReason.INVALID_ORDER, assertInstanceOf(RiskEngine.Denied.class, ack).denial().reason());
    Order opening = Order.combo(ClientOrderId.of("ic", 7), VENUE, "AAPL", Side.SELL, d("1"), d("1.20"), LEGS, false);
    var halted = engine(POLICY).acknowledge(opening, open, null, T0);
    assertEquals(DenialReason.TRADING_HALTED, assertInstanceOf(RiskEngine.Denied.class, halted).denial().reason());
    assertEquals(Map.of(), Map.of());
  }
}
