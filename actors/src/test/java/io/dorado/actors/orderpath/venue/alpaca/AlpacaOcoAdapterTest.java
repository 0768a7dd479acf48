package io.dorado.actors.orderpath.venue.alpaca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's OCO on an Alpaca equity ("OCO Orders"): the exit pair's request, its two legs (the take-profit parent
 * with our client order id, the stop-loss leg Alpaca names), their fills and cancels as one order of ours, refusals
 * answered Rejected (nothing rests: the bot places its protection again), and no OCO for crypto.
 */
class AlpacaOcoAdapterTest {
  private static final String VENUE = "alpaca-equity";
  private static final ClientOrderId OCO = ClientOrderId.of("bot1", 2);

  private FakeAlpaca fake;
  private AlpacaAdapter adapter;
  private final ConcurrentLinkedQueue<OrderReport> pushed = new ConcurrentLinkedQueue<>();

  private void start() throws Exception {
    fake = FakeAlpaca.equity("AAPL");
    fake.quote(bd("189.90"), bd("190.00"));
    fake.balance("USD", bd("10000"));
    fake.balance("AAPL", bd("10"));
    adapter = newAdapter(Map.of("AAPL", "AAPL"));
    adapter.connect(pushed::add);
    await("trade_updates listening", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
  }

  private AlpacaAdapter newAdapter(Map<String, String> symbols) {
    var settings = AlpacaAdapter.Settings.paper().withEndpoints(fake.restBase(), fake.streamUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    var limiter = VenueRateLimiter.create(VENUE,
        List.of(new VenueRateLimiter.Budget(AlpacaAdapter.rateBudget(), 1_000, Duration.ofSeconds(1))),
        Duration.ofSeconds(5));
    return new AlpacaAdapter(VENUE, "paper-main", VenueMode.BROKER_PAPER,
        VenueCredentials.of(FakeAlpaca.API_KEY, FakeAlpaca.API_SECRET), settings, symbols, limiter, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) adapter.close();
    if (fake != null) fake.close();
  }

  @Test
  void anOcoGoesAsAlpacasExitPairTheTakeProfitCarriesOurIdAndBothLegsRest() throws Exception {
    start();
    OrderReport report = get(adapter.place(oco(OCO, "10", "195", "185")));

    JsonNode body = fake.lastOrderBody();
    assertEquals(FakeAlpaca.JSON.readTree("{\"symbol\":\"AAPL\",\"qty\":\"10\",\"side\":\"sell\",\"type\":\"limit\","
        + "\"time_in_force\":\"gtc\",\"order_class\":\"oco\",\"take_profit\":{\"limit_price\":\"195\"},"
        + "\"stop_loss\":{\"stop_price\":\"185\"},\"client_order_id\":\"dorado_bot1-2\"}"), body,
        "no top-level limit_price or stop_price: the legs carry them");
    List<String> ids = fake.ocoOrderIds(OCO);
    assertEquals(new OrderReport.Accepted(OCO, ids.get(0)), report, "accepted with the take-profit's (the parent's) id");
    assertEquals(Optional.of("limit=new stop=new"), fake.ocoStatusOf(OCO));
    assertEquals(OrderStatus.WORKING, get(adapter.query(OCO)).status());
    assertEquals(1, fake.calls("POST /v2/orders"));
    assertEquals(List.of(OCO), fake.placements());
  }

  @Test
  void theStopLegFillingIsTheOcosFillAndTheTakeProfitsCancelIsNotTheOcosEnd() throws Exception {
    start();
    get(adapter.place(oco(OCO, "10", "195", "185")));
    fake.quote(bd("184.90"), bd("185.00")); // the stop is hit: its leg fills at the bid, Alpaca cancels the take-profit
    assertEquals(Optional.of("limit=canceled stop=filled"), fake.ocoStatusOf(OCO));

    await("the stop leg's fill and the OCO's status pushed", () -> pushed.stream().anyMatch(r -> r instanceof OrderReport.Status));
    OrderReport.Filled filled = (OrderReport.Filled) pushed.stream().filter(r -> r instanceof OrderReport.Filled)
        .findFirst().orElseThrow();
    assertEquals(OCO, filled.clientOrderId(), "the leg's Alpaca client_order_id is mapped to ours by its order id");
    assertEquals(0, bd("184.90").compareTo(filled.fill().price()));
    assertFalse(pushed.stream().anyMatch(r -> r instanceof OrderReport.Cancelled),
        "the take-profit's canceled is not pushed as the OCO's: " + pushed);
    OrderReport.Status pushedStatus = (OrderReport.Status) pushed.stream().filter(r -> r instanceof OrderReport.Status)
        .findFirst().orElseThrow();
    assertEquals(OrderStatus.FILLED, pushedStatus.status());

    OrderReport.Status status = get(adapter.query(OCO));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(0, bd("10").compareTo(status.filledQuantity()));
    assertEquals(List.of(filled.fill().fillId()), status.fills().stream().map(Fill::fillId).toList(),
        "the stream's fill and the query's are one (same id)");
  }

  @Test
  void aPartialTakeProfitShrinksTheStopLegAndTheQueryCountsBothLegsFills() throws Exception {
    start();
    get(adapter.place(oco(OCO, "10", "195", "185")));
    fake.fill(OCO, bd("4"), bd("195")); // the take-profit (ours) partly fills: the stop-loss is left 6
    assertEquals(OrderStatus.PARTIALLY_FILLED, get(adapter.query(OCO)).status());
    fake.quote(bd("184.90"), bd("185.00")); // the stop-loss leg, left 6, fills at the bid

    OrderReport.Status status = get(adapter.query(OCO));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(0, bd("10").compareTo(status.filledQuantity()), status.toString());
    List<String> quantities = new ArrayList<>();
    for (Fill f : status.fills()) quantities.add(f.quantity().stripTrailingZeros().toPlainString() + "@" + f.price().toPlainString());
    assertEquals(List.of("4@195", "6@184.90"), quantities);
    assertEquals(0, fake.position().signum(), "flat at Alpaca");
  }

  @Test
  void aCancelDeletesTheParentAndAlpacaCancelsTheWholePair() throws Exception {
    start();
    get(adapter.place(oco(OCO, "10", "195", "185")));
    OrderReport report = get(adapter.cancel(OCO, "trade closed by the bot"));
    assertEquals(new OrderReport.Cancelled(OCO, BigDecimal.ZERO, "trade closed by the bot"), report);
    assertEquals(Optional.of("limit=canceled stop=canceled"), fake.ocoStatusOf(OCO));
    assertEquals(1, fake.calls("DELETE /v2/orders/{id}"));
    assertEquals(OrderStatus.CANCELLED, get(adapter.query(OCO)).status());
    await("no leg's cancel pushed as the OCO's end before both are over", () -> pushed.stream()
        .anyMatch(r -> r instanceof OrderReport.Status s && s.status() == OrderStatus.CANCELLED));
  }

  @Test
  void aRefusalIsRejectedNothingRestsAndTheQuerySaysSoTheBotKnowsThePositionIsUnprotected() throws Exception {
    start();
    // 422: the stop above the market (Alpaca's "Threshold on stop price of stop-loss orders")
    OrderReport above = get(adapter.place(oco(OCO, "10", "195", "190.50")));
    assertInstanceOf(OrderReport.Rejected.class, above);
    assertTrue(((OrderReport.Rejected) above).reason().contains("stop_loss.stop_price"), above.toString());
    assertEquals(RejectionKind.OTHER, ((OrderReport.Rejected) above).kind());
    assertEquals(Optional.empty(), fake.ocoStatusOf(OCO), "nothing rests at Alpaca");
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(OCO)).status(), "the venue actor learns nothing protects");
    // 403: more shares than the position holds (an OCO is an exit only)
    ClientOrderId more = ClientOrderId.of("bot1", 3);
    OrderReport tooMany = get(adapter.place(oco(more, "11", "195", "185")));
    assertInstanceOf(OrderReport.Rejected.class, tooMany);
    assertTrue(((OrderReport.Rejected) tooMany).reason().contains("insufficient qty"), tooMany.toString());
    assertEquals(RejectionKind.BALANCE_HELD, ((OrderReport.Rejected) tooMany).kind(), "the quantity held is not free");
    assertEquals(OrderStatus.UNKNOWN, get(adapter.query(more)).status());
    assertEquals(List.of(), fake.placements());
  }

