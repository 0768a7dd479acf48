package io.dorado.actors.orderpath.venue.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the OANDA adapter does beyond the conformance kit, against {@link FakeOanda} with EUR_USD's real rules. */
class OandaAdapterTest {

  private FakeOanda fake;
  private OandaAdapter adapter;
  private final List<OrderReport> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeOanda(OandaConformanceTest.TOKEN, "EUR_USD", "EUR");
    fake.quote(d("1.08000"), d("1.08020"));
    fake.balance("USD", d("100000"));
    adapter = OandaConformanceTest.connected(new OandaAdapter(OandaConformanceTest.settings(fake),
        OandaConformanceTest.credentials()));
    adapter.connect(reports::add);
  }

  @AfterEach
  void stop() {
    adapter.close();
    fake.close();
  }

  @Test
  void aSellGoesToOandaAsNegativeUnitsWithOurClientIdInItsClientExtensions() throws Exception {
    Order sell = Order.market(id(1), "oanda-kit", "EUR", Side.SELL, d("1000"), false);
    OrderReport report = get(adapter.place(sell));
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, report);
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(Side.SELL, status.fills().get(0).side());
    assertEquals(0, d("1000").compareTo(status.fills().get(0).quantity()));
    JsonNode sent = fake.orderRequests().get(0);
    assertEquals("MARKET", sent.path("type").asText());
    assertEquals("EUR_USD", sent.path("instrument").asText());
    assertEquals(0, d("-1000").compareTo(new BigDecimal(sent.path("units").asText())), sent.toString());
    assertEquals("FOK", sent.path("timeInForce").asText());
    assertEquals("dorado.bot-1", sent.path("clientExtensions").path("id").asText());
    assertEquals("dorado", sent.path("clientExtensions").path("tag").asText());

    Order buy = Order.limit(id(2), "oanda-kit", "EUR", Side.BUY, d("2000"), d("1.07500"));
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(buy)));
    JsonNode limit = fake.orderRequests().get(1);
    assertEquals(0, d("2000").compareTo(new BigDecimal(limit.path("units").asText())));
    assertEquals("GTC", limit.path("timeInForce").asText());
    assertEquals("DEFAULT", limit.path("positionFill").asText());
  }

  @Test
  void aStopLimitIsAStopOrderWithAPriceBoundAndADayOrderIsGoodForTheDay() throws Exception {
    Order stopLimit = new Order(id(1), "oanda-kit", "EUR", Side.BUY, OrderType.STOP_LIMIT, d("1000"), d("1.09050"),
        d("1.09000"), TimeInForce.DAY, false);
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(stopLimit)));
    JsonNode sent = fake.orderRequests().get(0);
    assertEquals("STOP", sent.path("type").asText());
    assertEquals("1.09000", sent.path("price").asText());
    assertEquals("1.09050", sent.path("priceBound").asText());
    assertEquals("GFD", sent.path("timeInForce").asText());
    Order reduce = Order.market(id(2), "oanda-kit", "EUR", Side.SELL, d("1000"), true);
    get(adapter.place(reduce));
    assertEquals("REDUCE_ONLY", fake.orderRequests().get(1).path("positionFill").asText());
  }

  @Test
  void instrumentRulesComeFromDisplayPrecisionTradeUnitsPrecisionAndMinimumTradeSize() throws Exception {
    fake.instrumentRules(-4, 5, 0, d("1"), d("0.0333"));
    List<InstrumentRules> rules = get(adapter.instruments());
    assertEquals(1, rules.size());
    InstrumentRules eur = rules.get(0);
    assertEquals("EUR", eur.symbol());
    assertEquals("EUR_USD", eur.venueSymbol());
    assertEquals(0, d("0.00001").compareTo(eur.tickSize()), "displayPrecision 5: a tenth of a pip");
    assertEquals(0, d("1").compareTo(eur.lotSize()), "tradeUnitsPrecision 0: whole units");
    assertEquals(0, d("1").compareTo(eur.minQuantity()));
    assertNull(eur.minNotional(), "OANDA has no notional minimum");

    var jpy = new com.oanda.v20.primitives.Instrument().setName("USD_JPY").setPipLocation(-2L).setDisplayPrecision(3L)
        .setTradeUnitsPrecision(0L).setMinimumTradeSize("1");
    assertEquals(d("0.01"), OandaAdapter.pip(jpy));
    assertEquals(0, d("0.001").compareTo(OandaAdapter.rules("JPY", jpy).tickSize()));
  }

  @Test
  void theInstrumentRulesCarryThePipFromPipLocation() throws Exception {
    fake.instrumentRules(-4, 5, 0, d("1"), d("0.0333"));
    InstrumentRules eur = get(adapter.instruments()).get(0);
    assertEquals(d("0.0001"), eur.pip(), "EUR_USD pipLocation -4: " + eur);

    var jpy = new com.oanda.v20.primitives.Instrument().setName("USD_JPY").setPipLocation(-2L).setDisplayPrecision(3L)
        .setTradeUnitsPrecision(0L).setMinimumTradeSize("1");
    assertEquals(d("0.01"), OandaAdapter.rules("JPY", jpy).pip(), "USD_JPY pipLocation -2");
  }

  @Test
  void unitsBeyondThePrecisionAreRejectedWithOandasRejectReasonAndNothingIsPlaced() throws Exception {
    fake.instrumentRules(-4, 5, 0, d("1"), d("0.0333"));
    Order fractional = Order.limit(id(1), "oanda-kit", "EUR", Side.BUY, d("1000.5"), d("1.07500"));
    OrderReport.Rejected rejected = assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(fractional)));
    assertTrue(rejected.reason().contains("UNITS_PRECISION_EXCEEDED"), rejected.reason());
    Order tooFine = Order.limit(id(2), "oanda-kit", "EUR", Side.BUY, d("1000"), d("1.075001"));
    rejected = assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(tooFine)));
    assertTrue(rejected.reason().contains("PRICE_PRECISION_EXCEEDED"), rejected.reason());
    assertTrue(fake.placements().isEmpty());
  }

  @Test
  void aMarketOrderOandaCancelsAtOnceForWantOfMarginIsCancelledWithNothingFilled() throws Exception {
    fake.balance("USD", d("10"));
    Order big = Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("100000"), false);
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, get(adapter.place(big)));
    assertEquals(OrderStatus.CANCELLED, status.status());
    assertEquals(0, status.filledQuantity().signum());
    assertTrue(status.reason().contains("INSUFFICIENT_MARGIN"), status.reason());
  }

  @Test
  void anUnknownClientIdIsAnsweredUnknownFromOandas404() throws Exception {
    // the library's Gson reads a 404's body into a RequestException: on Java 17 only with OandaContext's repair
    OrderReport.Status status = get(adapter.query(id(99)));
    assertEquals(OrderStatus.UNKNOWN, status.status());
    assertTrue(fake.requests().stream().anyMatch(r -> r.startsWith("GET /v3/accounts/" + FakeOanda.ACCOUNT
        + "/orders/@dorado.bot-99")), fake.requests().toString());
  }

  @Test
  void oandaDedupesOnlyPendingClientIdsSoAPlaceOfAFilledOneAsksFirstAndSendsNothing() throws Exception {
    assertFalse(adapter.info().dedupesClientOrderIds());
    assertEquals("oanda", adapter.info().kind());
    Order order = Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false);
    get(adapter.place(order));
    OrderReport again = get(adapter.place(order));
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, again);
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, status.fills().size());
    assertEquals(1, fake.orderRequests().size(), "the filled order's client id was sent again");
  }

  @Test
  void theAccountShowsNavAsEquityMarginAvailableAsBuyingPowerAndFinancingOnThePosition() throws Exception {
    fake.commissionPerFill(d("0.50"));
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("10000"), false)));
    fake.dailyFinancing(d("-1.25")); // the overnight swap of a long EUR_USD
    AccountSnapshot account = get(adapter.account());
    assertEquals("USD", account.currency());
    assertEquals(0, d("99998.2500").compareTo(account.cash()), "100000 - 0.50 commission - 1.25 financing");
    assertTrue(account.equity().compareTo(account.cash()) < 0, "NAV marks the long at the bid: " + account);
    assertTrue(account.buyingPower().compareTo(account.equity()) < 0, "margin is used: " + account);
    Position eur = account.positions().get(0);
    assertEquals("EUR", eur.symbol());
    assertEquals(0, d("10000").compareTo(eur.quantity()));
    assertEquals(0, d("1.08020").compareTo(eur.averagePrice()));
    assertEquals(0, eur.realizedPnl().signum(), "OANDA's pl: neither financing nor commission: " + eur);
    assertEquals(0, d("-1.25").compareTo(account.financing().get("EUR")), "the swap, on its own: " + account);
  }

  @Test
  void aPositionsFinancingIsTheSumOverItsOpenTradesNotTheClosedOnes() throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false))); // trade A at 1.08020
    fake.quote(d("1.08100"), d("1.08120"));
    get(adapter.place(Order.market(id(2), "oanda-kit", "EUR", Side.BUY, d("3000"), false))); // trade B at 1.08120
    fake.dailyFinancing(d("-1.00")); // A -0.25, B -0.75
    get(adapter.place(Order.market(id(3), "oanda-kit", "EUR", Side.SELL, d("1000"), false))); // closes A (FIFO)
    fake.dailyFinancing(d("-0.60")); // B -0.60 more

    AccountSnapshot account = get(adapter.account());
    Position eur = account.positions().get(0);
    assertEquals(0, d("3000").compareTo(eur.quantity()), "the open trade B: " + account);
    assertEquals(0, d("-1.35").compareTo(account.financing().get("EUR")),
        "B's financing -0.75 - 0.60, not OANDA's lifetime -1.60 with closed A's -0.25: " + account);
    assertTrue(fake.requests().stream().anyMatch(r -> r.startsWith("GET /v3/accounts/" + FakeOanda.ACCOUNT
        + "/openTrades")), fake.requests().toString());
  }

  @Test
  void aShortPositionHasNegativeUnitsAtTheShortSidesAveragePrice() throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.SELL, d("3000"), false)));
    Position eur = get(adapter.account()).positions().get(0);
    assertEquals(0, d("-3000").compareTo(eur.quantity()));
    assertEquals(0, d("1.08000").compareTo(eur.averagePrice()));
  }

  @Test
  void anExternalOrdersFillIsListedWithoutOurIdAndNeverReportedToTheVenueActor() throws Exception {
    VenueOrderView external = fake.placeExternal(Side.BUY, d("5000"), d("1.07000"));
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(1, open.size());
    assertTrue(open.get(0).isExternal());
    assertEquals(external.venueOrderId(), open.get(0).venueOrderId());
    fake.fillOrder(external.venueOrderId(), d("5000"), d("1.07000"));
    Order ours = Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false);
    get(adapter.place(ours));
    await(() -> reports.stream().anyMatch(r -> r instanceof OrderReport.Filled));
    Thread.sleep(200);
    assertTrue(reports.stream().allMatch(r -> r.clientOrderId().equals(id(1))), reports.toString());
    var page = get(adapter.executionsSince(null));
    assertEquals(2, page.executions().size());
    assertEquals(1, page.executions().stream().filter(e -> e.clientOrderId() == null).count());
  }

  @Test
  void fillsOfAPendingOrderArriveFromTheTransactionStreamWithTheirTransactionIdsAsFillIds() throws Exception {
    Order order = Order.limit(id(1), "oanda-kit", "EUR", Side.BUY, d("3000"), d("1.07500"));
    OrderReport.Accepted accepted = assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(order)));
    fake.fill(id(1), d("1000"), d("1.07500"));
    fake.fill(id(1), d("2000"), d("1.07500"));
    await(() -> reports.stream().filter(r -> r instanceof OrderReport.Filled).count() == 2);
    var fills = reports.stream().filter(r -> r instanceof OrderReport.Filled).map(r -> (OrderReport.Filled) r).toList();
    assertFalse(fills.get(0).complete());
    assertTrue(fills.get(1).complete());
    assertTrue(Long.parseLong(fills.get(0).fill().fillId()) > Long.parseLong(accepted.venueOrderId()));
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(List.of(fills.get(0).fill().fillId(), fills.get(1).fill().fillId()),
        status.fills().stream().map(f -> f.fillId()).toList());
  }

  @Test
  void fillsMadeWhileTheTransactionStreamIsDownArriveThroughTheSinceidGapFill() throws Exception {
    Order order = Order.limit(id(1), "oanda-kit", "EUR", Side.BUY, d("3000"), d("1.07500"));
    get(adapter.place(order));
    long connects = adapter.streamConnects();
    fake.disconnectStream(); // and refuses the stream for 300 ms: the fill below cannot come over it
    fake.fill(id(1), d("3000"), d("1.07500"));
    await(() -> reports.stream().anyMatch(r -> r instanceof OrderReport.Filled f && f.complete()));
    assertTrue(adapter.streamConnects() > connects);
    assertTrue(fake.requests().stream().anyMatch(r -> r.contains("/transactions/sinceid")), fake.requests().toString());
  }

  @Test
  void aTransactionStreamSilentPastTheHeartbeatTimeoutIsReconnected() throws Exception {
    long connects = adapter.streamConnects();
    fake.silence(true); // the connection stays open, no heartbeat comes: the settings' timeout is 2 s
    await(() -> adapter.streamConnects() > connects);
    fake.silence(false);
    Order order = Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false);
    get(adapter.place(order));
    await(() -> reports.stream().anyMatch(r -> r instanceof OrderReport.Filled));
  }

  @Test
  void thePriceStreamGivesTheBestBidAndAskOfTheUniverseSymbol() throws Exception {
    List<Venue.MarketPrice> prices = new CopyOnWriteArrayList<>();
    try (AutoCloseable stream = adapter.streamPrices(prices::add)) {
      await(() -> !prices.isEmpty());
      fake.quote(d("1.08100"), d("1.08115"));
      await(() -> prices.stream().anyMatch(p -> p.bid().compareTo(d("1.08100")) == 0));
      Venue.MarketPrice last = prices.get(prices.size() - 1);
      assertEquals("EUR", last.symbol());
      assertEquals(0, d("1.08115").compareTo(last.ask()));
    }
  }

  @Test
  void credentialsOfAnotherAccountAreRefusedAndTheModeChoosesPracticeOrTrade() {
    assertThrows(IllegalArgumentException.class, () -> new OandaAdapter(OandaConformanceTest.settings(fake),
        VenueCredentials.of("101-004-9999999-001", OandaConformanceTest.TOKEN)));
    var practice = OandaSettings.of("oanda-practice", VenueMode.BROKER_PAPER, FakeOanda.ACCOUNT, Map.of("EUR", "EUR_USD"));
    assertEquals("https://api-fxpractice.oanda.com", practice.restBaseUri().toString());
    assertEquals("https://stream-fxpractice.oanda.com", practice.streamBaseUri().toString());
    var live = OandaSettings.of("oanda", VenueMode.LIVE, FakeOanda.ACCOUNT, Map.of("EUR", "EUR_USD"));
    assertEquals("https://api-fxtrade.oanda.com", live.restBaseUri().toString());
    assertEquals("https://stream-fxtrade.oanda.com", live.streamBaseUri().toString());
    assertThrows(IllegalArgumentException.class,
        () -> OandaSettings.of("oanda", VenueMode.PAPER, FakeOanda.ACCOUNT, Map.of("EUR", "EUR_USD")));
    assertThrows(IllegalArgumentException.class,
        () -> OandaSettings.of("oanda", VenueMode.LIVE, FakeOanda.ACCOUNT, Map.of("EUR", "EURUSD")));
  }

  // --- OCO: the trade's dependent orders ----------------------------------------------------------

  @Test
  void anOcoIsTheOpenTradesTakeProfitAndStopLossWithOurLegIdsAndTheVenueCancelsTheStopWhenTheTargetCloses()
      throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false)));
    String tradeId = fake.openTradeUnits().keySet().iterator().next();
    Order oco = oco(2, "1000", "1.08500", "1.07500");
    OrderReport placed = get(adapter.place(oco));
    assertInstanceOf(OrderReport.Accepted.class, placed, placed.toString());

    JsonNode sent = fake.dependentOrderRequests().get(0);
    assertEquals("1.08500", sent.path("takeProfit").path("price").asText(), sent.toString());
    assertEquals("GTC", sent.path("takeProfit").path("timeInForce").asText());
    assertEquals("dorado.bot-2_tp", sent.path("takeProfit").path("clientExtensions").path("id").asText());
    assertEquals("1.07500", sent.path("stopLoss").path("price").asText());
    assertEquals("GTC", sent.path("stopLoss").path("timeInForce").asText());
    assertEquals("dorado.bot-2_sl", sent.path("stopLoss").path("clientExtensions").path("id").asText());
    assertTrue(fake.requests().contains("PUT /v3/accounts/" + FakeOanda.ACCOUNT + "/trades/" + tradeId + "/orders"),
        fake.requests().toString());
    assertTrue(fake.orderRequests().size() == 1, "no order of its own: only the entry went to POST orders");
    assertEquals(java.util.Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING"), fake.dependentsOf(id(2)));
    assertEquals(OrderStatus.WORKING, get(adapter.query(id(2))).status());
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(List.of("dorado.bot-2_tp LIMIT SELL 1000 1.08500", "dorado.bot-2_sl STOP SELL 1000 1.07500"),
        open.stream().filter(v -> id(2).equals(v.clientOrderId())).map(v -> v.venueClientOrderId() + " " + v.type()
            + " " + v.side() + " " + v.quantity().toPlainString() + " "
            + (v.limitPrice() != null ? v.limitPrice() : v.stopPrice()).toPlainString()).sorted(
            java.util.Comparator.reverseOrder()).toList(), "both legs, by our OCO's id and their leg ids");

    fake.quote(d("1.08510"), d("1.08530"));
    assertEquals(java.util.Optional.of("TAKE_PROFIT=FILLED STOP_LOSS=CANCELLED(LINKED_TRADE_CLOSED)"),
        fake.dependentsOf(id(2)));
    await(() -> reports.stream().anyMatch(r -> r instanceof OrderReport.Filled f && f.clientOrderId().equals(id(2))
        && f.complete()));
    await(() -> reports.stream().anyMatch(r -> r instanceof OrderReport.Status st && st.clientOrderId().equals(id(2))
        && st.status() == OrderStatus.FILLED));
    OrderReport.Status status = get(adapter.query(id(2)));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(0, d("1000").compareTo(status.filledQuantity()));
    assertEquals(0, d("1.08500").compareTo(status.fills().get(0).price()), "the take-profit fills at its price");
    assertTrue(fake.openTradeUnits().isEmpty());
    assertTrue(reports.stream().noneMatch(r -> r instanceof OrderReport.Cancelled c && c.clientOrderId().equals(id(2))),
        "the stop leg's LINKED_TRADE_CLOSED cancel is not the OCO's: " + reports);
  }

  @Test
  void aPartialCloseReducesTheTradeAndTheOcoClosesWhatIsLeft() throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.SELL, d("1000"), false)));
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(oco(2, Side.BUY, "1000", "1.07500", "1.08500"))));
    get(adapter.place(Order.market(id(3), "oanda-kit", "EUR", Side.BUY, d("400"), true)));
    assertEquals(List.of(d("-600")), List.copyOf(fake.openTradeUnits().values()), "the trade reduced to 600 short");
    assertEquals(java.util.Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING"), fake.dependentsOf(id(2)));

    fake.quote(d("1.08500"), d("1.08520")); // the ask reaches the short trade's stop
    assertEquals(java.util.Optional.of("TAKE_PROFIT=CANCELLED(LINKED_TRADE_CLOSED) STOP_LOSS=FILLED"),
        fake.dependentsOf(id(2)));
    OrderReport.Status status = get(adapter.query(id(2)));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(0, d("600").compareTo(status.filledQuantity()), "the stop closed the 600 left: " + status);
    assertEquals(0, d("1.08520").compareTo(status.fills().get(0).price()), "a stop-loss fills at the ask");
  }

  @Test
  void aRejectedDependentOrderIsAnsweredRejectedAndNothingRests() throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false)));
    fake.rejectNextDependentOrders("TAKE_PROFIT_ON_FILL_LOSS");
    OrderReport report = get(adapter.place(oco(2, "1000", "1.08500", "1.07500")));
    OrderReport.Rejected rejected = assertInstanceOf(OrderReport.Rejected.class, report);
    assertTrue(rejected.reason().contains("TAKE_PROFIT_ON_FILL_LOSS"), rejected.reason());
    assertEquals(java.util.Optional.empty(), fake.dependentsOf(id(2)));
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(id(2))).status());
    OrderReport badPrice = get(adapter.place(oco(3, "1000", "1.085001", "1.07500")));
    assertTrue(assertInstanceOf(OrderReport.Rejected.class, badPrice).reason().contains("PRICE_PRECISION_EXCEEDED"),
        badPrice.toString());
  }

  @Test
  void withSeveralOpenTradesOnTheInstrumentOrUnitsThatDoNotMatchTheOcoIsRejectedWithNothingSent() throws Exception {
    OrderReport none = get(adapter.place(oco(2, "1000", "1.08500", "1.07500")));
    assertTrue(assertInstanceOf(OrderReport.Rejected.class, none).reason().contains("no open EUR_USD trade"),
        none.toString());
    get(adapter.place(Order.market(id(3), "oanda-kit", "EUR", Side.BUY, d("600"), false)));
    OrderReport other = get(adapter.place(oco(4, "1000", "1.08500", "1.07500")));
    assertTrue(assertInstanceOf(OrderReport.Rejected.class, other).reason().contains("holds 600 units"), other.toString());
    get(adapter.place(Order.market(id(5), "oanda-kit", "EUR", Side.BUY, d("400"), false)));
    assertEquals(2, fake.openTradeUnits().size(), "a second fill is a second trade");
    OrderReport two = get(adapter.place(oco(6, "1000", "1.08500", "1.07500")));
    assertTrue(assertInstanceOf(OrderReport.Rejected.class, two).reason().contains("2 open EUR_USD trades"), two.toString());
    assertTrue(fake.dependentOrderRequests().isEmpty(), "nothing sent");
  }

  @Test
  void cancellingAnOcoCancelsBothLegs() throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false)));
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(oco(2, "1000", "1.08500", "1.07500"))));
    OrderReport cancelled = get(adapter.cancel(id(2), "test"));
    assertInstanceOf(OrderReport.Cancelled.class, cancelled, cancelled.toString());
    assertEquals(java.util.Optional.of("TAKE_PROFIT=CANCELLED(CLIENT_REQUEST) STOP_LOSS=CANCELLED(CLIENT_REQUEST)"),
        fake.dependentsOf(id(2)));
    assertEquals(OrderStatus.CANCELLED, get(adapter.query(id(2))).status());
  }

  @Test
  void anAmendSetsTheSameTradesDependentOrdersAgainUnderItsOwnIdsAndAFreshAdapterReconcilesBothOcos() throws Exception {
    get(adapter.place(Order.market(id(1), "oanda-kit", "EUR", Side.BUY, d("1000"), false)));
    String tradeId = fake.openTradeUnits().keySet().iterator().next();
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(oco(2, "1000", "1.08500", "1.07500"))));
    OrderReport amended = get(adapter.place(oco(3, "1000", "1.08500", "1.07800").replacing(id(2))));
    assertInstanceOf(OrderReport.Accepted.class, amended, amended.toString());

    JsonNode sent = fake.dependentOrderRequests().get(1);
    assertEquals("1.07800", sent.path("stopLoss").path("price").asText(), sent.toString());
    assertEquals("dorado.bot-3_sl", sent.path("stopLoss").path("clientExtensions").path("id").asText());
    assertEquals("1.08500", sent.path("takeProfit").path("price").asText(), "the target as it was, under the amend's id");
    assertEquals("dorado.bot-3_tp", sent.path("takeProfit").path("clientExtensions").path("id").asText());
    assertTrue(fake.requests().stream().filter(r -> r.equals("PUT /v3/accounts/" + FakeOanda.ACCOUNT + "/trades/" + tradeId
        + "/orders")).count() == 2, "the same trade: " + fake.requests());
    assertEquals(java.util.Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING"), fake.dependentsOf(id(3)));
    assertEquals(List.of(), fake.tradesLeftWithoutStopLoss());
    await(() -> reports.stream().anyMatch(r -> r instanceof OrderReport.Status st && st.clientOrderId().equals(id(2))
        && st.status() == OrderStatus.CANCELLED)); // OANDA's CLIENT_REQUEST_REPLACED cancels end the old OCO

    OandaAdapter restarted = OandaConformanceTest.connected(new OandaAdapter(OandaConformanceTest.settings(fake),
        OandaConformanceTest.credentials())); // knows no OCO: finds both by their legs
    try {
      assertEquals(OrderStatus.WORKING, get(restarted.query(id(3))).status());
      assertEquals(OrderStatus.CANCELLED, get(restarted.query(id(2))).status());
      assertInstanceOf(OrderReport.Status.class, get(restarted.place(oco(3, "1000", "1.08500", "1.07800")
          .replacing(id(2)))), "sent again after a crash: answered with its status, nothing sent");
      assertEquals(2, fake.dependentOrderRequests().size());
      OrderReport stale = get(restarted.place(oco(4, "1000", "1.08500", "1.07900").replacing(id(2))));
      assertTrue(assertInstanceOf(OrderReport.Rejected.class, stale).reason().contains("no longer pending"),
          stale.toString());
      assertEquals(2, fake.dependentOrderRequests().size(), "an amend of an OCO that is over is not sent");
    } finally {
      restarted.close();
    }
  }

  private static Order oco(long sequence, String quantity, String target, String stop) {
    return oco(sequence, Side.SELL, quantity, target, stop);
  }

  private static Order oco(long sequence, Side side, String quantity, String target, String stop) {
    return new Order(id(sequence), "oanda-kit", "EUR", side, OrderType.OCO, d(quantity), d(target), d(stop),
        TimeInForce.GTC, true);
  }

  // --- helpers -------------------------------------------------------------------------------------

  private static ClientOrderId id(long sequence) {
    return ClientOrderId.of("bot", sequence);
  }

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) throw new AssertionError("timed out");
      Thread.sleep(10);
    }
  }
}
