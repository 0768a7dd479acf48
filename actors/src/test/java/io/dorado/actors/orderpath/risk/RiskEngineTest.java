package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.approved;
import static io.dorado.actors.orderpath.risk.Fixtures.book;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.engine;
import static io.dorado.actors.orderpath.risk.Fixtures.fill;
import static io.dorado.actors.orderpath.risk.Fixtures.holding;
import static io.dorado.actors.orderpath.risk.Fixtures.limit;
import static io.dorado.actors.orderpath.risk.Fixtures.loosePortfolio;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static io.dorado.actors.orderpath.risk.Fixtures.proposal;
import static io.dorado.actors.orderpath.risk.Fixtures.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.RiskEngine.Ack;
import io.dorado.actors.orderpath.risk.RiskEngine.AlreadyAcknowledged;
import io.dorado.actors.orderpath.risk.RiskEngine.Allowed;
import io.dorado.actors.orderpath.risk.RiskEngine.Approved;
import io.dorado.actors.orderpath.risk.RiskEngine.Denied;
import io.dorado.actors.orderpath.risk.RiskEngine.Rejected;
import io.dorado.actors.orderpath.risk.RiskEngine.Review;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.CircuitBreakers;
import io.dorado.protocol.risk.RiskPolicy.DrawdownAction;
import io.dorado.protocol.risk.RiskPolicy.Orders;
import io.dorado.protocol.risk.RiskPolicy.Portfolio;
import io.dorado.protocol.risk.RiskPolicy.RateLimit;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RiskEngineTest {

  // ---- every reason the engine claims is exercised ---------------------------------------------

  private static final Set<DenialReason> PRODUCED = EnumSet.noneOf(DenialReason.class);
  private static int testsRun;

  @AfterEach
  void countTest() {
    testsRun++;
  }

  /**
   * Runs after the whole class: every reason in {@link RiskEngine#REASONS} was produced by some test
   * here, and no test saw a reason the engine does not declare. Skipped when only some tests ran.
   */
  @AfterAll
  static void everyDenialReasonTheEngineCanProduceIsExercised() {
    long tests = Arrays.stream(RiskEngineTest.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
        .count();
    if (testsRun < tests) return;
    Set<DenialReason> untested = EnumSet.copyOf(RiskEngine.REASONS);
    untested.removeAll(PRODUCED);
    assertTrue(untested.isEmpty(), () -> "reasons the engine produces but no test exercises: " + untested);
    assertTrue(RiskEngine.REASONS.containsAll(PRODUCED), () -> "undeclared reasons produced: " + PRODUCED);
  }

  private static RiskDenial denied(Ack ack, DenialReason reason, String detail) {
    Denied d = assertInstanceOf(Denied.class, ack, () -> "expected " + reason + " but was " + ack);
    assertEquals(reason, d.denial().reason(), d.denial()::toString);
    assertTrue(d.denial().detail().contains(detail), () -> "detail '" + d.denial().detail() + "' lacks '" + detail + "'");
    PRODUCED.add(reason);
    return d.denial();
  }

  private static RiskDenial rejected(Review review, DenialReason reason, String detail) {
    Rejected r = assertInstanceOf(Rejected.class, review, () -> "expected " + reason + " but was " + review);
    assertEquals(reason, r.denial().reason(), r.denial()::toString);
    assertTrue(r.denial().detail().contains(detail), () -> "detail '" + r.denial().detail() + "' lacks '" + detail + "'");
    PRODUCED.add(reason);
    return r.denial();
  }

  private static Allowed allowed(Ack ack) {
    return assertInstanceOf(Allowed.class, ack, () -> "expected allowed but was " + ack);
  }

  private static Approved approvedReview(Review review) {
    return assertInstanceOf(Approved.class, review, () -> "expected approved but was " + review);
  }

  private static void assertNumber(String expected, BigDecimal actual) {
    assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
  }

  // ---- policies ---------------------------------------------------------------------------------

  private static final RiskPolicy DEFAULT = RiskPolicy.DEFAULT;

  private static RiskPolicy withOrders(Orders orders) {
    return new RiskPolicy(null, null, null, orders, null);
  }

  private static RiskPolicy withPortfolio(Portfolio portfolio) {
    return new RiskPolicy(null, portfolio, null, null, null);
  }

  private static RiskPolicy withBreakers(CircuitBreakers cb, Portfolio portfolio) {
    return new RiskPolicy(null, portfolio, cb, null, null);
  }

  private static Orders noReview() {
    return new Orders(null, null, null, null, null, null, false);
  }

  // ---- per-order limits -------------------------------------------------------------------------

  @Test
  void anOrderAboveMaxNotionalIsDeniedWithTheNumbers() {
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "1250", "100", "95");
    RiskDenial d = denied(engine(DEFAULT).acknowledge(limit("b1", "AAPL", Side.BUY, "1250", "100"), b, null, T0),
        DenialReason.MAX_NOTIONAL, "");
    assertEquals("notional 125000.00 > max 100000.00", d.detail());
  }

  @Test
  void anOrderAboveMaxQuantityIsDeniedWithTheNumbers() {
    RiskPolicy p = withOrders(new Orders(null, d("10"), null, null, null, null, null));
    RiskBook b = approved(book(p), "b1", "AAPL", Side.BUY, "20", "100", "95");
    denied(engine(p).acknowledge(market("b1", "AAPL", Side.BUY, "20"), b, null, T0), DenialReason.MAX_QUANTITY,
        "quantity 20 > max 10");
  }

  @Test
  void aLimitPriceOutsideTheBandAroundTheLastPriceIsDenied() {
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    denied(engine(DEFAULT).acknowledge(limit("b1", "AAPL", Side.BUY, "10", "120"), b, null, T0),
        DenialReason.PRICE_BAND, "price 120 is 20.00% from last 100 > band 10.00%");
    allowed(engine(DEFAULT).acknowledge(limit("b1", "AAPL", Side.BUY, "10", "109"), b, null, T0));
  }

  @Test
  void anOrderWithoutALastPriceIsDenied() {
    denied(engine(DEFAULT).acknowledge(market("b1", "EURUSD", Side.BUY, "1000"), book(DEFAULT), null, T0),
        DenialReason.NO_PRICE, "no last price for EURUSD");
  }

  @Test
  void anOrderOutsideTheUniverseIsDenied() {
    RiskEngine e = engine(DEFAULT);
    denied(e.acknowledge(market("b1", "TSLA", Side.BUY, "1"), book(DEFAULT), null, T0),
        DenialReason.UNKNOWN_INSTRUMENT, "TSLA is not in the universe");
    rejected(e.review(proposal("b1", "TSLA", Side.BUY, "100", "95", Sizing.fixedQuantity(d("1")), T0), book(DEFAULT),
        null), DenialReason.UNKNOWN_INSTRUMENT, "TSLA");
  }

  @Test
  void anOrderForTheWrongVenueIsDenied() {
    Order o = Order.market(Fixtures.id("b1"), "ibkr", "AAPL", Side.BUY, d("1"), false);
    denied(engine(DEFAULT).acknowledge(o, book(DEFAULT), null, T0), DenialReason.INVALID_ORDER,
        "venue ibkr but AAPL trades on paper");
  }

  @Test
  void aPaperTwinMayTradeAnInstrumentOnAPaperVenueButNoOtherBotAndNoOtherVenue() {
    RiskPolicy policy = Fixtures.noReview();
    RiskEngine e = engine(policy).withPaperVenues(Set.of("sim"));
    // The twin of a bot whose instrument trades on a real venue trades it on the paper venue.
    allowed(e.acknowledge(Order.market(Fixtures.id("b1.paper"), "sim", "AAPL", Side.BUY, d("1"), false), book(policy),
        null, T0));
    assertInstanceOf(Approved.class, e.review(new io.dorado.protocol.risk.TradeProposal("r-twin", "b1.paper", "s-twin",
        "sim", "AAPL", Side.BUY, d("100"), d("95"), null, Sizing.fixedQuantity(d("1")), false, T0), book(policy), null));
    // Not the bot itself, and not on a venue that is no paper venue.
    denied(e.acknowledge(Order.market(Fixtures.id("b1"), "sim", "AAPL", Side.BUY, d("1"), false), book(policy), null, T0),
        DenialReason.INVALID_ORDER, "venue sim but AAPL trades on paper");
    denied(e.acknowledge(Order.market(Fixtures.id("b1.paper"), "ibkr", "AAPL", Side.BUY, d("1"), false), book(policy),
        null, T0), DenialReason.INVALID_ORDER, "venue ibkr but AAPL trades on paper");
  }

  @Test
  void aQuantityFinerThanTheInstrumentStepIsDenied() {
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    denied(engine(DEFAULT).acknowledge(market("b1", "AAPL", Side.BUY, "1.5"), b, null, T0), DenialReason.INVALID_ORDER,
        "quantity 1.5 has more than 0 decimals");
  }

  // ---- trading state ----------------------------------------------------------------------------

  @Test
  void theKillSwitchDeniesNewExposureButAllowsReduceOnlyExits() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95").killSwitchEngaged("operator");
    RiskEngine e = engine(DEFAULT);
    denied(e.acknowledge(market("b2", "MSFT", Side.BUY, "1"), b, null, T0), DenialReason.KILL_SWITCH,
        "kill switch engaged (operator)");
    allowed(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "10"), b, null, T0));
  }

  @Test
  void haltedDeniesNewExposureButAllowsAReduceOnlyExit() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95")
        .withTradingState(TradingState.HALTED, "manual");
    RiskEngine e = engine(DEFAULT);
    denied(e.acknowledge(market("b2", "MSFT", Side.BUY, "1"), b, null, T0), DenialReason.TRADING_HALTED,
        "trading is HALTED (manual)");
    rejected(e.review(proposal("b2", "MSFT", Side.BUY, "200", "190", Sizing.fixedQuantity(d("1")), T0), b, null),
        DenialReason.TRADING_HALTED, "HALTED");
    allowed(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "5"), b, null, T0));
  }

  @Test
  void reducingAllowsOnlyReduceOnlyOrders() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95")
        .withTradingState(TradingState.REDUCING, "wind down");
    RiskEngine e = engine(DEFAULT);
    RiskBook withApproval = approved(b, "b1", "AAPL", Side.BUY, "5", "100", "95");
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "5"), withApproval, null, T0), DenialReason.TRADING_REDUCING,
        "REDUCING (wind down)");
    allowed(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "10"), b, null, T0));
  }

  @Test
  void aReduceOnlyOrderThatWouldFlipThePositionIsDenied() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    RiskEngine e = engine(DEFAULT);
    denied(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "15"), b, null, T0), DenialReason.INVALID_ORDER,
        "reduce-only sell 15 AAPL would not only reduce position 10 (pending reduce-only 0, closable 10)");
    denied(e.acknowledge(reduceOnly("b1", "AAPL", Side.BUY, "1"), b, null, T0), DenialReason.INVALID_ORDER,
        "closable 0");
    denied(e.acknowledge(reduceOnly("b1", "MSFT", Side.SELL, "1"), b, null, T0), DenialReason.INVALID_ORDER,
        "position 0");
  }

  @Test
  void workingReduceOnlyOrdersCountAgainstWhatIsLeftToClose() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    RiskEngine e = engine(DEFAULT);
    Order first = reduceOnly("b1", "AAPL", Side.SELL, "6");
    allowed(e.acknowledge(first, b, null, T0));
    RiskBook after = b.acknowledged(first, T0);
    denied(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "5"), after, null, T0), DenialReason.INVALID_ORDER,
        "pending reduce-only 6, closable 4");
    allowed(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "4"), after, null, T0));
    RiskBook cancelled = after.orderClosed(first.clientOrderId());
    allowed(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "10"), cancelled, null, T0));
  }

  private static Order protectiveStop(String bot, String qty, String stop) {
    return new Order(Fixtures.id(bot), VENUE, "AAPL", Side.SELL, io.dorado.protocol.order.OrderType.STOP, d(qty), null,
        d(stop), io.dorado.protocol.order.TimeInForce.GTC, true);
  }

  private static Order protectiveTarget(String bot, String qty, String target) {
    return new Order(Fixtures.id(bot), VENUE, "AAPL", Side.SELL, io.dorado.protocol.order.OrderType.LIMIT, d(qty),
        d(target), null, io.dorado.protocol.order.TimeInForce.GTC, true);
  }

  @Test
  void aStopAndATargetRestForTheWholePositionOneCancelsOtherAndAnExitStillPassesBesideThem() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    RiskEngine e = engine(DEFAULT);
    Order stop = protectiveStop("b1", "10", "95");
    allowed(e.acknowledge(stop, b, null, T0));
    RiskBook protectedBook = b.acknowledged(stop, T0);
    Order target = protectiveTarget("b1", "10", "108");
    allowed(e.acknowledge(target, protectedBook, null, T0));
    RiskBook both = protectedBook.acknowledged(target, T0);
    // the exit is placed before the protection is cancelled: the resting stop and target do not hold it back
    Order exit = reduceOnly("b1", "AAPL", Side.SELL, "10");
    allowed(e.acknowledge(exit, both, null, T0));
    // but another bot's target beside it, or an exit beyond a pending exit, is over-closing and refused
    denied(e.acknowledge(protectiveTarget("b2", "1", "109"), both, null, T0), DenialReason.INVALID_ORDER,
        "pending reduce-only 10, closable 0");
    denied(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "1"), both.acknowledged(exit, T0), null, T0),
        DenialReason.INVALID_ORDER, "pending reduce-only 10, closable 0");
  }

  @Test
  void aStopIsReplacedByPlacingTheNewOneBeforeTheOldIsCancelledButNeverAThirdOrAnotherBotsOnTop() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    RiskEngine e = engine(DEFAULT);
    Order old = protectiveStop("b1", "10", "95");
    RiskBook one = b.acknowledged(old, T0);
    Order moved = protectiveStop("b1", "10", "100"); // break-even: the new stop while the old one still rests
    allowed(e.acknowledge(moved, one, null, T0));
    RiskBook two = one.acknowledged(moved, T0);
    denied(e.acknowledge(protectiveStop("b1", "10", "101"), two, null, T0), DenialReason.INVALID_ORDER,
        "already rests 2 stops in AAPL (one and its replacement at most)");
    // another bot's stop in the same account's position counts in full: nothing left for it
    denied(e.acknowledge(protectiveStop("b2", "1", "96"), one, null, T0), DenialReason.INVALID_ORDER,
        "pending reduce-only 10, closable 0");
    // once the old stop is cancelled, the new one alone rests
    allowed(e.acknowledge(protectiveStop("b1", "10", "101"), two.orderClosed(old.clientOrderId()), null, T0));
  }

  @Test
  void anAmendMovesOnlyThePriceOfAWorkingOrderOfItsBotAndCountsAsItsReplacement() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    RiskEngine e = engine(DEFAULT);
    Order old = protectiveStop("b1", "10", "95");
    RiskBook one = b.acknowledged(old, T0);
    allowed(e.acknowledge(protectiveStop("b1", "10", "100").replacing(old.clientOrderId()), one, null, T0));
    denied(e.acknowledge(protectiveStop("b1", "5", "100").replacing(old.clientOrderId()), one, null, T0),
        DenialReason.INVALID_ORDER, "an amend moves a price, nothing else");
    denied(e.acknowledge(protectiveTarget("b1", "10", "108").replacing(old.clientOrderId()), one, null, T0),
        DenialReason.INVALID_ORDER, "an amend moves a price, nothing else");
    denied(e.acknowledge(protectiveStop("b1", "10", "100").replacing(old.clientOrderId()),
        one.orderClosed(old.clientOrderId()), null, T0), DenialReason.INVALID_ORDER, "which is not working");
  }

  // ---- circuit breakers -------------------------------------------------------------------------

  @Test
  void aDailyLossBreachDeniesNewExposureAndImpliesHalted() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "100", "100", "95").marked("AAPL", d("75"), T0);
    RiskEngine e = engine(DEFAULT);
    BreakerStatus status = e.breakers(b, T0);
    assertEquals(TradingState.HALTED, status.impliedState());
    assertNumber("2.5", status.dailyLossPct());

    Ack ack = e.acknowledge(market("b2", "MSFT", Side.BUY, "1"), approved(b, "b2", "MSFT", Side.BUY, "1", "200", "190"),
        null, T0);
    denied(ack, DenialReason.DAILY_LOSS_LIMIT, "daily loss 2.50% >= halt 2.00% (equity 97500.00 from day start 100000.00)");
    assertEquals(TradingState.HALTED, ack.impliedState());

    Allowed exit = allowed(e.acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "100"), b, null, T0));
    assertEquals(TradingState.HALTED, exit.impliedState()); // the exit passes, the halt is still reported

    RiskBook halted = b.withTradingState(ack.impliedState(), ack.toString());
    assertNull(e.breakers(halted, T0).impliedState());
    denied(e.acknowledge(market("b2", "MSFT", Side.BUY, "1"), halted, null, T0), DenialReason.TRADING_HALTED, "HALTED");
  }

  @Test
  void yesterdaysDailyLossDoesNotHaltToday() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "100", "100", "95").marked("AAPL", d("75"), T0);
    RiskEngine e = engine(DEFAULT);
    Instant tomorrow = T0.plus(Duration.ofDays(1));
    BreakerStatus status = e.breakers(b, tomorrow);
    assertNumber("0", status.dailyLossPct());
    assertNumber("2.5", status.weeklyLossPct());
    assertNull(status.breach());
    RiskBook approvedMsft = approved(b, "b2", "MSFT", Side.BUY, "1", "200", "190");
    allowed(e.acknowledge(market("b2", "MSFT", Side.BUY, "1"), approvedMsft, null, tomorrow));
  }

  @Test
  void aWeeklyLossBreachDeniesNewExposure() {
    RiskPolicy p = withBreakers(new CircuitBreakers(d("10"), d("5"), null, null, null, null), loosePortfolio());
    RiskBook b = holding(book(p), "b1", "AAPL", Side.BUY, "500", "100", "95").marked("AAPL", d("88"), T0);
    Ack ack = engine(p).acknowledge(market("b2", "MSFT", Side.BUY, "1"), b, null, T0);
    denied(ack, DenialReason.WEEKLY_LOSS_LIMIT, "weekly loss 6.00% >= halt 5.00%");
    assertEquals(TradingState.HALTED, ack.impliedState());
  }

  @Test
  void aDrawdownBreachWithTheHaltActionDeniesNewExposure() {
    RiskPolicy p = withBreakers(new CircuitBreakers(d("50"), d("50"), d("10"), DrawdownAction.HALT, null, null),
        loosePortfolio());
    RiskBook b = holding(book(p), "b1", "AAPL", Side.BUY, "500", "100", "95")
        .marked("AAPL", d("120"), T0)
        .marked("AAPL", d("98"), T0);
    rejected(engine(p).review(proposal("b2", "MSFT", Side.BUY, "200", "190", Sizing.fixedQuantity(d("1")), T0), b,
        null), DenialReason.DRAWDOWN_LIMIT, "drawdown 10.00% >= halt 10.00% (equity 99000.00 from peak 110000.00)");
  }

  @Test
  void aDrawdownWithTheHalveActionHalvesRiskBasedSizing() {
    RiskPolicy p = withBreakers(new CircuitBreakers(d("50"), d("50"), d("10"), DrawdownAction.HALVE_SIZING, null, null),
        loosePortfolio());
    RiskBook b = holding(book(p), "b1", "AAPL", Side.BUY, "500", "100", "95").marked("AAPL", d("80"), T0);
    Approved a = approvedReview(engine(p).review(
        proposal("b2", "MSFT", Side.BUY, "200", "180", Sizing.riskPct(d("1")), T0), b, null));
    assertNumber("22", a.quantity()); // 90000 x 1% x 0.5 / 20 = 22.5, rounded down
    assertNumber("0.5", a.sizingMultiplier());
    assertNumber("440", a.maxLoss());
    assertTrue(a.note().contains("breakers x 0.5"), a.note());
    assertNull(a.impliedState());
  }

  @Test
  void consecutiveLosingRoundTripsHalveSizingFromTheNthLoss() {
    RiskPolicy p = withPortfolio(loosePortfolio());
    RiskBook b = book(p);
    RiskEngine e = engine(p);
    var fixed10 = Sizing.fixedQuantity(d("10"));
    for (int i = 1; i <= 3; i++) {
      Order in = market("b1", "AAPL", Side.BUY, "1");
      Order out = reduceOnly("b1", "AAPL", Side.SELL, "1");
      b = b.filled(fill(in, "1", "100", null, T0)).filled(fill(out, "1", "99", null, T0));
      Approved a = approvedReview(e.review(proposal("b2", "MSFT", Side.BUY, "200", null, fixed10, T0), b, null));
      assertNumber(i < 3 ? "10" : "5", a.quantity());
    }
    assertEquals(3, e.breakers(b, T0).consecutiveLosses());
  }

  // ---- rate limit, duplicates, review required --------------------------------------------------

  @Test
  void ordersBeyondTheRateLimitAreDeniedUntilTheBucketRefills() {
    RiskPolicy p = withOrders(new Orders(null, null, null, new RateLimit(1, 2), null, null, false));
    RiskEngine e = engine(p);
    RiskBook b = book(p);
    for (int i = 0; i < 2; i++) {
      Order o = market("b1", "AAPL", Side.BUY, "1");
      allowed(e.acknowledge(o, b, null, T0));
      b = b.acknowledged(o, T0);
    }
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "1"), b, null, T0), DenialReason.RATE_LIMIT_EXCEEDED,
        "rate limit 1/s, burst 2: 0.00 tokens available");
    allowed(e.acknowledge(market("b1", "AAPL", Side.BUY, "1"), b, null, T0.plusSeconds(1)));
  }

  @Test
  void aRetryIsAlreadyAcknowledgedButADifferentOrderWithTheSameIdIsADuplicate() {
    RiskPolicy p = withOrders(noReview());
    RiskEngine e = engine(p);
    Order o = market("b1", "AAPL", Side.BUY, "1");
    RiskBook b = book(p).acknowledged(o, T0);
    assertInstanceOf(AlreadyAcknowledged.class, e.acknowledge(o, b, null, T0));
    Order other = Order.market(o.clientOrderId(), VENUE, "AAPL", Side.BUY, d("2"), false);
    denied(e.acknowledge(other, b, null, T0), DenialReason.DUPLICATE_ORDER,
        "client order id " + o.clientOrderId() + " was acknowledged before for a different order");
  }

  @Test
  void anOrderAddingExposureNeedsAnApprovedReviewCoveringIt() {
    RiskEngine e = engine(DEFAULT);
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "10"), book(DEFAULT), null, T0), DenialReason.NOT_REVIEWED,
        "no approved review for bot b1");
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "5", "100", "95");
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null, T0), DenialReason.NOT_REVIEWED,
        "covers buy 5 AAPL, order is buy 10 AAPL");
  }

  @Test
  void anApprovedReviewLetsItsOrderThroughOnce() {
    RiskEngine e = engine(DEFAULT);
    var p = proposal("b1", "AAPL", Side.BUY, "100", "95", Sizing.riskPct(d("0.5")), T0);
    Approved a = approvedReview(e.review(p, book(DEFAULT), null));
    assertNumber("100", a.quantity()); // 100000 x 0.5% / 5
    assertNumber("500", a.maxLoss());
    RiskBook b = book(DEFAULT).approved(p, a.quantity());
    Order o = market("b1", "AAPL", Side.BUY, "100");
    Allowed ok = allowed(e.acknowledge(o, b, null, T0));
    assertNumber("100", ok.price());
    b = b.acknowledged(o, T0);
    assertNumber("95", b.stops().get(Ledger.botKey("b1", "AAPL")));
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "100"), b, null, T0), DenialReason.NOT_REVIEWED,
        "no approved review");
    b = b.filled(fill(o, "100", "100", "1", T0));
    assertTrue(b.working().isEmpty());
    assertNumber("500", RiskEngine.openRisk(b)); // 100 x (100 - 95)
  }

  // ---- exposure ---------------------------------------------------------------------------------

  @Test
  void openingAgainstAnExistingPositionWithoutReduceOnlyIsContradictory() {
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    b = approved(b, "b2", "AAPL", Side.SELL, "5", "100", "105");
    denied(engine(DEFAULT).acknowledge(market("b2", "AAPL", Side.SELL, "5"), b, null, T0),
        DenialReason.CONTRADICTORY_POSITION, "sell 5 AAPL would open against position 10 without reduce_only");
  }

  @Test
  void reEntryWithinTheCooldownAfterAnExitIsDenied() {
    RiskEngine e = engine(DEFAULT);
    Instant exit = T0.plusSeconds(60);
    RiskBook b = holding(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    b = b.filled(fill(reduceOnly("b1", "AAPL", Side.SELL, "10"), "10", "101", null, exit));
    b = approved(b, "b1", "AAPL", Side.BUY, "10", "100", "95");
    Instant soon = T0.plus(Duration.ofMinutes(11));
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null, soon), DenialReason.COOLDOWN,
        "re-entry in AAPL 10m after exit at 2026-01-05T10:01:00Z < cooldown 30m");
    rejected(e.review(proposal("b1", "AAPL", Side.BUY, "100", "95", Sizing.fixedQuantity(d("10")), soon), b, null),
        DenialReason.COOLDOWN, "cooldown 30m");
    allowed(e.acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null, exit.plus(Duration.ofMinutes(30))));
  }

  @Test
  void anOrderThatWouldTakePortfolioHeatAboveTheMaxIsDenied() {
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "400", "100", null);
    denied(engine(DEFAULT).acknowledge(market("b1", "AAPL", Side.BUY, "400"), b, null, T0), DenialReason.HEAT_LIMIT,
        "heat 40.00% > max 30.00% (open risk 0.00 + order risk 40000.00 of equity 100000.00)");
  }

  @Test
  void anOrderThatWouldConcentrateTooMuchInOneUnderlyingIsDenied() {
    RiskBook b = holding(book(DEFAULT), "b0", "AAPL", Side.BUY, "50", "100", "95");
    b = approved(b, "b1", "AAPL", Side.BUY, "60", "100", "95");
    denied(engine(DEFAULT).acknowledge(market("b1", "AAPL", Side.BUY, "60"), b, null, T0), DenialReason.CONCENTRATION,
        "AAPL exposure 11000.00 = 11.00% of equity 100000.00 > max 10.00%");
  }

  @Test
  void anOrderAboveItsAssetClassCapIsDenied() {
    RiskPolicy p = withPortfolio(new Portfolio(d("100"), d("100"), Map.of(AssetClass.CRYPTO, d("20")), null,
        BigDecimal.ZERO));
    RiskBook b = approved(book(p), "b1", "BTC-USD", Side.BUY, "0.5", "50000", "48000");
    denied(engine(p).acknowledge(market("b1", "BTC-USD", Side.BUY, "0.5"), b, null, T0), DenialReason.ASSET_CLASS_CAP,
        "crypto exposure 25000.00 = 25.00% of equity 100000.00 > max 20.00%");
  }

  @Test
  void anOrderThatWouldLeaveLessThanTheMinimumCashIsDenied() {
    RiskBook b = holding(book(DEFAULT), "b2", "MSFT", Side.BUY, "400", "200", "190");
    b = approved(b, "b1", "AAPL", Side.BUY, "10", "100", "95");
    denied(engine(DEFAULT).acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null, T0), DenialReason.MIN_CASH,
        "free cash after order 19000.00 = 19.00% of equity 100000.00 < min 20.00%");
  }

  @Test
  void anOrderAboveTheFreeCashIsDeniedAndWorkingOrdersCommitCash() {
    RiskPolicy p = withPortfolio(loosePortfolio());
    RiskEngine e = engine(p);
    RiskBook b = holding(book(p), "b2", "BTC-USD", Side.BUY, "1.6", "50000", "49000");
    b = approved(b, "b1", "AAPL", Side.BUY, "250", "100", "95");
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "250"), b, null, T0), DenialReason.BUYING_POWER,
        "notional 25000.00 > free cash 20000.00 (cash 20000.00 - committed 0.00)");

    Order working = market("b1", "AAPL", Side.BUY, "150");
    b = approved(b, "b1", "AAPL", Side.BUY, "210", "100", "95");
    allowed(e.acknowledge(working, b, null, T0));
    b = b.acknowledged(working, T0); // not filled yet: 15000 committed
    denied(e.acknowledge(market("b1", "AAPL", Side.BUY, "60"), b, null, T0), DenialReason.BUYING_POWER,
        "notional 6000.00 > free cash 5000.00 (cash 20000.00 - committed 15000.00)");
    b = b.orderClosed(working.clientOrderId());
    allowed(e.acknowledge(market("b1", "AAPL", Side.BUY, "60"), b, null, T0));
  }

  @Test
  void aShortPositionsProceedsAreNotFreeCash() {
    RiskPolicy p = withPortfolio(loosePortfolio());
    RiskBook b = holding(book(p), "b2", "MSFT", Side.SELL, "400", "200", "210");
    assertNumber("180000", b.ledger().cash());
    assertNumber("100000", b.ledger().equity());
    assertNumber("100000", RiskEngine.availableCash(b)); // 80000 of the cash covers the short
    assertNumber("4000", RiskEngine.openRisk(b)); // 400 x (210 - 200)
  }

  @Test
  void anOrderRiskingMoreThanTheMaxLossPerTradeIsDenied() {
    RiskPolicy p = withOrders(new Orders(null, null, null, null, null, d("200"), null));
    RiskBook b = approved(book(p), "b1", "AAPL", Side.BUY, "50", "100", "95");
    denied(engine(p).acknowledge(market("b1", "AAPL", Side.BUY, "50"), b, null, T0), DenialReason.MAX_LOSS_PER_TRADE,
        "loss at stop 95 250.00 > max 200.00");
  }

  @Test
  void anOrderBeyondTheBotsBudgetIsDenied() {
    RiskEngine e = engine(DEFAULT);
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "50", "100", "95");
    Order o = market("b1", "AAPL", Side.BUY, "50");
    denied(e.acknowledge(o, b, d("3000"), T0), DenialReason.BUDGET_EXCEEDED,
        "bot b1 exposure 0.00 + notional 5000.00 > budget 3000.00");
    allowed(e.acknowledge(o, b, null, T0));
    allowed(e.acknowledge(o, b, d("5000"), T0));
  }

  // ---- sizing -----------------------------------------------------------------------------------

  @Test
  void riskPctSizingIsEquityTimesRiskOverStopDistanceRoundedDownToTheStep() {
    RiskPolicy p = withPortfolio(loosePortfolio());
    RiskEngine e = engine(p);
    Approved equity = approvedReview(e.review(
        proposal("b1", "AAPL", Side.BUY, "100", "97", Sizing.riskPct(d("2")), T0), book(p), null));
    assertNumber("666", equity.quantity()); // 2000 / 3 = 666.67, whole shares
    assertNumber("1998", equity.maxLoss());
    Approved crypto = approvedReview(e.review(
        proposal("b1", "BTC-USD", Side.BUY, "50000", "47000", Sizing.riskPct(d("2")), T0), book(p), null));
    assertNumber("0.66666666", crypto.quantity()); // 8 decimals, rounded down
    Approved shortSide = approvedReview(e.review(
        proposal("b1", "MSFT", Side.SELL, "200", "210", Sizing.riskPct(d("1")), T0), book(p), null));
    assertNumber("100", shortSide.quantity());
  }

  @Test
  void fixedQuantityAndFixedNotionalSizing() {
    RiskEngine e = engine(DEFAULT);
    assertNumber("7", approvedReview(e.review(proposal("b1", "AAPL", Side.BUY, "100", "95",
        Sizing.fixedQuantity(d("7")), T0), book(DEFAULT), null)).quantity());
    var notional = new Sizing(SizingMethod.FIXED_NOTIONAL, null, d("5000"), null);
    assertNumber("50", approvedReview(e.review(proposal("b1", "AAPL", Side.BUY, "100", "95", notional, T0),
        book(DEFAULT), null)).quantity());
  }

  @Test
  void adaptiveRulesClampTheRiskPercentage() {
    RiskPolicy p = withPortfolio(loosePortfolio());
    var adaptive = new Sizing(SizingMethod.ADAPTIVE_RULES, null, null, d("10"));
    Approved a = approvedReview(engine(p).review(proposal("b1", "AAPL", Side.BUY, "100", "95", adaptive, T0), book(p),
        null));
    assertNumber("800", a.quantity()); // 10% clamped to 4%: 4000 / 5
  }

  @Test
  void riskBasedSizingWithoutAStopOrWithAStopOnTheWrongSideIsDenied() {
    RiskEngine e = engine(DEFAULT);
    rejected(e.review(proposal("b1", "AAPL", Side.BUY, "100", null, Sizing.riskPct(d("2")), T0), book(DEFAULT), null),
        DenialReason.INVALID_ORDER, "fixed_risk_pct sizing needs a stop");
    rejected(e.review(proposal("b1", "AAPL", Side.BUY, "100", "105", Sizing.riskPct(d("2")), T0), book(DEFAULT), null),
        DenialReason.INVALID_ORDER, "stop 105 is not on the losing side of buy at 100");
  }

  @Test
  void aSizeThatRoundsDownToNothingIsDenied() {
    var notional = new Sizing(SizingMethod.FIXED_NOTIONAL, null, d("50"), null);
    rejected(engine(DEFAULT).review(proposal("b1", "AAPL", Side.BUY, "100", "95", notional, T0), book(DEFAULT), null),
        DenialReason.INVALID_ORDER, "rounds down to 0 at 0 decimals");
  }

  // ---- the staleness rule (orders.max_price_age) ------------------------------------------------

  /** Reviews on, the rule at 5 minutes (BTC-USD: 1 minute); the book's marks are all at T0. */
  private static RiskPolicy staleAfter5m() {
    return withOrders(new Orders(null, null, null, null, null, null, null, null, Duration.ofMinutes(5),
        Map.of("BTC-USD", Duration.ofMinutes(1))));
  }

  @Test
  void anOrderAddingExposureIsDeniedWhenItsLastMarkIsOlderThanTheLimit() {
    RiskPolicy p = staleAfter5m();
    RiskBook b = approved(book(p), "b1", "AAPL", Side.BUY, "10", "100", "95");
    RiskDenial d = denied(engine(p).acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null,
        T0.plus(Duration.ofSeconds(432))), DenialReason.STALE_PRICE, "last mark of AAPL is 7m12s old > limit 5m");
    assertEquals("last mark of AAPL is 7m12s old > limit 5m (marked 2026-01-05T10:00:00Z)", d.detail());
  }

  @Test
  void anOrderIsAllowedWhileItsLastMarkIsWithinTheLimit() {
    RiskPolicy p = staleAfter5m();
    RiskBook b = approved(book(p), "b1", "AAPL", Side.BUY, "10", "100", "95");
    allowed(engine(p).acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null, T0.plus(Duration.ofMinutes(5))));
    // a fresh mark after a stale spell lets it through again
    allowed(engine(p).acknowledge(market("b1", "AAPL", Side.BUY, "10"),
        b.marked("AAPL", d("101"), T0.plus(Duration.ofMinutes(9))), null, T0.plus(Duration.ofMinutes(10))));
  }

  @Test
  void aPerSymbolLimitOverridesThePolicysOwn() {
    RiskPolicy p = staleAfter5m();
    RiskBook b = approved(book(p), "b1", "BTC-USD", Side.BUY, "0.01", "50000", "49000");
    denied(engine(p).acknowledge(market("b1", "BTC-USD", Side.BUY, "0.01"), b, null, T0.plus(Duration.ofSeconds(61))),
        DenialReason.STALE_PRICE, "last mark of BTC-USD is 1m1s old > limit 1m");
  }

  @Test
  void aPriceWithoutAMarkTimeOrNoPriceAtAllIsStale() {
    RiskPolicy p = staleAfter5m();
    // EURUSD's only price is a fill's (or an older journal's): its age is unknown
    Order first = market("b0", "EURUSD", Side.BUY, "1000");
    RiskBook b = approved(book(p), "b1", "EURUSD", Side.BUY, "1000", "1.1", "1.0")
        .filled(fill(first, "1000", "1.1", null, T0));
    denied(engine(p).acknowledge(market("b1", "EURUSD", Side.BUY, "1000"), b, null, T0), DenialReason.STALE_PRICE,
        "last price of EURUSD 1.1 has no mark time (a fill's price or an older journal's): age unknown, limit 5m");
    // no price at all: an order is NO_PRICE as before, a review STALE_PRICE
    denied(engine(p).acknowledge(market("b1", "EURUSD", Side.BUY, "1000"), book(p), null, T0), DenialReason.NO_PRICE,
        "no last price for EURUSD");
    rejected(engine(p).review(proposal("b1", "EURUSD", Side.BUY, "1.1", "1.0", Sizing.riskPct(d("1")), T0), book(p), null,
        T0), DenialReason.STALE_PRICE, "no mark price for EURUSD (limit 5m)");
  }

  @Test
  void aReviewIsRejectedOnAStaleMarkAtTheGuardiansTimeNotTheProposals() {
    RiskPolicy p = staleAfter5m();
    var proposal = proposal("b1", "AAPL", Side.BUY, "100", "95", Sizing.fixedQuantity(d("10")), T0);
    rejected(engine(p).review(proposal, book(p), null, T0.plus(Duration.ofMinutes(6))), DenialReason.STALE_PRICE,
        "last mark of AAPL is 6m old > limit 5m");
    approvedReview(engine(p).review(proposal, book(p), null, T0.plus(Duration.ofMinutes(4))));
  }

  @Test
  void aReduceOnlyExitPassesOnAStalePriceWithThePriceBandSkipped() {
    RiskPolicy p = staleAfter5m();
    RiskBook b = holding(book(p), "b1", "AAPL", Side.BUY, "10", "100", "95");
    Instant later = T0.plus(Duration.ofHours(2)); // the feed has been down for two hours
    allowed(engine(p).acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "10"), b, null, later));
    // the market moved: a limit 30% from the stale last price still closes the position
    Order exit = new Order(Fixtures.id("b1"), VENUE, "AAPL", Side.SELL, io.dorado.protocol.order.OrderType.LIMIT, d("10"),
        d("70"), null, io.dorado.protocol.order.TimeInForce.GTC, true);
    allowed(engine(p).acknowledge(exit, b, null, later));
    // with a fresh price the band still holds a reduce-only limit, as before
    denied(engine(p).acknowledge(exit, b, null, T0), DenialReason.PRICE_BAND, "price 70 is 30.00% from last 100");
    // and the exit must still really reduce
    denied(engine(p).acknowledge(reduceOnly("b1", "AAPL", Side.SELL, "20"), b, null, later), DenialReason.INVALID_ORDER,
        "would not only reduce");
  }

  @Test
  void aPolicyWithoutTheLimitNeverDeniesForAge() {
    assertNull(DEFAULT.orders().maxPriceAge("AAPL"));
    RiskBook b = approved(book(DEFAULT), "b1", "AAPL", Side.BUY, "10", "100", "95");
    allowed(engine(DEFAULT).acknowledge(market("b1", "AAPL", Side.BUY, "10"), b, null, T0.plus(Duration.ofDays(3))));
  }
}
