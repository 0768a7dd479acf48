package io.dorado.actors.orderpath.venue.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.market.VenueMode;
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
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Alpaca adapter does beyond the conformance kit: auth, ids, the dedupe rule, rules, account, frames. */
class AlpacaAdapterTest {
  private static final String VENUE = "alpaca-paper";

  private FakeAlpaca fake;
  private AlpacaAdapter adapter;
  private final ConcurrentLinkedQueue<OrderReport> pushed = new ConcurrentLinkedQueue<>();

  private void start(boolean binaryFrames) throws Exception {
    fake = new FakeAlpaca(binaryFrames);
    fake.quote(new BigDecimal("50000"), new BigDecimal("50010"));
    fake.balance(FakeAlpaca.QUOTE, new BigDecimal("100000"));
    fake.balance(FakeAlpaca.BASE, new BigDecimal("1"));
    fake.rules(new InstrumentRules(FakeAlpaca.SYMBOL, null, new BigDecimal("0.01"), new BigDecimal("0.0001"),
        new BigDecimal("0.0002"), null));
    adapter = newAdapter();
    adapter.connect(pushed::add);
    await("trade_updates listening", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    await("the first gap-fill", () -> fake.calls("GET /v2/account/activities/FILL") >= 1);
  }

  private AlpacaAdapter newAdapter() {
    var settings = AlpacaAdapter.Settings.paper().withEndpoints(fake.restBase(), fake.streamUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    var limiter = VenueRateLimiter.create(VENUE,
        List.of(new VenueRateLimiter.Budget(AlpacaAdapter.rateBudget(), 1_000, Duration.ofSeconds(1))),
        Duration.ofSeconds(5));
    return new AlpacaAdapter(VENUE, "paper-main", VenueMode.BROKER_PAPER,
        VenueCredentials.of(FakeAlpaca.API_KEY, FakeAlpaca.API_SECRET), settings,
        Map.of(FakeAlpaca.SYMBOL, FakeAlpaca.ALPACA_SYMBOL), limiter, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) adapter.close();
    if (fake != null) fake.close();
  }

  // ---------------------------------------------------------------- auth

  @Test
  void everyRestRequestCarriesTheKeyPairHeadersAndTheStreamAuthenticatesThenListensToTradeUpdates() throws Exception {
    start(true);
    get(adapter.account());
    assertFalse(fake.requestHeaders().isEmpty());
    for (Map<String, String> h : fake.requestHeaders()) {
      assertEquals(FakeAlpaca.API_KEY, h.get("apca-api-key-id"), h.toString());
      assertEquals(FakeAlpaca.API_SECRET, h.get("apca-api-secret-key"));
    }
    List<String> sent = fake.streamMessagesIn();
    JsonNode auth = FakeAlpaca.JSON.readTree(sent.get(0));
    assertEquals("authenticate", auth.path("action").asText());
    assertEquals(FakeAlpaca.API_KEY, auth.path("data").path("key_id").asText());
    assertEquals(FakeAlpaca.API_SECRET, auth.path("data").path("secret_key").asText());
    JsonNode listen = FakeAlpaca.JSON.readTree(sent.get(1));
    assertEquals("listen", listen.path("action").asText());
    assertEquals("trade_updates", listen.path("data").path("streams").path(0).asText());
    assertFalse(adapter.toString().contains(FakeAlpaca.API_SECRET), "no secret in its text: " + adapter);
  }

  @Test
  void theBrokerPaperModeGoesToThePaperEndpointAndLiveToTheLiveOne() {
    assertEquals("https://paper-api.alpaca.markets", AlpacaAdapter.Settings.forMode(VenueMode.BROKER_PAPER).restBase().toString());
    assertEquals("wss://paper-api.alpaca.markets/stream", AlpacaAdapter.Settings.forMode(VenueMode.BROKER_PAPER).streamUrl().toString());
    assertEquals("https://api.alpaca.markets", AlpacaAdapter.Settings.forMode(VenueMode.LIVE).restBase().toString());
    assertEquals("wss://api.alpaca.markets/stream", AlpacaAdapter.Settings.forMode(VenueMode.LIVE).streamUrl().toString());
  }

  // ---------------------------------------------------------------- client order ids

  @Test
  void ourClientOrderIdGoesOutPrefixedAndComesBackAndAnAlpacaUuidIsNeverTakenForOurs() {
    ClientOrderId id = ClientOrderId.of("bot-7.paper", 42);
    assertEquals("dorado_bot-7.paper-42", AlpacaClientOrderIds.toVenue(id).orElseThrow());
    assertEquals(id, AlpacaClientOrderIds.fromVenue("dorado_bot-7.paper-42"));
    // a UUID Alpaca generates whose last group is all digits would parse as "<bot>-<sequence>" without the prefix
    assertNull(AlpacaClientOrderIds.fromVenue("eb9e2aaa-f71a-4f51-b5b4-526143565843"));
    assertNull(AlpacaClientOrderIds.fromVenue("dorado_no-sequence"));
    assertTrue(AlpacaClientOrderIds.toVenue(ClientOrderId.of("b".repeat(121), 1)).isEmpty(), "over 128 characters");
  }

  @Test
  void aClientOrderIdLongerThanAlpacaAcceptsIsRejectedWithoutSending() throws Exception {
    start(true);
    OrderReport report = get(adapter.place(limit(ClientOrderId.of("b".repeat(121), 1), "0.01", "49000")));
    assertInstanceOf(OrderReport.Rejected.class, report);
    assertEquals(0, fake.calls("POST /v2/orders"));
  }

  @Test
  void anOrderPlacedByHandWithAnAllDigitUuidTailIsListedAsExternal() throws Exception {
    start(true);
    VenueOrderView external = fake.placeExternal(Side.BUY, new BigDecimal("0.01"), new BigDecimal("48000"),
        "eb9e2aaa-f71a-4f51-b5b4-526143565843");
    List<VenueOrderView> open = get(adapter.openOrders());
    VenueOrderView listed = open.stream().filter(o -> o.venueOrderId().equals(external.venueOrderId())).findFirst()
        .orElseThrow();
    assertTrue(listed.isExternal(), listed.toString());
    assertEquals(external.venueClientOrderId(), listed.venueClientOrderId());
  }

  // ---------------------------------------------------------------- dedupe

  @Test
  void alpacaIsNotTrustedToDedupeSoAPlaceOfAnIdItAlreadyHasIsAnsweredWithItsStatusAndNothingIsSent() throws Exception {
    start(true);
    assertFalse(adapter.info().dedupesClientOrderIds(), "Alpaca publishes no scope for client_order_id uniqueness");
    fake.uniqueAmongOpenOrdersOnly(true); // what is reported of Alpaca: a filled order's id is accepted again
    Order order = market(ClientOrderId.of("bot1", 1), "0.01");
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(order)));
    await("filled", () -> get(adapter.query(order.clientOrderId())).status() == OrderStatus.FILLED);

    adapter.close(); // a restarted fleet: the new adapter has no memory of the first place
    adapter = newAdapter();
    OrderReport again = get(adapter.place(order));
    OrderReport.Status status = assertInstanceOf(OrderReport.Status.class, again);
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, status.fills().size(), status.toString());
    assertEquals(1, fake.calls("POST /v2/orders"), "the filled order was sent again");
    assertEquals(1, fake.placements().size());
  }

  // ---------------------------------------------------------------- orders and the stream

  @Test
  void aCryptoDayOrderGoesAsGtcWithDecimalStringsAndItsFillArrivesOnceOverBinaryFrames() throws Exception {
    start(true);
    Order order = market(ClientOrderId.of("bot1", 2), "0.01");
    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(order)));
    JsonNode body = fake.lastOrderBody();
    assertEquals("BTC/USD", body.path("symbol").asText());
    assertEquals("gtc", body.path("time_in_force").asText(), "DAY on crypto");
    assertEquals("0.01", body.path("qty").asText());
    assertEquals("market", body.path("type").asText());
    assertEquals("dorado_bot1-2", body.path("client_order_id").asText());
    await("the fill pushed", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Filled));
    OrderReport.Filled filled = (OrderReport.Filled) pushed.stream().filter(r -> r instanceof OrderReport.Filled)
        .findFirst().orElseThrow();
    assertTrue(filled.complete());
    assertEquals(0, new BigDecimal("50010").compareTo(filled.fill().price()));
    assertEquals("BTC", filled.fill().symbol());
    // the REST gap-fill names the same fill the same way, so the venue actor counts it once
    var page = get(adapter.executionsSince(null));
    assertEquals(filled.fill().fillId(), page.executions().get(0).executionId());
    assertEquals(order.clientOrderId(), page.executions().get(0).clientOrderId());
  }

  @Test
  void theLiveEndpointsTextFramesAreReadToo() throws Exception {
    start(false);
    Order order = market(ClientOrderId.of("bot1", 3), "0.01");
    get(adapter.place(order));
    await("the fill pushed", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Filled));
  }

  @Test
  void aCryptoStopOrFokIsRejectedWithoutSendingAndAComboToo() throws Exception {
    start(true);
    Order stop = new Order(ClientOrderId.of("bot1", 4), VENUE, FakeAlpaca.SYMBOL, Side.SELL, OrderType.STOP,
        new BigDecimal("0.01"), null, new BigDecimal("45000"), TimeInForce.GTC, false);
    assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(stop)));
    Order fok = new Order(ClientOrderId.of("bot1", 5), VENUE, FakeAlpaca.SYMBOL, Side.BUY, OrderType.LIMIT,
        new BigDecimal("0.01"), new BigDecimal("49000"), null, TimeInForce.FOK, false);
    assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(fok)));
    assertEquals(0, fake.calls("POST /v2/orders"));
  }

  @Test
  void aCancelFindsTheOrderByClientOrderIdAndDeletesItByAlpacasId() throws Exception {
    start(true);
    Order order = limit(ClientOrderId.of("bot1", 6), "0.01", "49000");
    get(adapter.place(order));
    OrderReport cancelled = get(adapter.cancel(order.clientOrderId(), "the bot changed its mind"));
    assertInstanceOf(OrderReport.Cancelled.class, cancelled);
    assertEquals(1, fake.calls("DELETE /v2/orders/{id}"));
    OrderReport again = get(adapter.cancel(order.clientOrderId(), "again"));
    assertEquals(OrderStatus.CANCELLED, assertInstanceOf(OrderReport.Status.class, again).status());
    assertEquals(1, fake.calls("DELETE /v2/orders/{id}"), "a closed order is not cancelled again");
  }

  // ---------------------------------------------------------------- rules and account

  @Test
  void instrumentRulesComeFromTheCryptoAssetsIncrementsAndMinimum() throws Exception {
    start(true);
    List<InstrumentRules> rules = get(adapter.instruments());
    assertEquals(1, rules.size());
    InstrumentRules r = rules.get(0);
    assertEquals("BTC", r.symbol());
    assertEquals("BTC/USD", r.venueSymbol());
    assertEquals(0, new BigDecimal("0.01").compareTo(r.tickSize()));
    assertEquals(0, new BigDecimal("0.0001").compareTo(r.lotSize()));
    assertEquals(0, new BigDecimal("0.0002").compareTo(r.minQuantity()));
    assertNull(r.minNotional(), "Alpaca publishes no minimum notional in its assets");
  }

  @Test
  void anEquityHasACentTickAndAShareLotUnlessFractionableAndAnUntradableAssetHasNoRules() throws Exception {
    JsonNode aapl = FakeAlpaca.JSON.readTree("""
        {"id":"b0b6dd9d-8b9b-48a9-ba46-b9d54906e415","class":"us_equity","exchange":"NASDAQ","symbol":"AAPL",
         "status":"active","tradable":true,"marginable":true,"shortable":true,"easy_to_borrow":true,"fractionable":true}
        """);
    InstrumentRules fractional = AlpacaAdapter.rulesOf("AAPL", aapl);
    assertEquals(0, new BigDecimal("0.01").compareTo(fractional.tickSize()));
    assertEquals(0, new BigDecimal("0.000000001").compareTo(fractional.lotSize()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) aapl).put("fractionable", false);
    assertEquals(0, BigDecimal.ONE.compareTo(AlpacaAdapter.rulesOf("AAPL", aapl).lotSize()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) aapl).put("tradable", false);
    assertNull(AlpacaAdapter.rulesOf("AAPL", aapl));
  }

  @Test
  void theAccountIsCashEquityBuyingPowerAndPositionsUnderTheUniverseSymbol() throws Exception {
    start(true);
    get(adapter.place(market(ClientOrderId.of("bot1", 7), "0.5")));
    await("filled", () -> fake.position().compareTo(new BigDecimal("1.5")) == 0);
    AccountSnapshot a = get(adapter.account());
    assertEquals("USD", a.currency());
    assertEquals(0, fake.cash().compareTo(a.cash()));
    assertEquals(0, new BigDecimal("100000").subtract(new BigDecimal("25005")).compareTo(a.cash()));
    assertEquals(0, a.cash().compareTo(a.buyingPower()));
    assertTrue(a.equity().compareTo(a.cash()) > 0);
    assertEquals(1, a.positions().size());
    assertEquals("BTC", a.positions().get(0).symbol(), "BTCUSD maps back to the universe symbol");
    assertEquals(0, new BigDecimal("1.5").compareTo(a.positions().get(0).quantity()));
  }

  // ---------------------------------------------------------------- helpers

  private static Order market(ClientOrderId id, String qty) {
    return Order.market(id, VENUE, FakeAlpaca.SYMBOL, Side.BUY, new BigDecimal(qty), false);
  }

  private static Order limit(ClientOrderId id, String qty, String price) {
    return Order.limit(id, VENUE, FakeAlpaca.SYMBOL, Side.BUY, new BigDecimal(qty), new BigDecimal(price));
  }

  private static <T> T get(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