  @Test
  void openOrdersListTheOcoOnceAsOursItsStopLegIsNotAnExternalOrder() throws Exception {
    start();
    get(adapter.place(oco(OCO, "10", "195", "185")));
    List<VenueOrderView> open = get(adapter.openOrders());
    assertEquals(1, open.size(), open.toString());
    VenueOrderView view = open.get(0);
    assertEquals(OCO, view.clientOrderId());
    assertEquals(OrderType.OCO, view.type());
    assertEquals(0, bd("195").compareTo(view.limitPrice()));
    assertEquals(0, bd("185").compareTo(view.stopPrice()));
  }

  @Test
  void afterARestartTheOcoIsFoundByOurIdAndItsStopLegsFillCountsAsOurs() throws Exception {
    start();
    get(adapter.place(oco(OCO, "10", "195", "185")));
    adapter.close();
    fake.quote(bd("184.90"), bd("185.00")); // the stop-loss leg fills while no adapter runs
    adapter = newAdapter(Map.of("AAPL", "AAPL")); // knows nothing of the legs

    OrderReport.Status status = get(adapter.query(OCO));
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(1, status.fills().size());
    assertEquals(OCO, status.fills().get(0).clientOrderId());
    assertEquals(1, fake.calls("POST /v2/orders"));
    OrderReport again = get(adapter.place(oco(OCO, "10", "195", "185")));
    assertInstanceOf(OrderReport.Status.class, again, "a place of the same id answers its status, sends nothing");
    assertEquals(1, fake.calls("POST /v2/orders"));
  }

