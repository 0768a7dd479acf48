package io.dorado.actors.orderpath.venue.ibkr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IbkrAdapterTest {
  private FakeIbkr fake;
  private IbkrAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeIbkr();
    fake.quote(d("189.99"), d("190.01"));
    fake.balance("USD", d("100000"));
    fake.rules(new InstrumentRules(FakeIbkr.SYMBOL, null, d("0.01"), d("1"), d("1"), null));
    adapter = new IbkrAdapter(IbkrVenueUnderTest.settings(fake, Duration.ofMillis(200)),
        IbkrVenueUnderTest.generousLimiter());
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    fake.close();
  }

  @Test
  void aPriceCapQuestionIsConfirmedAndTheOrderIsPlacedOnce() throws Exception {
    fake.askOnNextPlace("o163", "The following order exceeds the price percentage limit of 3%.");
    Order order = Order.limit(ClientOrderId.of("bot1", 1), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("10"), d("150"));
    OrderReport report = get(adapter.place(order));
    assertInstanceOf(OrderReport.Accepted.class, report, report.toString());
    assertEquals(List.of("{\"confirmed\":true}"), fake.replyAnswers());
    assertEquals(List.of(order.clientOrderId()), fake.placements());
  }

  @Test
  void aQuestionOutsideTheConfirmedSetIsAnsweredNoAndTheOrderRejectedWithIbkrsMessage() throws Exception {
    fake.askOnNextPlace("o354", "You are submitting an order without market data. We strongly recommend against this.");
    Order order = Order.limit(ClientOrderId.of("bot1", 2), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("10"), d("150"));
    OrderReport report = get(adapter.place(order));
    OrderReport.Rejected rejected = assertInstanceOf(OrderReport.Rejected.class, report, report.toString());
    assertTrue(rejected.reason().contains("o354") && rejected.reason().contains("without market data"), rejected.reason());
    assertEquals(List.of("{\"confirmed\":false}"), fake.replyAnswers());
    assertEquals(List.of(), fake.placements(), "a refused question placed the order");
  }

  @Test
  void onlyThePriceCapAndSizeAndValuePrecautionsAreConfirmed() {
    assertTrue(IbkrReplyPolicy.confirms(List.of("o163")));
    assertTrue(IbkrReplyPolicy.confirms(List.of("o383", "o451")));
    assertFalse(IbkrReplyPolicy.confirms(List.of("o163", "o354")), "one unconfirmed question refuses the order");
    assertFalse(IbkrReplyPolicy.confirms(List.of("o403")));
    assertFalse(IbkrReplyPolicy.confirms(List.of()));
  }

  @Test
  void ourClientOrderIdsGoOutAsCoidAndComeBackWhileOrdersPlacedInTwsAreExternal() throws Exception {
    ClientOrderId id = ClientOrderId.of("iron-condor-7", 42);
    assertEquals("dor:iron-condor-7-42", IbkrClientOrderIds.toVenue(id));
    assertEquals(id, IbkrClientOrderIds.fromVenue(IbkrClientOrderIds.toVenue(id)));
    assertNull(IbkrClientOrderIds.fromVenue(null));
    assertNull(IbkrClientOrderIds.fromVenue("my-manual-order"));

    Order order = new Order(id, "ibkr", FakeIbkr.SYMBOL, Side.SELL, OrderType.STOP_LIMIT, d("5"), d("180"), d("181"),
        TimeInForce.GTC, false, List.of());
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(order)));
    fake.placeExternal(Side.BUY, d("3"), d("170"));
    var open = get(adapter.openOrders());
    assertEquals(2, open.size(), open.toString());
    var ours = open.stream().filter(o -> !o.isExternal()).findFirst().orElseThrow();
    assertEquals(id, ours.clientOrderId());
    assertEquals(OrderType.STOP_LIMIT, ours.type());
    assertEquals(0, d("180").compareTo(ours.limitPrice()));
    assertEquals(0, d("181").compareTo(ours.stopPrice()));
    // cancel and query go by IBKR's order id, found from the cOID
    OrderReport cancelled = get(adapter.cancel(id, "done"));
    assertInstanceOf(OrderReport.Cancelled.class, cancelled, cancelled.toString());
    assertEquals(OrderStatus.CANCELLED, get(adapter.query(id)).status());
  }

  @Test
  void anOrderIdThisProcessNeverSawIsResolvedFromLiveOrdersAfterARestart() throws Exception {
    Order order = Order.limit(ClientOrderId.of("bot1", 3), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("10"), d("150"));
    get(adapter.place(order));
    adapter.close();
    adapter = new IbkrAdapter(IbkrVenueUnderTest.settings(fake, Duration.ofMillis(200)),
        IbkrVenueUnderTest.generousLimiter());
    int before = fake.calls("/iserver/account/orders");
    assertEquals(OrderStatus.WORKING, get(adapter.query(order.clientOrderId())).status());
    assertEquals(before + 1, fake.calls("/iserver/account/orders"));
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(ClientOrderId.of("bot1", 99))).status());
  }

  @Test
  void theContractSearchIsAskedOnceAndItsConidCached() throws Exception {
    List<InstrumentRules> rules = get(adapter.instruments());
    assertEquals(1, rules.size());
    assertEquals(Long.toString(FakeIbkr.CONID), rules.get(0).venueSymbol());
    assertEquals(0, d("0.01").compareTo(rules.get(0).tickSize()));
    assertEquals(0, d("1").compareTo(rules.get(0).lotSize()));
    get(adapter.instruments());
    get(adapter.place(Order.market(ClientOrderId.of("bot1", 4), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("1"), false)));
    get(adapter.place(Order.market(ClientOrderId.of("bot1", 5), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("1"), false)));
    assertEquals(1, fake.calls("/iserver/secdef/search"));
  }

  @Test
  void theAccountIsCashNetLiquidationAndBuyingPowerWithThePositions() throws Exception {
    get(adapter.place(Order.market(ClientOrderId.of("bot1", 6), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("10"), false)));
    AccountSnapshot a = get(adapter.account());
    assertEquals("USD", a.currency());
    assertEquals(0, d("98099.90").compareTo(a.cash()), a.toString()); // 100000 - 10 x 190.01
    assertEquals(0, d("99999.90").compareTo(a.equity()), a.toString()); // cash + 10 x 190.00
    assertEquals(0, a.cash().multiply(BigDecimal.valueOf(4)).compareTo(a.buyingPower()));
    assertEquals(FakeIbkr.SYMBOL, a.positions().get(0).symbol());
    assertEquals(0, d("10").compareTo(a.positions().get(0).quantity()));
  }

  @Test
  void theSessionIsTickledAndALostSessionMakesAPlaceAmbiguousNotRejectedUntilItIsBack() throws Exception {
    adapter.connect(r -> {});
    await(() -> adapter.info().connection() == VenueInfo.Connection.CONNECTED, "the stream did not connect");
    int tickles = fake.calls("/tickle");
    await(() -> fake.calls("/tickle") >= tickles + 2, "no tickle on the timer");

    fake.dropSession();
    await(() -> adapter.info().connection() == VenueInfo.Connection.DISCONNECTED, "a lost session still shows connected");
    Order order = Order.limit(ClientOrderId.of("bot1", 7), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("10"), d("150"));
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> adapter.place(order).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertInstanceOf(IbkrApiException.class, failed.getCause());
    assertEquals(IbkrApiException.Kind.SESSION, ((IbkrApiException) failed.getCause()).kind());
    assertEquals(List.of(), fake.placements());

    fake.restoreSession();
    await(() -> adapter.info().connection() == VenueInfo.Connection.CONNECTED, "the session came back but not the venue");
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(order.clientOrderId())).status());
    OrderReport again = get(adapter.place(order)); // sent already: answered by a query, never re-sent here
    assertInstanceOf(OrderReport.Status.class, again);
    assertEquals(List.of(), fake.placements());
  }

  @Test
  void a429WithoutRetryAfterSitsOutThePenaltyBoxAndTheOrderIsNotSentRatherThanSentIntoIt() throws Exception {
    adapter.close();
    var settings = IbkrVenueUnderTest.settings(fake, Duration.ofMinutes(5)).withTimings(Duration.ofMillis(800),
        Duration.ofMinutes(5), Duration.ofMillis(100), IbkrSettings.PENALTY_BOX);
    adapter = new IbkrAdapter(settings, IbkrVenueUnderTest.generousLimiter());
    fake.withoutRetryAfter();
    fake.rateLimitNext(Duration.ofMinutes(10));
    Order order = Order.market(ClientOrderId.of("bot1", 8), "ibkr", FakeIbkr.SYMBOL, Side.BUY, d("1"), false);
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> adapter.place(order).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertInstanceOf(io.dorado.actors.orderpath.venue.VenueRequestNotSent.class, failed.getCause(), failed.toString());
    assertEquals(0, fake.rateLimitViolations(), "a request went into the penalty box");
    assertEquals(List.of(), fake.placements());
  }

  @Test
  void onIbkrsDocumentedPacingPortfolioAccountsIsAskedAtMostOnceInFiveSecondsEvenAfterAFailure() throws Exception {
    adapter.close();
    // IBKR's pacing table: /portfolio/accounts 1 request per 5 s; waits beyond 500 ms fail as not sent
    adapter = new IbkrAdapter(IbkrVenueUnderTest.settings(fake, Duration.ofMinutes(5)),
        IbkrRest.documentedLimiter(IbkrVenueUnderTest.VENUE, Duration.ofMillis(500)));
    fake.dropSession(); // the first /portfolio/accounts answers 401: the adapter will ask it again
    assertThrows(ExecutionException.class, () -> adapter.account().toCompletableFuture().get(5, TimeUnit.SECONDS));
    fake.restoreSession();
    ExecutionException paced = assertThrows(ExecutionException.class,
        () -> adapter.account().toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertInstanceOf(io.dorado.actors.orderpath.venue.VenueRequestNotSent.class, paced.getCause(), paced.toString());
    assertTrue(paced.getCause().getMessage().contains("IBKR_PORTFOLIO_ACCOUNTS"), paced.getCause().getMessage());
    assertEquals(1, fake.calls("/portfolio/accounts"), "asked again within 5 s of the first");
  }

  // ---------------------------------------------------------------- the OCO as an OCA group (isSingleGroup)

  private static Order oco(long seq, String qty, String stop, String target) {
    return new Order(ClientOrderId.of("bot1", seq), "ibkr", FakeIbkr.SYMBOL, Side.SELL, OrderType.OCO, d(qty), d(target),
        d(stop), TimeInForce.GTC, true);
  }

  @Test
  void anOcoGoesAsOneOcaGroupOfAStopAndATargetInOneRequestEachLegWithItsOwnDeterministicCoid() throws Exception {
    assertTrue(adapter.capabilities(FakeIbkr.SYMBOL).oco(), "IBKR rests a stop and a target as one OCA group");
    OrderReport placed = get(adapter.place(oco(10, "10", "185", "195")));

    assertInstanceOf(OrderReport.Accepted.class, placed, placed.toString());
    assertEquals(1, fake.placeBodies().size(), "one request: " + fake.placeBodies());
    var orders = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fake.placeBodies().get(0)).path("orders");
    assertEquals(2, orders.size(), orders.toString());
    var stop = orders.get(0);
    var target = orders.get(1);
    assertEquals("dor:bot1-10/s", stop.path("cOID").asText());
    assertEquals("STP", stop.path("orderType").asText());
    assertEquals(0, d("185").compareTo(stop.path("price").decimalValue()), "a STP carries its stop in price");
    assertEquals("dor:bot1-10/t", target.path("cOID").asText());
    assertEquals("LMT", target.path("orderType").asText());
    assertEquals(0, d("195").compareTo(target.path("price").decimalValue()));
    for (var leg : orders) {
      assertTrue(leg.path("isSingleGroup").asBoolean(false), "isSingleGroup on every leg: " + leg);
      assertEquals("SELL", leg.path("side").asText());
      assertEquals("GTC", leg.path("tif").asText());
      assertEquals(0, d("10").compareTo(leg.path("quantity").decimalValue()));
      assertEquals(FakeIbkr.ACCOUNT, leg.path("acctId").asText());
    }
    assertEquals(java.util.Optional.of("STP=Submitted/0/10 LMT=Submitted/0/10"), fake.ocaStatusOf(ClientOrderId.of("bot1", 10)),
        "both legs rest in one OCA group");
    assertEquals(List.of(ClientOrderId.of("bot1", 10)), fake.placements(), "one placement, under our id");
    assertEquals(OrderStatus.WORKING, get(adapter.query(ClientOrderId.of("bot1", 10))).status());
    var open = get(adapter.openOrders());
    assertEquals(2, open.size(), open.toString());
    assertTrue(open.stream().allMatch(o -> ClientOrderId.of("bot1", 10).equals(o.clientOrderId())),
        "both legs are our OCO's, neither EXTERNAL: " + open);
  }

  @Test
  void theTargetFillsAndIbkrCancelsTheStopTheFillIsTheOcosAndItsStatusFilled() throws Exception {
    var pushed = new java.util.concurrent.CopyOnWriteArrayList<OrderReport>();
    adapter.connect(pushed::add);
    await(() -> adapter.info().connection() == VenueInfo.Connection.CONNECTED, "the stream did not connect");
    ClientOrderId id = ClientOrderId.of("bot1", 11);
    get(adapter.place(oco(11, "10", "185", "195")));
    fake.quote(d("195.10"), d("195.12"));

    await(() -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Filled), "no fill pushed: " + pushed);
    var filled = (OrderReport.Filled) pushed.stream().filter(r -> r instanceof OrderReport.Filled).findFirst().get();
    assertEquals(id, filled.clientOrderId(), "the leg's fill is our OCO's");
    assertEquals(0, d("195").compareTo(filled.fill().price()), "at the target");
    assertTrue(filled.complete(), "10 of the OCO's 10");
    assertEquals(java.util.Optional.of("STP=Cancelled/0/10 LMT=Filled/10/10"), fake.ocaStatusOf(id));
    OrderReport.Status status = get(adapter.query(id));
    assertEquals(OrderStatus.FILLED, status.status(), status.toString());
    assertEquals(1, status.fills().size());
    await(() -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Status st && st.status() == OrderStatus.FILLED),
        "the stop's cancel is told as the OCO's status, FILLED: " + pushed);
    assertFalse(pushed.stream().anyMatch(r -> r instanceof OrderReport.Cancelled), "never a cancel of a filled OCO: " + pushed);
  }

  @Test
  void aPartialFillOfTheTargetReducesTheStopAndTheStopThenSellsTheRest() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot1", 12);
    get(adapter.place(oco(12, "10", "185", "195")));
    fake.fillLeg(id, IbkrClientOrderIds.TARGET_LEG, d("4"), d("195"));

    assertEquals(java.util.Optional.of("STP=Submitted/0/6 LMT=Submitted/4/10"), fake.ocaStatusOf(id),
        "the group rebalanced: the stop is for what is left");
    OrderReport.Status partial = get(adapter.query(id));
    assertEquals(OrderStatus.PARTIALLY_FILLED, partial.status(), partial.toString());
    assertEquals(0, d("4").compareTo(partial.filledQuantity()));

    fake.quote(d("184.90"), d("184.95"));
    assertEquals(java.util.Optional.of("STP=Filled/6/6 LMT=Cancelled/4/10"), fake.ocaStatusOf(id));
    OrderReport.Status done = get(adapter.query(id));
    assertEquals(OrderStatus.FILLED, done.status(), done.toString());
    assertEquals(0, d("10").compareTo(done.filledQuantity()), "4 at the target and 6 at the stop, never more");
    assertEquals(2, done.fills().size());
  }

  @Test
  void anOcoIsCancelledLegByLegAndCancellingItAgainAnswersItCancelledAgain() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot1", 13);
    get(adapter.place(oco(13, "10", "185", "195")));
    OrderReport cancelled = get(adapter.cancel(id, "test"));
    assertInstanceOf(OrderReport.Cancelled.class, cancelled, cancelled.toString());
    assertEquals(java.util.Optional.of("STP=Cancelled/0/10 LMT=Cancelled/0/10"), fake.ocaStatusOf(id));
    int deletes = fake.calls("/iserver/account/" + FakeIbkr.ACCOUNT + "/order/" + fake.orderIdOf(
        IbkrClientOrderIds.leg(id, IbkrClientOrderIds.STOP_LEG)));
    assertEquals(1, deletes, "each leg asked once");
    OrderReport again = get(adapter.cancel(id, "test")); // as for a single order: its status says cancelled
    assertInstanceOf(OrderReport.Cancelled.class, again, again.toString());
    assertEquals(OrderStatus.CANCELLED, get(adapter.query(id)).status());
  }

  @Test
  void anOcoIbkrRefusesIsRejectedWithItsMessageAndNoLegRests() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot1", 14);
    OrderReport placed = get(adapter.place(oco(14, "10", "185", "195.005"))); // the target off the 0.01 tick
    var rejected = assertInstanceOf(OrderReport.Rejected.class, placed, placed.toString());
    assertTrue(rejected.reason().contains("minimum price variation"), rejected.reason());
    assertEquals(java.util.Optional.empty(), fake.ocaStatusOf(id), "the group is placed whole or not at all");
    assertEquals(List.of(), fake.placements());
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(id)).status());
  }

  @Test
  void aQuestionOnAnOcaGroupOutsideTheConfirmedSetIsAnsweredNoAndNeitherLegRests() throws Exception {
    fake.askOnNextPlace("o403", "This order will most likely trigger and fill immediately.");
    ClientOrderId id = ClientOrderId.of("bot1", 15);
    OrderReport placed = get(adapter.place(oco(15, "10", "185", "195")));
    var rejected = assertInstanceOf(OrderReport.Rejected.class, placed, placed.toString());
    assertTrue(rejected.reason().contains("o403"), rejected.reason());
    assertEquals(List.of("{\"confirmed\":false}"), fake.replyAnswers());
    assertEquals(java.util.Optional.empty(), fake.ocaStatusOf(id));
  }

  @Test
  void aPriceCapQuestionOnAnOcaGroupIsConfirmedAndBothLegsRest() throws Exception {
    fake.askOnNextPlace("o163", "The following order exceeds the price percentage limit of 3%.");
    ClientOrderId id = ClientOrderId.of("bot1", 16);
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(oco(16, "10", "185", "195"))));
    assertEquals(List.of("{\"confirmed\":true}"), fake.replyAnswers());
    assertEquals(java.util.Optional.of("STP=Submitted/0/10 LMT=Submitted/0/10"), fake.ocaStatusOf(id));
  }

  @Test
  void aRestartedAdapterFindsAnOcoByItsLegsCoidsInLiveOrdersAndCancelsIt() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot1", 17);
    get(adapter.place(oco(17, "10", "185", "195")));
    adapter.close();
    adapter = new IbkrAdapter(IbkrVenueUnderTest.settings(fake, Duration.ofMillis(200)),
        IbkrVenueUnderTest.generousLimiter());
    OrderReport.Status status = get(adapter.query(id));
    assertEquals(OrderStatus.WORKING, status.status(), "found by its legs: " + status);
    assertInstanceOf(OrderReport.Cancelled.class, get(adapter.cancel(id, "test")));
    assertEquals(java.util.Optional.of("STP=Cancelled/0/10 LMT=Cancelled/0/10"), fake.ocaStatusOf(id));
    assertEquals(List.of(id), fake.placements(), "found, never sent again");
  }

  @Test
  void anOcosLegCoidsMapBackToItWhileAPlainIdStaysItself() {
    ClientOrderId id = ClientOrderId.of("iron-condor-7", 42);
    assertEquals("dor:iron-condor-7-42/s", IbkrClientOrderIds.leg(id, IbkrClientOrderIds.STOP_LEG));
    assertEquals("dor:iron-condor-7-42/t", IbkrClientOrderIds.leg(id, IbkrClientOrderIds.TARGET_LEG));
    assertEquals(id, IbkrClientOrderIds.fromVenue("dor:iron-condor-7-42/s"));
    assertEquals(id, IbkrClientOrderIds.fromVenue("dor:iron-condor-7-42/t"));
    assertTrue(IbkrClientOrderIds.isLeg("dor:iron-condor-7-42/t"));
    assertFalse(IbkrClientOrderIds.isLeg("dor:iron-condor-7-42"));
    assertFalse(IbkrClientOrderIds.isLeg("dor:a/t-3"), "a bot id with a slash is not a leg");
    assertEquals(ClientOrderId.of("a/t", 3), IbkrClientOrderIds.fromVenue("dor:a/t-3"));
    assertNull(IbkrClientOrderIds.fromVenue("dor:iron-condor-7-42/x"));
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition, String message) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(message);
      Thread.sleep(20);
    }
  }
}
