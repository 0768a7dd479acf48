package io.dorado.actors.orderpath.venue.kraken;

import static io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapterTest.await;
import static io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapterTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.VenueInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.kraken.KrakenAuthenticated;
import si.mazi.rescu.ClientConfig;
import si.mazi.rescu.RestProxyFactory;

/**
 * Kraken's private reads through XChange's {@code KrakenAuthenticated} proxy (TradesHistory, QueryTrades,
 * GetWebSocketsToken) and our own signed calls share one nonce sequence and one private lane: FakeKraken refuses
 * every nonce not above the highest it has seen, as Kraken does.
 */
class KrakenXChangeReadsTest {
  private static final String VENUE = "kraken-main";
  private static final String OURS = "dorado-fleet";

  private FakeKraken fake;
  private KrakenSpotAdapter adapter;
  private final Queue<OrderReport> pushed = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeKraken();
    fake.quote(new BigDecimal("50000.0"), new BigDecimal("50010.0"));
    fake.balance(FakeKraken.QUOTE, new BigDecimal("1000000"));
    adapter = KrakenSpotAdapterTest.adapterOn(fake, Duration.ofMillis(500));
    adapter.connect(pushed::add);
    await("the executions stream subscribed", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    await("the first gap-fill", () -> fake.calls("TradesHistory") >= 1);
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    fake.close();
  }

