package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sources into a market-data actor: an accelerated replay of real history, and live polling over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayAndPollingTest {
  private final ActorTestKit testKit = ActorTestKit.create("sources", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aReplayPublishesEveryRealBarInOrderAndMovesItsClock() {
    List<Bar> eth = Ta4jHistory.ethUsd5m("ETH");
    var md = testKit.spawn(MarketDataActor.create("ETH", 1000));
    TestProbe<MarketData.Event> sub = testKit.createTestProbe();
    md.tell(new MarketData.Subscribe(sub.ref()));
    // make sure the subscription is in before the replay starts
    TestProbe<MarketData.Bars> sync = testKit.createTestProbe();
    md.tell(new MarketData.GetBars(1, sync.ref()));
    sync.receiveMessage();

    ReplayClock clock = new ReplayClock(eth.get(0).start());
    TestProbe<ReplayActor.Finished> done = testKit.createTestProbe();
    // 5-minute bars at 3,000,000x: 580 bars in well under a second of wall time
    testKit.spawn(ReplayActor.create(eth, md, 3_000_000, 100, clock, done.ref()));
    var seen = new ArrayList<Bar>();
    for (int i = 0; i < eth.size(); i++) seen.add(sub.expectMessageClass(MarketData.BarClosed.class).bar());
    assertEquals(eth, seen);
    ReplayActor.Finished finished = done.receiveMessage();
    assertEquals(580, finished.bars());
    assertEquals(eth.get(579).end(), clock.instant());
  }

  @Test
  void pollingPublishesOnlyNewBarsAndSurvivesAFailedPoll() throws IOException {
    var responses = new ConcurrentLinkedQueue<String>(List.of(
        "[{\"end\": 1700000060000, \"open\": 1, \"high\": 2, \"low\": 0.5, \"close\": 1.5, \"volume\": 10},"
            + " {\"end\": \"2023-11-14T22:15:20Z\", \"open\": 1.5, \"high\": 2, \"low\": 1, \"close\": 1.8}]",
        "FAIL",
        // overlaps the first answer; exchange-style arrays: [open time ms, o, h, l, c, v]
        "[[1700000060000, 1.5, 2, 1, 1.8, 3], [1700000120000, 1.8, 2.2, 1.7, 2.1, 4]]"));
    var queries = new ConcurrentLinkedQueue<String>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ohlcv", exchange -> {
      queries.add(exchange.getRequestURI().getQuery());
      String body = responses.isEmpty() ? "[]" : responses.poll();
      int status = body.equals("FAIL") ? 503 : 200;
      byte[] bytes = (status == 200 ? body : "busy").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ohlcv");
      var feed = new HttpOhlcvFeed(url, Duration.ofMinutes(1), Duration.ofSeconds(5));
      var md = testKit.spawn(MarketDataActor.create("SOL", 100));
      TestProbe<MarketData.Event> sub = testKit.createTestProbe();
      md.tell(new MarketData.Subscribe(sub.ref()));
      TestProbe<MarketData.Bars> sync = testKit.createTestProbe();
      md.tell(new MarketData.GetBars(1, sync.ref()));
      sync.receiveMessage();

      TestProbe<PollingActor.PollDone> polls = testKit.createTestProbe();
      // a long interval: the test drives the polls itself
      var poller = testKit.spawn(PollingActor.create("SOL", feed, Duration.ofHours(1), md, polls.ref()));
      PollingActor.PollDone first = polls.receiveMessage();
      assertEquals(2, first.newBars());
      assertNull(first.error());

      poller.tell(new PollingActor.Poll());
      PollingActor.PollDone failed = polls.receiveMessage();
      assertEquals(0, failed.newBars());
      assertNotNull(failed.error());
      assertTrue(failed.error().contains("503"), failed.error());

      poller.tell(new PollingActor.Poll());
      assertEquals(1, polls.receiveMessage().newBars()); // the overlapping bar is not published twice

      List<String> closes = new ArrayList<>();
      for (int i = 0; i < 3; i++) closes.add(sub.expectMessageClass(MarketData.BarClosed.class).bar().close().toPlainString());
      assertEquals(List.of("1.5", "1.8", "2.1"), closes);
      List<String> asked = new ArrayList<>(queries);
      assertEquals("symbol=SOL", asked.get(0));
      // after a failure the next poll asks again from the same point
      assertEquals("symbol=SOL&since=1700000120000", asked.get(1));
      assertEquals("symbol=SOL&since=1700000120000", asked.get(2));
    } finally {
      server.stop(0);
    }
  }
}
