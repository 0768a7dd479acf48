package io.dorado.actors.orderpath.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Binance spot adapter against {@link FakeBinance}: every mapping of Binance's answers, errors and events. */
class BinanceSpotAdapterTest {

  static final String KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
  static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

  FakeBinance fake;
  BinanceSpotAdapter adapter;
  final List<OrderReport> pushed = new CopyOnWriteArrayList<>();

  static BinanceSettings settings(FakeBinance fake) {
    return new BinanceSettings("binance-test", VenueMode.PAPER, "test-account", fake.restUri(), fake.webSocketApiUri(),
        Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofMillis(800), null, Duration.ofMillis(50), Duration.ofMillis(400),
        Duration.ofSeconds(5));
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeBinance(KEY, SECRET);
    fake.balance("USDT", new BigDecimal("10000"));
    fake.balance("BTC", new BigDecimal("2"));
    fake.quote(new BigDecimal("99"), new BigDecimal("101"));
    adapter = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, SECRET));
    adapter.connect(pushed::add);
    eventually("the stream is subscribed", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    // the first subscription's gap-fill takes its baseline: let it pass before scripting faults
    eventually("the baseline gap-fill", () -> fake.requests().contains("GET /api/v3/myTrades"));
    Thread.sleep(50);
  }

  @AfterEach
  void stop() {
    adapter.close();
    fake.close();
  }

  static ClientOrderId id(long seq) {
    return ClientOrderId.of("bot-a", seq);
  }

  static Order limit(long seq, Side side, String qty, String price) {
    return Order.limit(id(seq), "binance-test", "BTC", side, new BigDecimal(qty), new BigDecimal(price));
  }

  static Order market(long seq, Side side, String qty) {
    return Order.market(id(seq), "binance-test", "BTC", side, new BigDecimal(qty), false);
  }

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable failure(CompletionStage<?> stage) throws Exception {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return BinanceRest.unwrap(e);
    }
    throw new AssertionError("the stage succeeded");
  }

  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  List<String> pushedFillIds() {
    return pushed.stream().flatMap(r -> r.fills().stream()).map(f -> f.fillId()).collect(Collectors.toList());
  }

  // --- the native OCO (rest-api.md "New Order list - OCO") ---

  static Order oco(long seq, String qty, String stop, String target) {
    return new Order(id(seq), "binance-test", "BTC", Side.SELL, OrderType.OCO, new BigDecimal(qty), new BigDecimal(target),
        new BigDecimal(stop), TimeInForce.GTC, true);
  }

  @Test
  void anOcoRestsItsStopAndItsTargetAsOneOrderListWithDeterministicIdsHoldingTheQuantityOnce() throws Exception {
    assertTrue(adapter.capabilities("BTC").oco(), "Binance spot sends a native OCO");
    OrderReport placed = get(adapter.place(oco(1, "0.5", "95", "110")));

    assertInstanceOf(OrderReport.Accepted.class, placed, "accepted: " + placed);
    assertTrue(fake.requests().contains("POST /api/v3/orderList/oco"), fake.requests().toString());
    assertEquals(List.of(id(1)), fake.placements(), "one placement: the list, under our id");
    assertEquals(Optional.of("LIMIT_MAKER=NEW STOP_LOSS=NEW"), fake.listStatusOf(id(1)));
    assertEquals(0, new BigDecimal("0.5").compareTo(fake.locked("BTC")), "the list holds 0.5 BTC once, not twice");
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.WORKING, status.status(), status.toString());
  }

  @Test
  void thePriceThroughTheTargetFillsItsLegAndTheStopExpiresAtTheVenue() throws Exception {
    get(adapter.place(oco(1, "0.5", "95", "110")));
    fake.quote(new BigDecimal("111"), new BigDecimal("112"));

    eventually("the target's fill is pushed", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Filled));
    OrderReport.Filled filled = (OrderReport.Filled) pushed.stream().filter(r -> r instanceof OrderReport.Filled).findFirst().get();
    assertEquals(id(1), filled.clientOrderId(), "the leg's fill is the list's: our order");
    assertEquals(0, new BigDecimal("110").compareTo(filled.fill().price()), "at the target (a resting maker)");
    assertTrue(filled.complete());
    assertEquals(Optional.of("LIMIT_MAKER=FILLED STOP_LOSS=EXPIRED"), fake.listStatusOf(id(1)));
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.FILLED, status.status(), status.toString());
    assertEquals(1, status.fills().size());
    eventually("the stop's expiry is told as the list's status, FILLED", () -> pushed.stream().anyMatch(r ->
        r instanceof OrderReport.Status st && st.status() == OrderStatus.FILLED));
    assertFalse(pushed.stream().anyMatch(r -> r instanceof OrderReport.Cancelled), "never a cancel of a filled list: " + pushed);
  }

  @Test
  void thePriceThroughTheStopSellsAtTheMarketAndTheTargetExpires() throws Exception {
    get(adapter.place(oco(1, "0.5", "95", "110")));
    fake.quote(new BigDecimal("94"), new BigDecimal("96"));

    eventually("the stop's fill is pushed", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Filled));
    assertEquals(Optional.of("LIMIT_MAKER=EXPIRED STOP_LOSS=FILLED"), fake.listStatusOf(id(1)));
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(0, new BigDecimal("94").compareTo(status.fills().get(0).price()), "at the bid");
  }

  @Test
  void anOcoIsCancelledAsAListAndCancellingItAgainAnswersItsStatus() throws Exception {
    get(adapter.place(oco(1, "0.5", "95", "110")));
    OrderReport cancelled = get(adapter.cancel(id(1), "test"));
    assertInstanceOf(OrderReport.Cancelled.class, cancelled, cancelled.toString());
    assertTrue(fake.requests().contains("DELETE /api/v3/orderList"), fake.requests().toString());
    assertEquals(Optional.of("LIMIT_MAKER=CANCELED STOP_LOSS=CANCELED"), fake.listStatusOf(id(1)));
    assertEquals(0, BigDecimal.ZERO.compareTo(fake.locked("BTC")), "nothing held");
    OrderReport again = get(adapter.cancel(id(1), "test"));
    assertEquals(OrderStatus.CANCELLED, assertInstanceOf(OrderReport.Status.class, again).status());
  }

  @Test
  void anOcoWhosePricesAreNotEitherSideOfTheMarketIsRejectedWithBinancesMessage() throws Exception {
    OrderReport placed = get(adapter.place(oco(1, "0.5", "100", "110"))); // the stop above the bid 99
    var rejected = assertInstanceOf(OrderReport.Rejected.class, placed);
    assertTrue(rejected.reason().contains("-2010 The relationship of the prices for the orders is not correct."),
        rejected.reason());
  }

  @Test
  void aRestartedAdapterFindsAnOcoByItsLegsAndCancelsIt() throws Exception {
    get(adapter.place(oco(1, "0.5", "95", "110")));
    adapter.close();
    adapter = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, SECRET));
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.WORKING, status.status(), "found by its legs: " + status);
    OrderReport cancelled = get(adapter.cancel(id(1), "test"));
    assertInstanceOf(OrderReport.Cancelled.class, cancelled, cancelled.toString());
    assertEquals(Optional.of("LIMIT_MAKER=CANCELED STOP_LOSS=CANCELED"), fake.listStatusOf(id(1)));
  }

  // --- placing ---

  @Test
  void a_resting_limit_order_is_accepted_under_its_mapped_client_order_id_and_queried_back_as_working() throws Exception {
    OrderReport report = get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    assertInstanceOf(OrderReport.Accepted.class, report);
    assertEquals(List.of(id(1)), fake.placements());
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.WORKING, status.status());
    assertEquals(0, new BigDecimal("9952.5").compareTo(fake.free("USDT")), "0.5 × 95 held for the order");
  }

  @Test
  void a_market_order_that_fills_at_once_answers_its_status_with_the_fill_and_the_stream_reports_the_same_fill()
      throws Exception {
    OrderReport report = get(adapter.place(market(1, Side.BUY, "1")));
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, report);
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, status.fills().size());
    String fillId = status.fills().get(0).fillId();
    assertTrue(fillId.startsWith("BTCUSDT:"), fillId);
    assertEquals(0, new BigDecimal("101").compareTo(status.fills().get(0).price()));
    eventually("the stream's fill", () -> pushedFillIds().contains(fillId));
  }

  @Test
  void stop_and_stop_limit_orders_go_as_stop_loss_and_stop_loss_limit_with_their_time_in_force() throws Exception {
    Order stop = new Order(id(1), "binance-test", "BTC", Side.SELL, OrderType.STOP, new BigDecimal("0.1"), null,
        new BigDecimal("90"), TimeInForce.GTC, false);
    Order stopLimit = new Order(id(2), "binance-test", "BTC", Side.SELL, OrderType.STOP_LIMIT, new BigDecimal("0.1"),
        new BigDecimal("89"), new BigDecimal("90"), TimeInForce.IOC, false);
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(stop)));
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(stopLimit)));
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(List.of(OrderType.STOP, OrderType.STOP_LIMIT), open.stream().map(VenueOrderView::type).toList());
    fake.quote(new BigDecimal("89.5"), new BigDecimal("90.5")); // the stops trigger
    eventually("the stop filled", () -> get0(adapter.query(id(1))).status() == OrderStatus.FILLED);
    assertEquals(OrderStatus.FILLED, get(adapter.query(id(2))).status(), "stop-limit at 89 fills against a bid of 89.5");
  }

  static OrderReport.Status get0(CompletionStage<OrderReport.Status> stage) {
    try {
      return get(stage);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void an_ioc_limit_that_cannot_fill_expires_and_answers_cancelled() throws Exception {
    Order ioc = new Order(id(1), "binance-test", "BTC", Side.BUY, OrderType.LIMIT, new BigDecimal("0.1"),
        new BigDecimal("90"), null, TimeInForce.IOC, false);
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, get(adapter.place(ioc)));
    assertEquals(OrderStatus.CANCELLED, status.status());
    assertTrue(status.reason().contains("UNFILLED_IOC_QUANTITY_EXPIRED"), status.reason());
  }

  // --- Binance said no: Rejected ---

  @Test
  void insufficient_balance_minus_2010_is_rejected() throws Exception {
    OrderReport report = get(adapter.place(market(1, Side.BUY, "500")));
    OrderReport.Rejected rejected = assertInstanceOf(OrderReport.Rejected.class, report);
    assertTrue(rejected.reason().contains("-2010") && rejected.reason().contains("insufficient balance"), rejected.reason());
    assertEquals(RejectionKind.BALANCE_HELD, rejected.kind(), "what a bot's exit beside its own OCO is refused with");
    assertEquals(List.of(), fake.placements());
  }

  @Test
  void lot_size_price_filter_and_notional_filter_failures_minus_1013_are_rejected_with_the_filter_named() throws Exception {
    fake.rules(new InstrumentRules("BTC", "BTCUSDT", new BigDecimal("0.01"), new BigDecimal("0.001"),
        new BigDecimal("0.001"), new BigDecimal("10")));
    var lot = assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(limit(1, Side.BUY, "0.0005", "95"))));
    var tick = assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(limit(2, Side.BUY, "0.5", "95.005"))));
    var notional = assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(limit(3, Side.BUY, "0.01", "95"))));
    assertTrue(lot.reason().contains("-1013") && lot.reason().contains("LOT_SIZE"), lot.reason());
    assertTrue(tick.reason().contains("PRICE_FILTER"), tick.reason());
    assertTrue(notional.reason().contains("NOTIONAL"), notional.reason());
  }

  @Test
  void a_combo_or_an_unmapped_symbol_is_rejected_without_a_request() throws Exception {
    Order eth = Order.market(id(1), "binance-test", "ETH", Side.BUY, BigDecimal.ONE, false);
    assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(eth)));
    assertFalse(fake.requests().contains("POST /api/v3/order"));
  }

  // --- the same client order id twice ---

  @Test
  void a_second_place_of_an_open_order_answers_its_status_and_sends_nothing() throws Exception {
    get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    OrderReport again = get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    assertEquals(OrderStatus.WORKING, assertInstanceOf(OrderReport.Status.class, again).status());
    assertEquals(List.of(id(1)), fake.placements());
  }

  @Test
  void a_second_place_of_a_filled_order_is_not_sent_although_binance_would_accept_the_id_again() throws Exception {
    get(adapter.place(market(1, Side.BUY, "0.1")));
    BinanceSpotAdapter restarted = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, SECRET));
    try {
      OrderReport again = get(restarted.place(market(1, Side.BUY, "0.1")));
      assertEquals(OrderStatus.FILLED, assertInstanceOf(OrderReport.Status.class, again).status());
      assertEquals(List.of(id(1)), fake.placements(), "Binance dedupes only open orders: the adapter asks first");
    } finally {
      restarted.close();
    }
  }

  @Test
  void a_second_place_while_the_first_still_waits_out_a_429_waits_for_it_and_is_never_sent_twice() throws Exception {
    fake.rateLimitNext(Duration.ofSeconds(1));
    var first = adapter.place(market(1, Side.BUY, "0.1"));
    Thread.sleep(100);
    var second = adapter.place(market(1, Side.BUY, "0.1")); // the venue actor gave up on the first and asks again
    assertEquals(OrderStatus.FILLED, assertInstanceOf(OrderReport.Status.class, get(second)).status());
    get(first);
    assertEquals(List.of(id(1)), fake.placements(), "a market order sent twice fills twice");
    assertEquals(0, fake.rateLimitViolations());
  }

  // --- unknown outcomes: the stage fails, nothing is sent again ---

  @Test
  void a_timeout_after_binance_accepted_fails_the_stage_and_the_query_finds_the_order() throws Exception {
    fake.nextPlaceTimesOutAfterAccept();
    fake.silentFor(Duration.ofSeconds(2));
    Throwable t = failure(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    assertInstanceOf(HttpTimeoutException.class, t);
    assertEquals(OrderStatus.WORKING, get(adapter.query(id(1))).status());
    assertEquals(List.of(id(1)), fake.placements(), "sent once");
  }

  @Test
  void a_5xx_before_acceptance_fails_the_stage_and_the_order_is_unknown_to_binance() throws Exception {
    fake.nextRequestFailsWith5xx(false);
    Throwable t = failure(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    assertEquals(500, assertInstanceOf(BinanceApiException.class, t).httpStatus());
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(id(1))).status());
    assertEquals(List.of(), fake.placements());
  }

  @Test
  void a_5xx_after_acceptance_fails_the_stage_never_rejects_and_the_query_finds_the_fill() throws Exception {
    fake.nextRequestFailsWith5xx(true);
    Throwable t = failure(adapter.place(market(1, Side.BUY, "0.2")));
    assertEquals(500, assertInstanceOf(BinanceApiException.class, t).httpStatus());
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, status.fills().size());
    assertEquals(List.of(id(1)), fake.placements());
  }

  @Test
  void an_order_binance_never_received_is_unknown() throws Exception {
    OrderReport.Status status = get(adapter.query(id(9)));
    assertEquals(OrderStatus.UNKNOWN, status.status());
  }

  // --- clock and rate limits ---

  @Test
  void a_clock_skew_minus_1021_resyncs_with_server_time_and_the_refused_request_goes_once_more() throws Exception {
    fake.skewClock(Duration.ofSeconds(30));
    OrderReport report = get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    assertInstanceOf(OrderReport.Accepted.class, report);
    assertTrue(fake.requests().contains("GET /api/v3/time"));
    assertEquals(List.of(id(1)), fake.placements(), "placed once");
  }

  @Test
  void a_429_with_retry_after_is_waited_out_and_no_request_arrives_during_the_wait() throws Exception {
    fake.rateLimitNext(Duration.ofSeconds(1));
    long started = System.nanoTime();
    OrderReport report = get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    assertInstanceOf(OrderReport.Accepted.class, report);
    assertTrue(System.nanoTime() - started >= 900_000_000L, "waited for Retry-After");
    get(adapter.query(id(1)));
    assertEquals(0, fake.rateLimitViolations());
  }

  @Test
  void a_418_ban_fails_the_stage_as_an_unknown_outcome_never_as_a_rejection() throws Exception {
    // another process on the same IP was told to wait; this adapter's limiter could not know
    fake.rateLimitNext(Duration.ofSeconds(2));
    var waiting = adapter.query(id(5)); // answered 429: this adapter waits 2 s, then asks again
    eventually("the 429", () -> fake.requests().stream().filter(r -> r.equals("GET /api/v3/order")).count() == 1);
    BinanceSpotAdapter other = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, SECRET));
    try {
      Throwable t = failure(other.place(limit(1, Side.BUY, "0.5", "95")));
      assertEquals(418, assertInstanceOf(BinanceApiException.class, t).httpStatus());
      assertEquals(1, fake.rateLimitViolations());
      assertEquals(List.of(), fake.placements());
      assertEquals(OrderStatus.UNKNOWN, get(waiting).status(), "the first adapter waited out its Retry-After");
      assertEquals(1, fake.rateLimitViolations(), "and did not add a violation");
    } finally {
      other.close();
    }
  }

  @Test
  void binance_error_codes_map_to_refusal_or_unknown_outcome() {
    assertTrue(new BinanceApiException(400, -2010, "Account has insufficient balance for requested action.", null).isRefusal());
    assertTrue(new BinanceApiException(400, -2010, "Duplicate order sent.", null).isDuplicateOrder());
    assertTrue(new BinanceApiException(400, -1013, "Filter failure: LOT_SIZE", null).isRefusal());
    assertTrue(new BinanceApiException(400, -1021, "Timestamp for this request is outside of the recvWindow.", null).isRefusal());
    assertFalse(new BinanceApiException(400, -1007, "Timeout waiting for response from backend server.", null).isRefusal());
    assertFalse(new BinanceApiException(503, -1008, "Server is currently overloaded", null).isRefusal());
    assertFalse(new BinanceApiException(500, 0, null, null).isRefusal());
    assertFalse(new BinanceApiException(429, -1003, "Too much request weight used", Duration.ofSeconds(1)).isRefusal());
    assertFalse(new BinanceApiException(418, -1003, "IP banned", Duration.ofSeconds(120)).isRefusal());
    assertFalse(new BinanceApiException(403, 0, null, null).isRefusal(), "a WAF block");
  }

  // --- cancels ---

  @Test
  void a_cancel_by_orig_client_order_id_answers_cancelled_and_a_cancel_of_a_filled_order_answers_its_status()
      throws Exception {
    get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    OrderReport cancelled = get(adapter.cancel(id(1), "bot asked"));
    assertEquals(OrderStatus.CANCELLED, get(adapter.query(id(1))).status());
    assertInstanceOf(OrderReport.Cancelled.class, cancelled);
    get(adapter.place(market(2, Side.BUY, "0.1")));
    OrderReport late = get(adapter.cancel(id(2), "too late"));
    assertEquals(OrderStatus.FILLED, assertInstanceOf(OrderReport.Status.class, late).status());
  }

  @Test
  void a_partial_fill_then_a_cancel_reports_the_filled_quantity() throws Exception {
    get(adapter.place(limit(1, Side.BUY, "1", "95")));
    fake.fill(id(1), new BigDecimal("0.4"), new BigDecimal("95"));
    eventually("the partial fill", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Filled));
    OrderReport.Cancelled c = assertInstanceOf(OrderReport.Cancelled.class, get(adapter.cancel(id(1), "enough")));
    assertEquals(0, new BigDecimal("0.4").compareTo(c.filledQuantity()));
    OrderReport.Status status = get(adapter.query(id(1)));
    assertEquals(OrderStatus.CANCELLED, status.status());
    assertEquals(1, status.fills().size());
  }

  // --- the stream ---

  @Test
  void the_adapter_never_calls_the_retired_listen_key_endpoints() throws Exception {
    get(adapter.place(market(1, Side.BUY, "0.1")));
    fake.disconnectStream();
    eventually("resubscribed", () -> adapter.streamSubscriptions() >= 2);
    assertTrue(fake.requests().stream().noneMatch(r -> r.contains("/api/v3/userDataStream")), fake.requests().toString());
    assertTrue(fake.subscribeAttempts() >= 2, "subscribed through the WebSocket API instead");
  }

  @Test
  void fills_while_the_stream_is_down_are_pushed_by_the_gap_fill_after_the_reconnect() throws Exception {
    get(adapter.place(limit(1, Side.BUY, "1", "95")));
    fake.fill(id(1), new BigDecimal("0.2"), new BigDecimal("95"));
    eventually("the first fill", () -> pushedFillIds().size() == 1);
    fake.disconnectStream();
    fake.fill(id(1), new BigDecimal("0.3"), new BigDecimal("95"));
    fake.fill(id(1), new BigDecimal("0.5"), new BigDecimal("95"));
    eventually("all three fills", () -> pushedFillIds().stream().distinct().count() == 3);
    eventually("the order's final status", () -> pushed.stream()
        .anyMatch(r -> r instanceof OrderReport.Status s && s.status() == OrderStatus.FILLED));
    assertEquals(VenueInfo.Connection.CONNECTED, adapter.info().connection());
  }

  @Test
  void a_duplicated_execution_message_arrives_twice_with_the_same_fill_id() throws Exception {
    get(adapter.place(limit(1, Side.BUY, "1", "95")));
    fake.duplicateNextExecution();
    fake.fill(id(1), new BigDecimal("0.2"), new BigDecimal("95"));
    eventually("both copies", () -> pushedFillIds().size() == 2);
    assertEquals(1, pushedFillIds().stream().distinct().count());
  }

  @Test
  void event_stream_terminated_subscribes_again() throws Exception {
    int before = fake.subscribeAttempts();
    fake.push(BinanceRest.JSON.createObjectNode().put("e", "eventStreamTerminated").put("E", fake.serverTime()));
    eventually("subscribed again", () -> fake.subscribeAttempts() == before + 1 && adapter.streamSubscriptions() == 2);
  }

  @Test
  void the_connection_state_is_disconnected_until_reconnected() throws Exception {
    fake.close();
    eventually("disconnected", () -> adapter.info().connection() != VenueInfo.Connection.CONNECTED);
  }

  // --- the account ---

  @Test
  void instruments_read_price_filter_lot_size_and_notional() throws Exception {
    fake.rules(new InstrumentRules("BTC", "BTCUSDT", new BigDecimal("0.01"), new BigDecimal("0.00001"),
        new BigDecimal("0.0001"), new BigDecimal("5")));
    InstrumentRules rules = get(adapter.instruments()).get(0);
    assertEquals("BTC", rules.symbol());
    assertEquals("BTCUSDT", rules.venueSymbol());
    assertEquals(0, new BigDecimal("0.01").compareTo(rules.tickSize()));
    assertEquals(0, new BigDecimal("0.00001").compareTo(rules.lotSize()));
    assertEquals(0, new BigDecimal("0.0001").compareTo(rules.minQuantity()));
    assertEquals(0, new BigDecimal("5").compareTo(rules.minNotional()));
  }

  @Test
  void the_account_reports_balances_cash_buying_power_and_base_asset_positions() throws Exception {
    get(adapter.place(limit(1, Side.BUY, "1", "95")));
    var account = get(adapter.account());
    assertEquals("USDT", account.currency());
    assertEquals(0, new BigDecimal("10000").compareTo(account.cash()), "free plus locked");
    assertEquals(0, new BigDecimal("9905").compareTo(account.buyingPower()), "free only");
    assertEquals(0, new BigDecimal("2").compareTo(account.balances().get("BTC")));
    assertEquals("BTC", account.positions().get(0).symbol());
    assertEquals(0, new BigDecimal("2").compareTo(account.positions().get(0).quantity()));
  }

  @Test
  void open_orders_list_ours_with_our_id_and_external_ones_without() throws Exception {
    get(adapter.place(limit(1, Side.BUY, "0.5", "95")));
    VenueOrderView external = fake.placeExternal(Side.SELL, new BigDecimal("0.3"), new BigDecimal("120"));
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(2, open.size());
    assertEquals(id(1), open.get(0).clientOrderId());
    assertNull(open.get(1).clientOrderId());
    assertEquals(external.venueClientOrderId(), open.get(1).venueClientOrderId());
    assertTrue(open.get(1).isExternal());
  }

  @Test
  void executions_since_a_cursor_are_the_later_trades_ours_and_external() throws Exception {
    get(adapter.place(market(1, Side.BUY, "0.1")));
    var first = get(adapter.executionsSince(null));
    assertEquals(1, first.executions().size());
    assertEquals(id(1), first.executions().get(0).clientOrderId());
    fake.placeExternal(Side.SELL, new BigDecimal("0.2"), null);
    get(adapter.place(market(2, Side.SELL, "0.1")));
    var next = get(adapter.executionsSince(first.cursor()));
    assertEquals(2, next.executions().size());
    assertNull(next.executions().get(0).clientOrderId(), "the external sell");
    assertEquals(id(2), next.executions().get(1).clientOrderId());
    assertEquals(fake.executions().stream().map(VenueExecution::executionId).toList(),
        List.of(first.executions().get(0).executionId(), next.executions().get(0).executionId(),
            next.executions().get(1).executionId()));
    assertEquals(List.of(), get(adapter.executionsSince(next.cursor())).executions());
  }

  @Test
  void info_names_binance_its_mode_and_that_binance_does_not_dedupe_client_order_ids_of_closed_orders() {
    VenueInfo info = adapter.info();
    assertEquals("binance", info.kind());
    assertEquals(VenueMode.PAPER, info.mode());
    assertEquals("test-account", info.account());
    assertFalse(info.dedupesClientOrderIds());
  }

  @Test
  void a_request_signed_with_the_wrong_secret_is_refused_with_minus_1022_and_the_stream_stays_down() throws Exception {
    BinanceSpotAdapter wrong = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, "not-the-secret"));
    try {
      wrong.connect(r -> {});
      var rejected = assertInstanceOf(OrderReport.Rejected.class, get(wrong.place(limit(1, Side.BUY, "0.5", "95"))));
      assertTrue(rejected.reason().contains("-1022"), rejected.reason());
      Thread.sleep(300);
      assertTrue(wrong.info().connection() != VenueInfo.Connection.CONNECTED, "a refused subscription is not connected");
      assertEquals(List.of(), fake.placements());
    } finally {
      wrong.close();
    }
  }

  @Test
  void credentials_never_show_the_secret() {
    BinanceCredentials credentials = BinanceCredentials.of(KEY, SECRET);
    assertFalse(credentials.toString().contains(SECRET));
    assertFalse(credentials.toString().contains(KEY));
    // web-socket-api.md "SIGNED request example (HMAC)", first example
    assertEquals("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24", credentials.sign(
        "apiKey=" + KEY + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC"
            + "&timestamp=1645423376532&type=LIMIT"));
    // rest-api.md "SIGNED Endpoint Examples for POST /api/v3/order", HMAC, first example
    assertEquals("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", credentials.sign(
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"));
  }
}