  @Test
  void xchangeReadsAndOurOrdersFromManyThreadsAtOnceNeverSendANonceKrakenRefuses() throws Exception {
    int threads = 8;
    int rounds = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      String bot = "bot-" + t;
      pool.execute(() -> {
        try {
          go.await();
          for (int r = 0; r < rounds; r++) {
            ClientOrderId market = ClientOrderId.of(bot, 2L * r + 1);
            ClientOrderId resting = ClientOrderId.of(bot, 2L * r + 2);
            // ours: AddOrder, AddOrder; ours + XChange: OpenOrders/ClosedOrders then QueryTrades; XChange:
            // TradesHistory; ours: CancelOrder then the cancelled order's query
            assertInstanceOf(OrderReport.Accepted.class,
                get(adapter.place(Order.market(market, VENUE, "BTC", Side.BUY, new BigDecimal("0.01"), false))));
            assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(
                Order.limit(resting, VENUE, "BTC", Side.BUY, new BigDecimal("0.01"), new BigDecimal("40000.0")))));
            OrderReport.Status filled = get(adapter.query(market));
            assertEquals(OrderStatus.FILLED, filled.status());
            assertEquals(1, filled.fills().size(), "the fill read through XChange's QueryTrades");
            ExecutionPage page = get(adapter.executionsSince(null));
            assertTrue(page.executions().stream().anyMatch(x -> market.equals(x.clientOrderId())),
                "the fill read through XChange's TradesHistory");
            assertInstanceOf(OrderReport.Cancelled.class, get(adapter.cancel(resting, "test")));
          }
        } catch (Throwable e) {
          failures.add(bot + ": " + e);
        } finally {
          done.countDown();
        }
      });
    }
    go.countDown();
    Thread.sleep(200);
    fake.disconnectStream(); // the reconnect reads a new token (GetWebSocketsToken) and gap-fills, in between
    assertTrue(done.await(120, TimeUnit.SECONDS), "every thread finished");
    pool.shutdownNow();

    assertEquals(0, fake.invalidNonces(), "nonces Kraken refused (not above the highest it had seen)");
    assertEquals(List.of(), List.copyOf(failures));
    await("the stream back", () -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    assertEquals(2 * threads * rounds, fake.calls("AddOrder"));
    assertEquals(threads * rounds, fake.calls("CancelOrder"));
    assertTrue(fake.calls("QueryTrades") >= threads * rounds);
    // the reconnect's token and its gap-fill go through the same one-at-a-time lane as everything above, after the
    // stream is back: wait for them (the fake's drop now reaches the client at once, so the stream may be back first)
    await("a new token for the reconnect", () -> fake.calls("GetWebSocketsToken") >= 2);
    await("the start's and the reconnect's gap-fills", () -> fake.calls("TradesHistory") >= threads * rounds + 2);
  }

  @Test
  void tradesHistoryQueryTradesAndTheWebSocketTokenAreSentByXChangesProxyAndOrdersByOurs() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-1", 1);
    get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.01"), false)));
    assertEquals(1, get(adapter.query(id)).fills().size());
    get(adapter.executionsSince(null));

    for (String method : List.of("TradesHistory", "QueryTrades", "GetWebSocketsToken")) {
      List<FakeKraken.Request> requests = fake.requests(method);
      assertFalse(requests.isEmpty(), method);
      for (FakeKraken.Request r : requests) {
        // rescu's HttpTemplate sends "ResCU JDK/6 AppleWebKit/535.7 ..." (rescu 3.0, under XChange's proxy)
        assertTrue(r.userAgent() != null && r.userAgent().startsWith("ResCU "), method + " not sent by rescu: " + r);
      }
    }
    // XChange's form: its boolean "trades" parameter is always sent, and the nonce is the interface's last parameter
    assertEquals(List.of("trades", "start", "nonce"), fake.requests("TradesHistory").get(0).parameters());
    assertEquals(List.of("trades", "txid", "nonce"), fake.requests("QueryTrades").get(0).parameters());
    assertEquals(List.of("nonce"), fake.requests("GetWebSocketsToken").get(0).parameters());
    // ours: nonce first, our User-Agent
    get(adapter.account());
    for (String method : List.of("AddOrder", "OpenOrders", "ClosedOrders", "BalanceEx", "TradeBalance")) {
      assertFalse(fake.requests(method).isEmpty(), method);
      for (FakeKraken.Request r : fake.requests(method)) {
        assertEquals(OURS, r.userAgent(), method);
        assertEquals("nonce", r.parameters().get(0), method);
      }
    }
  }

  @Test
  void anInvalidNonceOnAnXChangeReadIsRepairedByTheSameResyncAndReSign() throws Exception {
    int before = fake.calls("TradesHistory");
    fake.skewClock(Duration.ofMinutes(2)); // another session of the key used nonces up to two minutes ahead
    ExecutionPage page = get(adapter.executionsSince(null));
    assertTrue(page.executions().isEmpty());
    assertTrue(fake.invalidNonces() >= 1, "the first TradesHistory was refused");
    assertTrue(fake.calls("TradesHistory") >= before + 2, "and signed again with a nonce past Kraken's clock");
    assertTrue(fake.calls("Time") >= 1);
    // our own next call continues the same, moved, sequence: not refused
    int refused = fake.invalidNonces();
    get(adapter.account());
    assertEquals(refused, fake.invalidNonces());
  }

  /**
   * A measurement, for the class comment of {@link KrakenXChangeReads}: rescu sends on HttpURLConnection, which sends
   * a POST again when the connection drops after the request went out — with the same body, so the same nonce and
   * signature. Kraken refuses such a copy when the first arrived (its nonce is no longer above the highest); for a
   * read, the lane then re-signs it. This is why orders never go through XChange.
   */
  @Test
  void aDroppedConnectionMakesXChangesProxySendTheReadAgainWithTheSameNonce() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Queue<String> bodies = new ConcurrentLinkedQueue<>();
      Thread accepting = new Thread(() -> acceptAndDrop(server, bodies), "dropping-server");
      accepting.setDaemon(true);
      accepting.start();
      ClientConfig config = new ClientConfig();
      config.setHttpConnTimeout(2000);
      config.setHttpReadTimeout(2000);
      KrakenAuthenticated xchange = RestProxyFactory.createProxy(KrakenAuthenticated.class,
          "http://127.0.0.1:" + server.getLocalPort(), config);
      KrakenCredentials credentials = KrakenCredentials.of(FakeKraken.API_KEY, FakeKraken.API_SECRET);
      KrakenNonces nonces = new KrakenNonces(Clock.systemUTC());
      try {
        xchange.tradeHistory(null, false, "0", null, null, credentials.apiKey(), credentials.xchangeDigest(), nonces);
      } catch (IOException expected) {
        // the connection dropped
      }
      List<String> sent = List.copyOf(bodies);
      assertEquals(2, sent.size(), "rescu's HttpURLConnection sent the POST again: " + sent);
      assertEquals(sent.get(0), sent.get(1), "the same body, the same nonce");
      assertTrue(sent.get(0).contains("nonce="), sent.get(0));
    }
  }

  /** Reads each request whole, then closes the connection without answering. */
  private static void acceptAndDrop(ServerSocket server, Queue<String> bodies) {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String requestLine = in.readLine();
        if (requestLine == null) continue;
        int length = 0;
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
          if (header.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(header.substring(15).trim());
        }
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < length; i++) body.append((char) in.read());
        if (requestLine.startsWith("POST ")) bodies.add(body.toString());
      } catch (IOException e) {
        // closed
      }
    }
  }

  @Test
  void krakensRateLimitErrorOnAnXChangeReadHoldsTheGateAndTheReadGoesAgainAfterTheWait() throws Exception {
    ClientOrderId id = ClientOrderId.of("bot-2", 1);
    get(adapter.place(Order.market(id, VENUE, "BTC", Side.BUY, new BigDecimal("0.01"), false)));
    int before = fake.calls("TradesHistory");
    fake.rateLimitNext(Duration.ofMillis(400));
    ExecutionPage page = get(adapter.executionsSince(null));
    assertEquals(1, page.executions().size());
    assertEquals(before + 2, fake.calls("TradesHistory"), "refused once, sent again after the pause");
    assertEquals(0, fake.rateLimitViolations(), "nothing was sent while Kraken's limit held");
  }
}