  @Test
  void aStopLegReplacedAtAlpacaIsFollowedItsReplacementsFillIsTheOcos() throws Exception {
    start();
    get(adapter.place(oco(OCO, "10", "195", "185")));
    String stopLeg = fake.ocoOrderIds(OCO).get(1);
    // "Replace an order" (PATCH /v2/orders/{order_id}), as someone at Alpaca's dashboard would: the stop raised to 187
    var http = java.net.http.HttpClient.newHttpClient();
    var patch = http.send(java.net.http.HttpRequest.newBuilder(fake.restBase().resolve("/v2/orders/" + stopLeg))
        .header("APCA-API-KEY-ID", FakeAlpaca.API_KEY).header("APCA-API-SECRET-KEY", FakeAlpaca.API_SECRET)
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"stop_price\":\"187\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, patch.statusCode(), patch.body());
    JsonNode replacement = FakeAlpaca.JSON.readTree(patch.body());
    assertEquals(stopLeg, replacement.path("replaces").asText());
    assertEquals(List.of(fake.ocoOrderIds(OCO).get(0), replacement.path("id").asText()), fake.ocoOrderIds(OCO));
    assertEquals(OrderStatus.WORKING, get(adapter.query(OCO)).status());

    fake.quote(bd("186.90"), bd("187.00")); // through the new stop only
    await("the OCO filled by its replaced stop leg", () -> get(adapter.query(OCO)).status() == OrderStatus.FILLED);
    OrderReport.Status status = get(adapter.query(OCO));
    assertEquals(1, status.fills().size(), status.toString());
    assertEquals(0, bd("186.90").compareTo(status.fills().get(0).price()));
  }

  @Test
  void cryptoHasNoOcoAtAlpacaItIsRejectedWithoutSendingAndItsCapabilitiesSaySo() throws Exception {
    start();
    adapter.close();
    adapter = newAdapter(Map.of("AAPL", "AAPL", "BTC", "BTC/USD"));
    Order crypto = new Order(OCO, VENUE, "BTC", Side.SELL, OrderType.OCO, bd("0.1"), bd("52000"), bd("48000"),
        TimeInForce.GTC, true);
    OrderReport report = get(adapter.place(crypto));
    assertInstanceOf(OrderReport.Rejected.class, report);
    assertEquals(0, fake.calls("POST /v2/orders"));
    assertFalse(AlpacaAdapter.capabilitiesFor("BTC/USD").oco());
    assertTrue(AlpacaAdapter.capabilitiesFor("AAPL").oco());
    Order ioc = new Order(OCO, VENUE, "AAPL", Side.SELL, OrderType.OCO, bd("10"), bd("195"), bd("185"),
        TimeInForce.IOC, true);
    assertInstanceOf(OrderReport.Rejected.class, get(adapter.place(ioc)), "an OCO's legs are day or gtc");
    assertEquals(0, fake.calls("POST /v2/orders"));
  }

  private static Order oco(ClientOrderId id, String qty, String target, String stop) {
    return new Order(id, VENUE, "AAPL", Side.SELL, OrderType.OCO, bd(qty), bd(target), bd(stop), TimeInForce.GTC, true);
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
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
