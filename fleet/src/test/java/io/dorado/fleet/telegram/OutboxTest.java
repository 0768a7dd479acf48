package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbound queue against a local Bot API server: limits, 429, 5xx, slow answers, a long outage. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxTest {
  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(TestSettings.system()).withName("outbox-test").build();

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  private FakeBotApi server;
  private BotApi api;
  private ActorRef<Outbox.Command> outbox;

  @BeforeEach
  void startServer() throws Exception {
    server = new FakeBotApi();
  }

  @AfterEach
  void stop() {
    if (outbox != null) testKit.stop(outbox);
    if (api != null) api.close();
    server.close();
  }

  private void start(String overrides) {
    TelegramSettings settings = TestSettings.of(server, clock, overrides);
    api = new BotApi(settings);
    outbox = testKit.spawn(Outbox.create(settings, api));
  }

  private void send(long chat, String text) {
    outbox.tell(new Outbox.Enqueue(Outgoing.Send.text(chat, text)));
  }

  private OutboxStats stats() {
    TestProbe<OutboxStats> probe = testKit.createTestProbe(OutboxStats.class);
    outbox.tell(new Outbox.GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  private void awaitDelivered(int count) {
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(count, server.messages().size(), "messages delivered");
      return null;
    });
  }

  private List<FakeBotApi.Received> okSends(Predicate<FakeBotApi.Received> which) {
    return server.received("sendMessage").stream().filter(r -> r.answeredOk() && which.test(r)).toList();
  }

  /** The most requests that arrived within any window of one second. */
  static int busiestSecond(List<FakeBotApi.Received> arrivals) {
    int most = 0;
    for (int i = 0, j = 0; i < arrivals.size(); i++) {
      while (arrivals.get(i).nanos() - arrivals.get(j).nanos() >= 1_000_000_000L) j++;
      most = Math.max(most, i - j + 1);
    }
    return most;
  }

  @Test
  @DisplayName("many chats at once: never more than global-rate messages in any second, every message delivered")
  void keepsTheGlobalRate() {
    start("per-chat-rate = 100\nglobal-rate = 40");
    long t0 = System.nanoTime();
    for (int i = 0; i < 160; i++) send(100 + i % 10, "m" + i);
    awaitDelivered(160);
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<FakeBotApi.Received> arrivals = okSends(r -> true);
    int busiest = busiestSecond(arrivals);
    System.out.printf("outbox: 160 messages to 10 chats in %.2f s (%.1f/s, global limit 40/s), busiest second %d%n",
        seconds, 160 / seconds, busiest);
    assertTrue(busiest <= 40 + 2, "busiest second had " + busiest + " messages");
    for (long chat = 100; chat < 110; chat++) {
      long c = chat;
      List<String> texts = server.messagesTo(c).stream().map(FakeBotApi.Message::text).toList();
      List<String> expected = IntStream.range(0, 160).filter(i -> 100 + i % 10 == c).mapToObj(i -> "m" + i).toList();
      assertEquals(expected, texts, "chat " + c + " sees its messages in order");
    }
  }

  @Test
  @DisplayName("a 429 stops sending for retry_after, then the message goes once")
  void honoursRetryAfter() {
    start("");
    server.fault("sendMessage", new FakeBotApi.TooManyRequests(1));
    send(7, "first");
    send(7, "second");
    awaitDelivered(2);
    List<FakeBotApi.Received> sends = server.received("sendMessage");
    assertEquals(3, sends.size(), "one refused attempt and two deliveries: " + sends);
    assertFalse(sends.get(0).answeredOk());
    double waited = (sends.get(1).nanos() - sends.get(0).nanos()) / 1e9;
    assertTrue(waited >= 0.95, "waited " + waited + " s after a retry_after of 1 s");
    assertEquals(List.of("first", "second"), server.messages().stream().map(FakeBotApi.Message::text).toList());
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(1, stats().throttled());
      return null;
    });
  }

  @Test
  @DisplayName("a 502 is retried with growing backoff and the chat's order is kept")
  void retriesBadGatewayWithBackoff() {
    start("");
    server.fault("sendMessage", new FakeBotApi.BadGateway(), new FakeBotApi.BadGateway());
    send(7, "first");
    send(7, "second");
    awaitDelivered(2);
    List<FakeBotApi.Received> sends = server.received("sendMessage");
    assertEquals(4, sends.size(), "two failed attempts, then two deliveries");
    double firstGap = (sends.get(1).nanos() - sends.get(0).nanos()) / 1e9;
    double secondGap = (sends.get(2).nanos() - sends.get(1).nanos()) / 1e9;
    assertTrue(firstGap >= 0.09, "first retry after min-backoff 100 ms, was " + firstGap);
    assertTrue(secondGap >= 0.19, "second retry after 200 ms, was " + secondGap);
    assertEquals(List.of("first", "first", "first", "second"), sends.stream().map(FakeBotApi.Received::text).toList());
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      OutboxStats s = stats();
      assertEquals(2, s.retried());
      assertEquals(2, s.sent());
      return null;
    });
  }

  @Test
  @DisplayName("an answer slower than request-timeout is retried; later messages of the chat wait for it")
  void retriesSlowAnswers() {
    start("request-timeout = 300ms");
    server.fault("sendMessage", new FakeBotApi.Slow(Duration.ofSeconds(1)));
    send(7, "first");
    send(7, "second");
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(3, server.received("sendMessage").size(), "the slow attempt, its retry, and the next message");
      assertTrue(stats().retried() >= 1);
      return null;
    });
    List<String> order = server.received("sendMessage").stream().map(FakeBotApi.Received::text).toList();
    // Like Telegram, the server still delivered the attempt the client gave up on: a timeout is ambiguous.
    assertEquals(List.of("first", "first", "second"), order, "retried after the timeout, then the next");
  }

  @Test
  @DisplayName("while Telegram is down the queue stays bounded, dropping and counting the oldest; the newest go out after")
  void dropsTheOldestWhenDownForLong() {
    start("queue-capacity = 5");
    server.goDown();
    for (int i = 1; i <= 20; i++) send(7, "m" + i);
    testKit.createTestProbe().awaitAssert(WAIT, () -> {
      OutboxStats s = stats();
      assertEquals(5, s.queued() + s.inFlight());
      assertEquals(15, s.dropped());
      return null;
    });
    server.heal();
    awaitDelivered(5);
    assertEquals(List.of("m16", "m17", "m18", "m19", "m20"),
        server.messages().stream().map(FakeBotApi.Message::text).toList());
    assertEquals(15, stats().dropped());
    List<String> attempts = new ArrayList<>(server.received("sendMessage").stream().map(FakeBotApi.Received::text).toList());
    assertTrue(attempts.size() > 5, "it kept trying while Telegram was down");
  }
}
