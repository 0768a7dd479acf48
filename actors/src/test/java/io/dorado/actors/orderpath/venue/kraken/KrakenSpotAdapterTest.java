package io.dorado.actors.orderpath.venue.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KrakenSpotAdapterTest {
  private static final String VENUE = "kraken-main";

  private FakeKraken fake;
  private KrakenSpotAdapter adapter;
  private final ConcurrentLinkedQueue<OrderReport> pushed = new ConcurrentLinkedQueue<>();

  static KrakenSpotAdapter adapterOn(FakeKraken fake, Duration ratePause) {
    return fake.adapter(VENUE, "kraken-account-1", ratePause);
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeKraken();
    fake.quote(new BigDecimal("50000.0"), new BigDecimal("50010.0"));
    fake.balance(FakeKraken.QUOTE, new BigDecimal("100000"));
    fake.balance(FakeKraken.BASE, new BigDecimal("1"));
    adapter = adapterOn(fake, Duration.ofMillis(1500));
    adapter.connect(pushed::add);
    await("the executions stream subscribed", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    await("the first gap-fill", () -> fake.calls("TradesHistory") >= 1);
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    fake.close();
  }

  // ---------------------------------------------------------------- signing, ids, credentials

  @Test
  void signsExactlyAsKrakensPublishedExample() {
    // docs.kraken.com, Spot REST Authentication, "Examples": this key, nonce and payload give this API-Sign
    String sign = KrakenSigner.sign("/0/private/AddOrder", "1616492376594",
        "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25",
        java.util.Base64.getDecoder().decode(FakeKraken.API_SECRET));
    assertEquals("4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==", sign);
  }

  @Test
  void credentialsNeverShowTheSecret() {
    var credentials = KrakenCredentials.of(FakeKraken.API_KEY, FakeKraken.API_SECRET);
    assertFalse(credentials.toString().contains(FakeKraken.API_SECRET));
    assertFalse(credentials.toString().contains("kQH5"));
    assertFalse(adapter.toString().contains("kQH5"));
  }

  @Test
  void shortClientOrderIdsGoAsFreeTextAndLongOnesAsADeterministicReversibleUuid() {
    var ids = new KrakenClientOrderIds();
    ClientOrderId shortId = ClientOrderId.of("bot-1", 42);
    assertEquals("bot-1-42", ids.encode(shortId));
    assertEquals(shortId, ids.decode("bot-1-42"));

    ClientOrderId longId = ClientOrderId.of("momentum-btc-usd-fast", 7);
    String uuid = ids.encode(longId);
    assertEquals(36, uuid.length());
    assertTrue(uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), uuid);
    assertEquals(uuid, KrakenClientOrderIds.format(longId), "the same id always maps to the same cl_ord_id");
    assertEquals(longId, ids.decode(uuid));
    assertNull(new KrakenClientOrderIds().decode(uuid), "an unregistered bot's UUID is not claimed as ours");
    assertNull(ids.decode("d15708c1-dbb6-465d-b77d-47258319cc90"), "someone else's UUID is external");
  }

  // ---------------------------------------------------------------- placing and fills

  @Test
  void aMarketOrderIsAcceptedAndItsFillArrivesOnTheStreamWithKrakensTradeIdAsFillId() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-1", 1);
    OrderReport report = get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
    assertInstanceOf(OrderReport.Accepted.class, report);
    OrderReport.Filled filled = awaitFill(id);
    assertEquals(new BigDecimal("50010.0"), filled.fill().price());
    assertEquals(0, new BigDecimal("0.1").compareTo(filled.filledQuantity()));
    assertTrue(filled.complete());
    assertEquals(fake.executions().get(0).executionId(), filled.fill().fillId());
    assertEquals("BTC", filled.fill().symbol());
  }

  @Test
  void aRestingLimitOrderPartiallyFilledQueriesAsPartiallyFilledWithItsFills() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-1", 2);
    get(adapter.place(Order.limit(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.5"), new BigDecimal("49000.0"))));
    fake.fill(id, new BigDecimal("0.2"), new BigDecimal("49000.0"));
    OrderReport.Filled filled = awaitFill(id);
    assertFalse(filled.complete());
    OrderReport.Status status = get(adapter.query(id));
    assertEquals(OrderStatus.PARTIALLY_FILLED, status.status());
    assertEquals(0, new BigDecimal("0.2").compareTo(status.filledQuantity()));
    assertEquals(1, status.fills().size());
    assertEquals(filled.fill().fillId(), status.fills().get(0).fillId());
  }

  @Test
  void stopOrdersGoAsStopLossAndTriggerWhenThePriceReachesThem() throws Exception {
    ClientOrderId stop = ClientOrderId.of("bot-1", 3);
    ClientOrderId stopLimit = ClientOrderId.of("bot-1", 4);
    get(adapter.place(new Order(stop, VENUE, "BTC", Side.SELL, OrderType.STOP, new BigDecimal("0.1"), null,
        new BigDecimal("48000.0"), TimeInForce.GTC, false)));
    get(adapter.place(new Order(stopLimit, VENUE, "BTC", Side.SELL, OrderType.STOP_LIMIT, new BigDecimal("0.1"),
        new BigDecimal("47000.0"), new BigDecimal("48000.0"), TimeInForce.DAY, false)));
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(List.of(OrderType.STOP, OrderType.STOP_LIMIT), open.stream().map(VenueOrderView::type).toList());
    assertEquals(new BigDecimal("47000.0"), open.get(1).limitPrice());
    assertEquals(new BigDecimal("48000.0"), open.get(1).stopPrice());
    fake.quote(new BigDecimal("47990.0"), new BigDecimal("48000.0"));
    assertTrue(awaitFill(stop).complete());
    assertTrue(awaitFill(stopLimit).complete());
  }

  @Test
  void aSecondPlaceOfTheSameIdIsNotSentAgainButAnsweredWithItsStatus() throws Exception {
    // Kraken dedupes cl_ord_id only among open orders: a filled order's id would be accepted again
    ClientOrderId id = ClientOrderId.of("bot-1", 5);
    Order order = Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false);
    get(adapter.place(order));
    awaitFill(id);
    OrderReport again = get(adapter.place(order));
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, again);
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, fake.calls("AddOrder"));
    assertEquals(List.of(id), fake.placements());
    assertFalse(adapter.info().dedupesClientOrderIds());
  }

  @Test
  void aPlaceOfAnIdKrakenHasOpenIsAnsweredWithItsStatusNotRejected() throws Exception {
    // as after a restart of the adapter (its memory of sent ids is gone): Kraken refuses the open duplicate
    ClientOrderId id = ClientOrderId.of("bot-1", 6);
    Order order = Order.limit(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("40000.0"));
    get(adapter.place(order));
    KrakenSpotAdapter restarted = adapterOn(fake, Duration.ofMillis(1500));
    try {
      OrderReport again = get(restarted.place(order));
      assertEquals(OrderStatus.WORKING, assertInstanceOf(OrderReport.Status.class, again, again.toString()).status());
    } finally {
      restarted.close();
    }
    assertEquals(List.of(id), fake.placements());
  }

  // ---------------------------------------------------------------- Kraken's verdicts: Rejected

  @Test
  void krakensRefusalsAreRejectedWithKrakensOwnWords() throws Exception {
    fake.rules(new InstrumentRules("BTC", FakeKraken.WSNAME, new BigDecimal("0.1"), new BigDecimal("0.0001"),
        new BigDecimal("0.001"), new BigDecimal("5")));
    assertEquals(RejectionKind.BALANCE_HELD, assertRejected(Order.market(ClientOrderId.of("bot-2", 1), VENUE, "BTC",
        Side.BUY, new BigDecimal("100"), false), "EOrder:Insufficient funds").kind());
    assertEquals(RejectionKind.OTHER, assertRejected(Order.limit(ClientOrderId.of("bot-2", 2), VENUE, "BTC", Side.BUY,
        new BigDecimal("0.0005"), new BigDecimal("40000.0")), "EOrder:Order minimum not met").kind());
    assertRejected(Order.limit(ClientOrderId.of("bot-2", 3), VENUE, "BTC", Side.BUY, new BigDecimal("0.001"),
        new BigDecimal("100.0")), "EOrder:Cost minimum not met");
    assertRejected(Order.limit(ClientOrderId.of("bot-2", 4), VENUE, "BTC", Side.BUY, new BigDecimal("0.00105"),
        new BigDecimal("40000.0")), "EGeneral:Invalid arguments:volume");
    assertRejected(Order.limit(ClientOrderId.of("bot-2", 5), VENUE, "BTC", Side.BUY, new BigDecimal("0.001"),
        new BigDecimal("40000.05")), "EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals.");
    assertTrue(fake.placements().isEmpty());
  }

  @Test
  void anOpenSellHoldsTheBaseItWouldSellSoASecondExitForTheSameBitcoinIsRefusedUntilTheFirstIsCancelled()
      throws Exception {
    // BalanceEx: available = balance - hold_trade; the account holds 1 BTC
    ClientOrderId stop = ClientOrderId.of("bot-h", 1);
    ClientOrderId target = ClientOrderId.of("bot-h", 2);
    get(adapter.place(new Order(stop, VENUE, "BTC", Side.SELL, OrderType.STOP, BigDecimal.ONE, null,
        new BigDecimal("48000.0"), TimeInForce.GTC, true)));
    assertEquals(0, BigDecimal.ONE.compareTo(fake.holdTrade(FakeKraken.BASE)), "the stop holds the whole bitcoin");
    Order limit = new Order(target, VENUE, "BTC", Side.SELL, OrderType.LIMIT, BigDecimal.ONE, new BigDecimal("55000.0"),
        null, TimeInForce.GTC, true);
    assertRejected(limit, "EOrder:Insufficient funds");

    assertInstanceOf(OrderReport.Cancelled.class, get(adapter.cancel(stop, "test")));
    assertEquals(0, BigDecimal.ZERO.compareTo(fake.holdTrade(FakeKraken.BASE)));
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(new Order(ClientOrderId.of("bot-h", 3), VENUE, "BTC",
        Side.SELL, OrderType.LIMIT, BigDecimal.ONE, new BigDecimal("55000.0"), null, TimeInForce.GTC, true))));
    assertEquals(List.of("sell 1 XBTUSD @ limit 55000"), fake.openOrders());
  }

  @Test
  void instrumentRulesComeFromAssetPairs() throws Exception {
    fake.rules(new InstrumentRules("BTC", FakeKraken.WSNAME, new BigDecimal("0.1"), new BigDecimal("0.00000001"),
        new BigDecimal("0.0001"), new BigDecimal("0.5")));
    List<InstrumentRules> rules = get(adapter.instruments());
    assertEquals(1, rules.size());
    InstrumentRules r = rules.get(0);
    assertEquals("BTC", r.symbol());
    assertEquals("XBT/USD", r.venueSymbol());
    assertEquals(0, new BigDecimal("0.1").compareTo(r.tickSize()));
    assertEquals(0, new BigDecimal("0.00000001").compareTo(r.lotSize()));
    assertEquals(0, new BigDecimal("0.0001").compareTo(r.minQuantity()));
    assertEquals(0, new BigDecimal("0.5").compareTo(r.minNotional()));
  }

  // ---------------------------------------------------------------- ambiguous outcomes: a failed stage, then query

  @Test
  void aPlaceThatTimesOutAfterKrakenAcceptedItFailsAndTheQueryFindsTheOrder() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-3", 1);
    fake.nextPlaceTimesOutAfterAccept();
    assertFails(adapter.place(Order.limit(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("40000.0"))));
    assertEquals(OrderStatus.WORKING, get(adapter.query(id)).status());
    assertEquals(List.of(id), fake.placements());
  }

  @Test
  void a5xxBeforeKrakenActedFailsAndTheQueryAnswersUnknown() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-3", 2);
    fake.nextRequestFailsWith5xx(false);
    assertFails(adapter.place(Order.limit(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("40000.0"))));
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(id)).status());
    assertTrue(fake.placements().isEmpty());
  }

  @Test
  void a5xxAfterKrakenAcceptedFailsAndTheQueryFindsTheOrder() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-3", 3);
    fake.nextRequestFailsWith5xx(true);
    assertFails(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
    OrderReport.Status status = get(adapter.query(id));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, status.fills().size());
    assertEquals(1, fake.calls("AddOrder"), "the adapter never re-sends");
  }

  @Test
  void krakensServiceUnavailableOrBusyIsAnUnknownOutcomeNotAReject() throws Exception {
    for (String error : List.of("EService:Unavailable", "EService:Busy")) {
      ClientOrderId id = ClientOrderId.of("bot-3", error.length());
      fake.answerNextWith(error);
      assertFails(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
      assertEquals(OrderStatus.UNKNOWN, get(adapter.query(id)).status());
    }
    assertEquals(2, fake.calls("AddOrder"), "refused once each, never sent again by the adapter");
  }

  @Test
  void krakensPublishedErrorsAreClassifiedByWhatTheyMeanForTheOrder() {
    assertEquals(KrakenApiException.Kind.REFUSED, kind("EOrder:Insufficient funds"));
    assertEquals(KrakenApiException.Kind.REFUSED, kind("EOrder:Order minimum not met"));
    assertEquals(KrakenApiException.Kind.REFUSED, kind("EOrder:Cost minimum not met"));
    assertEquals(KrakenApiException.Kind.REFUSED, kind("EGeneral:Invalid arguments:volume"));
    assertEquals(KrakenApiException.Kind.REFUSED, kind("EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals."));
    assertEquals(KrakenApiException.Kind.INVALID_NONCE, kind("EAPI:Invalid nonce"));
    assertEquals(KrakenApiException.Kind.RATE_LIMITED, kind("EAPI:Rate limit exceeded"));
    assertEquals(KrakenApiException.Kind.RATE_LIMITED, kind("EOrder:Rate limit exceeded"));
    assertEquals(KrakenApiException.Kind.UNAVAILABLE, kind("EService:Unavailable"));
    assertEquals(KrakenApiException.Kind.UNAVAILABLE, kind("EService:Busy"));
    assertEquals(KrakenApiException.Kind.UNKNOWN_ORDER, kind("EOrder:Unknown order"));
    assertEquals(KrakenApiException.Kind.OTHER, kind("EAPI:Invalid key"));
    assertEquals(KrakenApiException.Kind.OTHER, kind("EGeneral:Permission denied"));
  }

  private static KrakenApiException.Kind kind(String error) {
    return new KrakenApiException(List.of(error)).kind();
  }

  // ---------------------------------------------------------------- cancel and query

  @Test
  void cancelByClientOrderIdAnswersCancelledAndAnUnknownIdAnswersUnknown() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-4", 1);
    get(adapter.place(Order.limit(id, VENUE, "BTC", Side.SELL, new BigDecimal("0.3"), new BigDecimal("60000.0"))));
    fake.fill(id, new BigDecimal("0.1"), new BigDecimal("60000.0"));
    OrderReport cancelled = get(adapter.cancel(id, "operator"));
    OrderReport.Cancelled c = assertInstanceOf(OrderReport.Cancelled.class, cancelled);
    assertEquals(0, new BigDecimal("0.1").compareTo(c.filledQuantity()));
    assertEquals(OrderStatus.CANCELLED, get(adapter.query(id)).status());
    await("the stream's cancel", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Cancelled));

    OrderReport unknown = get(adapter.cancel(ClientOrderId.of("bot-4", 99), "operator"));
    assertEquals(OrderStatus.UNKNOWN, assertInstanceOf(OrderReport.Status.class, unknown).status());
  }

  // ---------------------------------------------------------------- stream: disconnect, duplicates

  @Test
  void fillsMadeWhileTheStreamWasDownArriveThroughTheGapFillAfterReconnect() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-5", 1);
    get(adapter.place(Order.limit(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.4"), new BigDecimal("49000.0"))));
    fake.fill(id, new BigDecimal("0.1"), new BigDecimal("49000.0"));
    awaitFill(id);
    fake.disconnectStream();
    await("the adapter sees the drop", () -> fake.subscribedConnections() == 0);
    fake.fill(id, new BigDecimal("0.3"), new BigDecimal("49000.0")); // nobody listening
    await("reconnected", () -> fake.subscribedConnections() == 1
        && adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    await("the missed fill", () -> fills(id).size() == 2);
    List<OrderReport.Filled> fills = fills(id);
    assertEquals(Set.copyOf(fake.executions().stream().map(VenueExecution::executionId).toList()),
        Set.copyOf(fills.stream().map(f -> f.fill().fillId()).toList()));
    assertTrue(fills.get(1).complete(), "the gap-fill knows the order's volume");
  }

  @Test
  void aStreamSilentPastTheHeartbeatLimitIsTakenForDeadAndReconnectedWithANewToken() throws Exception {
    int tokens = fake.calls("GetWebSocketsToken");
    fake.silenceStream(); // half-open: no heartbeat, no close
    long deadline = System.nanoTime() + KrakenExecutionStream.SILENCE_LIMIT.plusSeconds(20).toNanos();
    while (fake.calls("GetWebSocketsToken") == tokens) {
      if (System.nanoTime() > deadline) fail("no reconnect after " + KrakenExecutionStream.SILENCE_LIMIT + " of silence");
      Thread.sleep(100);
    }
    await("subscribed again", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    ClientOrderId id = ClientOrderId.of("bot-5", 3);
    get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
    awaitFill(id); // on the new connection
  }

  @Test
  void aDuplicatedExecutionMessageCarriesTheSameFillIdTwice() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-5", 2);
    fake.duplicateNextExecution();
    get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
    await("both copies", () -> fills(id).size() == 2);
    assertEquals(1, new HashSet<>(fills(id).stream().map(f -> f.fill().fillId()).toList()).size());
  }

  // ---------------------------------------------------------------- rate limit and nonces

  @Test
  void krakensRateLimitErrorHoldsEveryRequestAndTheRefusedOneGoesAgainAfterTheWait() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-6", 1);
    fake.rateLimitNext(Duration.ofSeconds(1));
    OrderReport report = get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
    assertInstanceOf(OrderReport.Accepted.class, report);
    assertEquals(OrderStatus.FILLED, get(adapter.query(id)).status());
    assertEquals(0, fake.rateLimitViolations());
    assertEquals(List.of(id), fake.placements());
  }

  @Test
  void anInvalidNonceFromAClockAheadIsRepairedFromKrakensTimeAndTheRequestSignedAgain() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-6", 2);
    fake.skewClock(Duration.ofMinutes(2));
    OrderReport report = get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), false)));
    assertInstanceOf(OrderReport.Accepted.class, report);
    assertEquals(List.of(id), fake.placements());
  }

  // ---------------------------------------------------------------- account, open orders, executions

  @Test
  void theAccountIsKrakensBalancesWithTheBaseAssetAsThePosition() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-7", 1);
    get(adapter.place(Order.limit(id, VENUE, "BTC", Side.BUY, new BigDecimal("1"), new BigDecimal("40000.0"))));
    AccountSnapshot account = get(adapter.account());
    assertEquals(VENUE, account.venue());
    assertEquals("ZUSD", account.currency());
    assertEquals(0, new BigDecimal("100000").compareTo(account.cash()));
    assertEquals(0, new BigDecimal("60000").compareTo(account.buyingPower()), "the open buy holds 40,000");
    assertEquals(0, new BigDecimal("150005").compareTo(account.equity()));
    assertEquals(1, account.positions().size());
    assertEquals("BTC", account.positions().get(0).symbol());
    assertEquals(0, BigDecimal.ONE.compareTo(account.positions().get(0).quantity()));
  }

  @Test
  void anOrderPlacedOutsideTheFleetIsListedWithoutOurClientOrderIdAndItsExecutionsToo() throws Exception {
    ClientOrderId ours = ClientOrderId.of("bot-8", 1);
    get(adapter.place(Order.limit(ours, VENUE, "BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("40000.0"))));
    fake.placeExternal(Side.SELL, new BigDecimal("0.2"), new BigDecimal("70000.0"));
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(2, open.size());
    assertEquals(ours, open.get(0).clientOrderId());
    assertTrue(open.get(1).isExternal());
    assertEquals("BTC", open.get(1).symbol());

    fake.placeExternal(Side.BUY, new BigDecimal("0.05"), new BigDecimal("60000.0")); // marketable: fills
    ExecutionPage page = get(adapter.executionsSince(null));
    assertEquals(1, page.executions().size());
    assertNull(page.executions().get(0).clientOrderId());
    assertTrue(fills(ours).isEmpty(), "an external execution is not pushed as one of ours");
  }

  @Test
  void executionsSinceACursorPagesThroughTradesHistoryOldestFirstWithoutRepeats() throws Exception {
    List<ClientOrderId> ids = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      ClientOrderId id = ClientOrderId.of("bot-9", i);
      ids.add(id);
      get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.01"), false)));
    }
    ExecutionPage all = get(adapter.executionsSince(null));
    assertEquals(60, all.executions().size(), "two TradesHistory pages of 50");
    assertEquals(ids, all.executions().stream().map(VenueExecution::clientOrderId).toList());
    assertNotNull(all.cursor());
    ExecutionPage none = get(adapter.executionsSince(all.cursor()));
    assertTrue(none.executions().isEmpty());
    assertEquals(all.cursor(), none.cursor());

    ClientOrderId later = ClientOrderId.of("bot-9", 61);
    get(adapter.place(Order.market(later, VENUE, "BTC", Side.BUY, new BigDecimal("0.01"), false)));
    ExecutionPage next = get(adapter.executionsSince(all.cursor()));
    assertEquals(List.of(later), next.executions().stream().map(VenueExecution::clientOrderId).toList());
  }

  // ---------------------------------------------------------------- helpers

  private OrderReport.Rejected assertRejected(Order order, String reason) throws Exception {
    OrderReport report = get(adapter.place(order));
    OrderReport.Rejected rejected = assertInstanceOf(OrderReport.Rejected.class, report, report.toString());
    assertEquals(reason, rejected.reason());
    return rejected;
  }

  private static void assertFails(CompletionStage<?> stage) throws InterruptedException {
    try {
      Object value = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
      fail("expected a failed stage (unknown outcome), got " + value);
    } catch (ExecutionException expected) {
      // the venue actor records UNKNOWN and queries
    } catch (java.util.concurrent.TimeoutException e) {
      fail("the stage never completed");
    }
  }

  private List<OrderReport.Filled> fills(ClientOrderId id) {
    return pushed.stream().filter(r -> r instanceof OrderReport.Filled f && f.clientOrderId().equals(id))
        .map(r -> (OrderReport.Filled) r).toList();
  }

  private OrderReport.Filled awaitFill(ClientOrderId id) throws InterruptedException {
    int before = fills(id).size();
    await("a fill of " + id, () -> fills(id).size() > Math.max(0, before - 1) && !fills(id).isEmpty());
    List<OrderReport.Filled> all = fills(id);
    return all.get(all.size() - 1);
  }

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }
}
