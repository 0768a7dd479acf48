package io.dorado.actors.orderpath.venue.binance;

import static io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapterTest.KEY;
import static io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapterTest.SECRET;
import static io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapterTest.get;
import static io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapterTest.id;
import static io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapterTest.limit;
import static io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapterTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.VenueExecution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.binance.BinanceAuthenticated;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.OrderStatus;
import org.knowm.xchange.binance.dto.trade.OrderType;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import si.mazi.rescu.ClientConfig;
import si.mazi.rescu.RestProxyFactory;
import si.mazi.rescu.serialization.jackson.DefaultJacksonObjectMapperFactory;

/**
 * Which of the adapter's REST calls go through XChange's raw Binance interface (its rescu proxy) and which do not,
 * and the measured reasons for the split.
 */
class BinanceXChangeRestTest {

  @Test
  void reads_go_through_xchanges_rescu_proxy_and_orders_by_client_order_id_through_the_jdk_client() throws Exception {
    try (FakeBinance fake = new FakeBinance(KEY, SECRET)) {
      fake.balance("USDT", new BigDecimal("10000"));
      fake.quote(new BigDecimal("99"), new BigDecimal("101"));
      BinanceSpotAdapter adapter = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, SECRET));
      try {
        assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(limit(1, Side.BUY, "0.5", "95"))));
        fake.fill(id(1), new BigDecimal("0.2"), new BigDecimal("95"));
        assertEquals(1, get(adapter.query(id(1))).fills().size());
        assertEquals(1, get(adapter.openOrders()).size());
        assertEquals(1, get(adapter.instruments()).size());
        assertEquals(0, new BigDecimal("0.2").compareTo(get(adapter.account()).balances().get("BTC")));
        assertInstanceOf(OrderReport.Cancelled.class, get(adapter.cancel(id(1), "test")));
      } finally {
        adapter.close();
      }
      // a second adapter (a restart) knows no order: the trade's order is looked up by Binance's order id via XChange
      BinanceSpotAdapter restarted = new BinanceSpotAdapter(settings(fake), BinanceCredentials.of(KEY, SECRET));
      try {
        int lookupsBefore = fake.userAgents("GET /api/v3/order").size();
        ExecutionPage page = get(restarted.executionsSince(null));
        List<VenueExecution> executions = page.executions();
        assertEquals(1, executions.size());
        assertEquals(id(1), executions.get(0).clientOrderId(), "the trade is mapped back to our client order id");
        List<String> lookups = fake.userAgents("GET /api/v3/order");
        assertTrue(lookups.subList(lookupsBefore, lookups.size()).stream().allMatch(BinanceXChangeRestTest::rescu),
            lookups.toString());
      } finally {
        restarted.close();
      }
      for (String read : List.of("GET /api/v3/openOrders", "GET /api/v3/myTrades", "GET /api/v3/account",
          "GET /api/v3/exchangeInfo")) {
        List<String> agents = fake.userAgents(read);
        assertFalse(agents.isEmpty(), read + " was asked");
        assertTrue(agents.stream().allMatch(BinanceXChangeRestTest::rescu), read + " through XChange's proxy: " + agents);
      }
      for (String byClientId : List.of("POST /api/v3/order", "DELETE /api/v3/order")) {
        List<String> agents = fake.userAgents(byClientId);
        assertFalse(agents.isEmpty(), byClientId + " was sent");
        assertTrue(agents.stream().allMatch(a -> a.startsWith("Java-http-client")), byClientId + ": " + agents);
      }
    }
  }

  /** XChange's BinanceHmacDigest shares one Mac between threads; calls in parallel must all carry valid signatures. */
  @Test
  void signed_calls_through_xchange_in_parallel_are_all_signed_correctly() throws Exception {
    try (FakeBinance fake = new FakeBinance(KEY, SECRET)) {
      fake.balance("USDT", new BigDecimal("10000"));
      BinanceSpotAdapter adapter = new BinanceSpotAdapter(
          settings(fake).withTimeouts(Duration.ofSeconds(8), Duration.ofMillis(50), Duration.ofMillis(400)),
          BinanceCredentials.of(KEY, SECRET));
      try {
        List<java.util.concurrent.CompletableFuture<?>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) calls.add(adapter.account().toCompletableFuture());
        for (java.util.concurrent.CompletableFuture<?> call : calls) get(call); // a -1022 would fail here
      } finally {
        adapter.close();
      }
    }
  }

  private static boolean rescu(String userAgent) {
    return userAgent != null && userAgent.startsWith("ResCU");
  }

  /**
   * rest-api.md "Query order (USER_DATA)" response, with the statuses enums.md "Order status" lists beyond XChange
   * 5.2.0's enum, read by a mapper configured as the adapter's rescu proxy configures its own.
   */
  @Test
  void xchanges_order_dto_reads_binances_plain_time_in_force_and_the_statuses_its_enum_lacks() throws Exception {
    ObjectMapper mapper = new DefaultJacksonObjectMapperFactory().createObjectMapper();
    BinanceXChangeDtos.configure(mapper);
    String template = """
        {"symbol": "LTCBTC", "orderId": 1, "orderListId": -1, "clientOrderId": "myOrder1", "price": "0.1",
         "origQty": "1.0", "executedQty": "0.4", "cummulativeQuoteQty": "0.04", "status": "%s",
         "timeInForce": "GTC", "type": "LIMIT", "side": "BUY", "stopPrice": "0.0", "icebergQty": "0.0",
         "time": 1499827319559, "updateTime": 1499827319559, "isWorking": true, "workingTime": 1499827319559,
         "origQuoteOrderQty": "0.000000", "selfTradePreventionMode": "EXPIRE_MAKER"}""";
    BinanceOrder expired = mapper.readValue(template.formatted("EXPIRED_IN_MATCH"), BinanceOrder.class);
    assertEquals(OrderStatus.EXPIRED, expired.status, "expired by self-trade prevention: done, as EXPIRED");
    assertEquals(TimeInForce.GTC, expired.timeInForce);
    assertEquals("myOrder1", expired.clientOrderId);
    assertEquals(OrderStatus.NEW, mapper.readValue(template.formatted("PENDING_NEW"), BinanceOrder.class).status);
    assertEquals(OrderStatus.FILLED, mapper.readValue(template.formatted("FILLED"), BinanceOrder.class).status);
    assertNull(mapper.readValue(template.formatted("NEW").replace("\"GTC\"", "\"GTD\""), BinanceOrder.class).timeInForce);
  }

  /**
   * Why placement does not go through XChange's proxy: rescu sends on {@link java.net.HttpURLConnection}, which
   * (unless the JVM runs with {@code -Dsun.net.http.retryPost=false}, a process-wide setting read once) sends a POST
   * again, same body, same signature, when the connection drops after the request went out: a blind re-send of an
   * order Binance may have accepted. The JDK's {@link HttpClient} that {@link BinanceRest#signed} uses sends it once.
   */
  @Test
  void a_dropped_connection_makes_xchanges_proxy_send_an_order_twice_and_the_adapters_client_once() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger posts = new AtomicInteger();
      Thread accepting = new Thread(() -> acceptAndDrop(server, posts), "dropping-server");
      accepting.setDaemon(true);
      accepting.start();
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());

      ClientConfig config = new ClientConfig();
      config.setHttpConnTimeout(2000);
      config.setHttpReadTimeout(2000);
      BinanceAuthenticated xchange = RestProxyFactory.createProxy(BinanceAuthenticated.class, base.toString(), config);
      BinanceCredentials credentials = BinanceCredentials.of(KEY, SECRET);
      try {
        xchange.newOrder("BTCUSDT", OrderSide.BUY, OrderType.MARKET, null, new BigDecimal("0.1"), null, null,
            "bot-a-1", null, null, null, BinanceNewOrder.NewOrderResponseType.FULL, 5000L, System::currentTimeMillis,
            KEY, credentials.xchangeSigner());
      } catch (IOException expected) {
        // the connection dropped: the outcome is unknown
      }
      assertEquals(2, posts.getAndSet(0), "XChange's proxy (rescu on HttpURLConnection) sent the order again");

      BinanceRest rest = new BinanceRest(HttpClient.newHttpClient(), base, credentials,
          VenueRateLimiter.binanceSpot("binance-test", Duration.ofSeconds(1)), Duration.ofSeconds(2),
          Duration.ofSeconds(5), System::currentTimeMillis);
      try {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", "BTCUSDT");
        params.put("side", "BUY");
        params.put("type", "MARKET");
        params.put("quantity", "0.1");
        params.put("newClientOrderId", "bot-a-1");
        try {
          get(rest.signed("POST", "/api/v3/order", params, 1));
        } catch (Exception expected) {
          // the connection dropped: the outcome is unknown, for the venue actor to query
        }
        Thread.sleep(200); // a re-send, had there been one, would have arrived by now
        assertEquals(1, posts.get(), "the adapter's client sent the order once");
      } finally {
        rest.close();
      }
    }
  }

  /** Reads each request whole, then closes the connection without answering: accepted, and the answer lost. */
  private static void acceptAndDrop(ServerSocket server, AtomicInteger posts) {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String requestLine = in.readLine();
        if (requestLine == null) continue;
        int length = 0;
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
          if (header.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(header.substring(15).trim());
        }
        for (int i = 0; i < length; i++) in.read();
        if (requestLine.startsWith("POST ")) posts.incrementAndGet();
      } catch (IOException e) {
        // closed
      }
    }
  }
}
