package io.dorado.http;

import static io.dorado.http.ApiServer.WEBHOOK_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalWebhookTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;

  /** The routes' clock: an alert's receipt time, moved by hand. */
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-20T14:30:10Z"));

  @BeforeEach
  void start() {
    server = ApiServer.start(testKit.system(), clock);
    server.fleet.withBot("btc-trend");
    server.fleet.withBot("eth-trend", "ETH", "binance");
    server.fleet.withBot("btc-kraken", "BTC", "kraken");
    server.fleet.withBot("aapl-swing", "AAPL", "paper");
    server.fleet.withBot("sol-trend", "SOL", "binance");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** What a TradingView alert template produces: placeholders quoted, extra fields included. */
  static final String ALERT = """
      {"secret": "%s", "signal_id": "tv-42", "bot_id": "btc-trend", "ticker": "BTC-USD",
       "action": "buy", "market_position": "long", "close": "64000.5", "stop": "62000",
       "timenow": "2026-11-20T14:30:00Z", "exchange": "COINBASE", "interval": "60"}
      """.formatted(WEBHOOK_SECRET);

  @Test
  void an_alert_with_the_secret_becomes_a_signal_for_its_bot() {
    var reply = server.post("/api/v1/signals", null, ALERT);
    assertEquals(202, reply.status(), reply.body());
    assertEquals("accepted", reply.json().path("outcome").asText());
    assertEquals("SIGNAL_RECEIVED", reply.json().path("phase").asText());

    assertEquals(1, server.fleet.ingested.size());
    var signal = server.fleet.ingested.get(0);
    assertEquals("tv-42", signal.signalId());
    assertEquals(SignalAction.ENTER_LONG, signal.action());
    assertEquals(new BigDecimal("64000.5"), signal.price());
    assertEquals(new BigDecimal("62000"), signal.stop());
    assertEquals("webhook", signal.source());
    assertEquals(Instant.parse("2026-11-20T14:30:00Z"), signal.at());
  }

  @Test
  void a_price_with_an_absurd_exponent_is_400_naming_the_field_and_nothing_is_ingested() {
    // Without a signal id, the derived id writes the price plainly: a billion digits.
    var reply = server.post("/api/v1/signals", null, ALERT.replace("\"64000.5\"", "\"1e999999999\"")
        .replace("\"signal_id\": \"tv-42\", ", ""));
    assertEquals(400, reply.status(), reply.body());
    assertTrue(reply.reason().contains("a decimal of at most 50 digits"), reply.body());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void a_repeated_delivery_changes_nothing_and_says_so() {
    assertEquals(202, server.post("/api/v1/signals", null, ALERT).status());
    var again = server.post("/api/v1/signals", null, ALERT);
    assertEquals(200, again.status());
    assertEquals("already_processed", again.json().path("outcome").asText());
    assertTrue(again.json().path("detail").asText().contains("tv-42"));
    assertEquals(1, server.fleet.ingested.size());
  }

  @Test
  void a_missing_or_wrong_secret_is_401_and_nothing_is_ingested() {
    var wrong = server.post("/api/v1/signals", null, ALERT.replace(WEBHOOK_SECRET, "guess"));
    assertEquals(401, wrong.status());
    var missing = server.post("/api/v1/signals", null, ALERT.replace("\"secret\": \"" + WEBHOOK_SECRET + "\",", ""));
    assertEquals(401, missing.status());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void the_secret_may_come_in_a_header_and_the_body_as_text_plain_like_tradingview_sends_it() {
    String noSecret = ALERT.replace("\"secret\": \"" + WEBHOOK_SECRET + "\",", "");
    var reply = server.send(HttpMethods.POST, "/api/v1/signals", null, noSecret, ContentTypes.TEXT_PLAIN_UTF8,
        RawHeader.create(SignalRoutes.SECRET_HEADER, WEBHOOK_SECRET));
    assertEquals(202, reply.status(), reply.body());
  }

  @Test
  void a_flat_market_position_is_an_exit_and_sell_enters_short() {
    server.post("/api/v1/signals", null, ALERT.replace("tv-42", "tv-43").replace("\"long\"", "\"flat\"").replace("buy", "sell"));
    server.post("/api/v1/signals", null, ALERT.replace("tv-42", "tv-44").replace("buy", "sell").replace("\"long\"", "\"short\""));
    assertEquals(SignalAction.EXIT, server.fleet.ingested.get(0).action());
    assertEquals(SignalAction.ENTER_SHORT, server.fleet.ingested.get(1).action());
  }

  @Test
  void bad_alerts_are_400_with_a_reason() {
    var badAction = server.post("/api/v1/signals", null, ALERT.replace("\"buy\"", "\"moon\""));
    assertEquals(400, badAction.status());
    assertTrue(badAction.reason().startsWith("action must be one of"), badAction.body());

    var badPrice = server.post("/api/v1/signals", null, ALERT.replace("\"64000.5\"", "\"cheap\""));
    assertEquals(400, badPrice.status());
    assertTrue(badPrice.reason().startsWith("close:") || badPrice.reason().startsWith("price:"), badPrice.body());

    var negative = server.post("/api/v1/signals", null, ALERT.replace("\"64000.5\"", "-1"));
    assertEquals(400, negative.status());
    assertEquals("price must be > 0", negative.reason());

    assertEquals(400, server.post("/api/v1/signals", null, "{not json").status());
    assertEquals(413, server.post("/api/v1/signals", null, ALERT.replace("COINBASE", "x".repeat(100_000))).status());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void an_alert_for_an_unknown_bot_is_404_and_for_a_scan_only_bot_422() {
    var unknown = server.post("/api/v1/signals", null, ALERT.replace("\"btc-trend\"", "\"ghost\""));
    assertEquals(404, unknown.status());

    BotConfig scanOnly = new BotConfig("scanner", FakeFleet.UNIVERSE, "SPY", "paper", null, "iron_condor",
        SignalMode.SCAN, null, FakeFleet.config("x").sizing(), null, null);
    server.fleet.bots.put("scanner", BotEntry.registered(scanOnly, FakeFleet.T0));
    var scan = server.post("/api/v1/signals", null, ALERT.replace("\"btc-trend\"", "\"scanner\""));
    assertEquals(422, scan.status());
    assertEquals("bot 'scanner' takes scan signals only", scan.reason());
    assertEquals(0, server.fleet.ingested.size());
  }

  // ---- TradingView as users send it: the secret's common names, tickers as charts write them, no signal id

  /**
   * TradingView's stock strategy alert, as its docs' placeholders fill it in ({{ticker}} without the exchange,
   * {{exchange}} beside it, {{timenow}} ISO-8601 UTC to the second, prices as fixed-point numbers) and no
   * signal id: there is no placeholder unique per alert.
   */
  static final String STOCK_TRADINGVIEW = """
      {"passphrase": "%s", "bot_id": "eth-trend", "ticker": "ETHUSDT", "exchange": "BINANCE",
       "action": "buy", "market_position": "long", "prev_market_position": "flat", "order_id": "Long Entry",
       "contracts": 0.5, "position_size": 0.5, "price": 3012.45, "interval": "15", "time": "2026-11-20T14:30:05Z"}
      """.formatted(WEBHOOK_SECRET);

  /** The README's ready-to-paste alert message, placeholders and all. */
  static final String README_MESSAGE = """
      {
        "passphrase": "YOUR_WEBHOOK_SECRET",
        "bot_id": "eth-trend",
        "ticker": "{{exchange}}:{{ticker}}",
        "action": "{{strategy.order.action}}",
        "market_position": "{{strategy.market_position}}",
        "price": "{{close}}",
        "time": "{{timenow}}"
      }
      """;

  /** What TradingView sends for {@link #README_MESSAGE} when the strategy buys ETHUSDT on Binance. */
  private static String filledIn(String template, String exchange, String ticker, String action, String position,
      String close, String timenow) {
    return template.replace("YOUR_WEBHOOK_SECRET", WEBHOOK_SECRET).replace("{{exchange}}", exchange)
        .replace("{{ticker}}", ticker).replace("{{strategy.order.action}}", action)
        .replace("{{strategy.market_position}}", position).replace("{{close}}", close).replace("{{timenow}}", timenow);
  }

  /** A minimal alert for {@code botId} on {@code ticker}, with the secret under {@code secretField}. */
  private static String alert(String secretField, String botId, String ticker, String signalId) {
    return """
        {"%s": "%s", %s "bot_id": "%s", "ticker": "%s", "action": "buy", "price": "3000", "time": "2026-11-20T14:30:00Z"}
        """.formatted(secretField, WEBHOOK_SECRET, signalId == null ? "" : "\"signal_id\": \"" + signalId + "\",",
        botId, ticker);
  }

  @Test
  void the_secret_may_come_as_passphrase_password_token_or_webhook_secret_as_alert_senders_name_it() {
    int n = 0;
    for (String field : new String[] {"passphrase", "password", "token", "webhook_secret"}) {
      var reply = server.post("/api/v1/signals", null, alert(field, "eth-trend", "ETH", "tv-pass-" + n++));
      assertEquals(202, reply.status(), field + ": " + reply.body());
    }
    assertEquals(4, server.fleet.ingested.size());
  }

  @Test
  void tickers_as_tradingview_writes_them_map_onto_the_bots_underlying() {
    String[] eth = {"BINANCE:ETHUSDT", "ETHUSDT", "ETHUSD", "ETH/USD", "COINBASE:ETH-USD", "KRAKEN:ETHUSDC", "eth"};
    String[] btc = {"KRAKEN:XBTUSD", "XBT/USD", "BINANCE:BTCUSDT", "BTCUSD", "BITSTAMP:BTCUSD"};
    int n = 0;
    for (String t : eth) {
      var reply = server.post("/api/v1/signals", null, alert("secret", "eth-trend", t, "tv-t" + n++));
      assertEquals(202, reply.status(), t + ": " + reply.body());
    }
    for (String t : btc) {
      var reply = server.post("/api/v1/signals", null, alert("secret", "btc-kraken", t, "tv-t" + n++));
      assertEquals(202, reply.status(), t + ": " + reply.body());
    }
    var equity = server.post("/api/v1/signals", null, alert("secret", "aapl-swing", "NASDAQ:AAPL", "tv-t" + n++));
    assertEquals(202, equity.status(), equity.body());
    // SOL is quoted in USDT: a USD chart of it is worth the same
    var usdChart = server.post("/api/v1/signals", null, alert("secret", "sol-trend", "COINBASE:SOLUSD", "tv-t" + n++));
    assertEquals(202, usdChart.status(), usdChart.body());

    var symbols = server.fleet.ingested.stream().map(s -> s.symbol()).toList();
    assertEquals(eth.length + btc.length + 2, symbols.size(), symbols.toString());
    symbols.subList(0, eth.length).forEach(s -> assertEquals("ETH", s));
    symbols.subList(eth.length, eth.length + btc.length).forEach(s -> assertEquals("BTC", s));
    assertEquals(List.of("AAPL", "SOL"), symbols.subList(symbols.size() - 2, symbols.size()));
  }

  @Test
  void an_entry_while_its_market_is_closed_is_422_with_the_reason_while_an_exit_and_crypto_are_taken() {
    clock.set(Instant.parse("2026-11-21T15:00:00Z")); // a Saturday: US options closed, crypto trading
    var closed = server.post("/api/v1/signals", null, alert("secret", "aapl-swing", "NASDAQ:AAPL", "tv-c1"));
    assertEquals(422, closed.status(), closed.body());
    assertEquals("unprocessable", closed.json().path("error").asText());
    assertTrue(closed.reason().startsWith("market closed: AAPL: us-options closed"), closed.reason());
    assertTrue(closed.reason().contains("next session opens Mon 2026-11-23 09:30"), closed.reason());
    assertEquals(0, server.fleet.ingested.size(), "nothing reached the bot");

    String exit = alert("secret", "aapl-swing", "NASDAQ:AAPL", "tv-c2").replace("\"buy\"", "\"sell\"")
        .replace("\"time\"", "\"market_position\": \"flat\", \"time\"");
    var flat = server.post("/api/v1/signals", null, exit);
    assertEquals(202, flat.status(), "an exit is never held back by the calendar: " + flat.body());
    var crypto = server.post("/api/v1/signals", null, alert("secret", "eth-trend", "BINANCE:ETHUSDT", "tv-c3"));
    assertEquals(202, crypto.status(), "crypto trades 24/7: " + crypto.body());
    assertEquals(List.of(SignalAction.EXIT, SignalAction.ENTER_LONG),
        server.fleet.ingested.stream().map(s -> s.action()).toList());

    clock.set(Instant.parse("2026-11-23T14:30:00Z")); // Monday 09:30 New York: open
    var open = server.post("/api/v1/signals", null, alert("secret", "aapl-swing", "NASDAQ:AAPL", "tv-c4"));
    assertEquals(202, open.status(), open.body());
  }

  @Test
  void a_perpetual_ticker_is_422_since_the_bots_trade_spot() {
    var perp = server.post("/api/v1/signals", null, alert("secret", "eth-trend", "BINANCE:ETHUSDT.P", "tv-p1"));
    assertEquals(422, perp.status(), perp.body());
    assertEquals("unprocessable", perp.json().path("error").asText());
    assertTrue(perp.reason().contains("'BINANCE:ETHUSDT.P' is a perpetual or futures contract"), perp.reason());
    assertTrue(perp.reason().contains("trades ETH spot"), perp.reason());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void a_ticker_of_another_underlying_or_quote_currency_is_422_naming_the_ticker_and_what_was_expected() {
    var other = server.post("/api/v1/signals", null, alert("secret", "eth-trend", "BINANCE:SOLUSDT", "tv-w1"));
    assertEquals(422, other.status(), other.body());
    assertEquals("ticker 'BINANCE:SOLUSDT' is not bot 'eth-trend''s underlying ETH: expected e.g. ETH, ETHUSD, "
        + "ETHUSDT, ETHUSDC, with or without an exchange prefix (BINANCE:)", other.reason());

    // ETHFI is another token, not ETH followed by a quote
    var lookalike = server.post("/api/v1/signals", null, alert("secret", "eth-trend", "ETHFIUSDT", "tv-w2"));
    assertEquals(422, lookalike.status(), lookalike.body());

    var euro = server.post("/api/v1/signals", null, alert("secret", "eth-trend", "KRAKEN:ETHEUR", "tv-w3"));
    assertEquals(422, euro.status(), euro.body());
    assertTrue(euro.reason().startsWith("ticker 'KRAKEN:ETHEUR' is quoted in EUR but bot 'eth-trend''s ETH is "
        + "quoted in USD"), euro.reason());

    var equityPair = server.post("/api/v1/signals", null, alert("secret", "aapl-swing", "AAPLUSDT", "tv-w4"));
    assertEquals(422, equityPair.status(), equityPair.body());
    assertTrue(equityPair.reason().contains("expected e.g. AAPL,"), equityPair.reason());

    var none = server.post("/api/v1/signals", null, alert("secret", "eth-trend", "", "tv-w5"));
    assertEquals(400, none.status(), none.body());
    assertTrue(none.reason().startsWith("ticker is required"), none.reason());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void a_stock_tradingview_message_without_a_signal_id_is_accepted_and_its_resend_is_one_signal() {
    var first = server.post("/api/v1/signals", null, STOCK_TRADINGVIEW);
    assertEquals(202, first.status(), first.body());
    // TradingView resends the same body after a 5xx: the derived id is the same
    var resend = server.post("/api/v1/signals", null, STOCK_TRADINGVIEW);
    assertEquals(200, resend.status(), resend.body());
    assertEquals("already_processed", resend.json().path("outcome").asText());
    // the same content at a later bar is a new signal
    var later = server.post("/api/v1/signals", null, STOCK_TRADINGVIEW.replace("14:30:05Z", "14:45:05Z"));
    assertEquals(202, later.status(), later.body());

    assertEquals(2, server.fleet.ingested.size());
    var signal = server.fleet.ingested.get(0);
    assertTrue(signal.signalId().startsWith("tv-"), signal.signalId());
    assertNotEquals(signal.signalId(), server.fleet.ingested.get(1).signalId());
    assertEquals("ETH", signal.symbol());
    assertEquals(SignalAction.ENTER_LONG, signal.action());
    assertEquals(new BigDecimal("3012.45"), signal.price());
    assertEquals(Instant.parse("2026-11-20T14:30:05Z"), signal.at());
  }

  @Test
  void the_readme_message_filled_in_by_tradingview_is_accepted_as_json_or_as_text_plain() {
    String buy = filledIn(README_MESSAGE, "BINANCE", "ETHUSDT", "buy", "long", "3012.45", "2026-11-20T14:30:05Z");
    var reply = server.post("/api/v1/signals", null, buy);
    assertEquals(202, reply.status(), reply.body());
    // TradingView sends text/plain when it does not take the message for JSON: the same JSON is read
    String exit = filledIn(README_MESSAGE, "BINANCE", "ETHUSDT", "sell", "flat", "3100", "2026-11-20T15:00:05Z");
    var plain = server.send(HttpMethods.POST, "/api/v1/signals", null, exit, ContentTypes.TEXT_PLAIN_UTF8);
    assertEquals(202, plain.status(), plain.body());
    assertEquals(SignalAction.ENTER_LONG, server.fleet.ingested.get(0).action());
    assertEquals(SignalAction.EXIT, server.fleet.ingested.get(1).action());
    assertEquals("ETH", server.fleet.ingested.get(1).symbol());
  }

  /** An alert without {{timenow}}: only its receipt time tells one firing from the next. */
  private static final String NO_TIME = """
      {"secret": "%s", "bot_id": "eth-trend", "ticker": "BINANCE:ETHUSDT", "action": "buy", "price": "3000"}
      """.formatted(WEBHOOK_SECRET);

  @Test
  void without_a_time_of_its_own_the_same_alert_within_the_window_is_one_signal_and_after_it_a_new_one() {
    clock.set(Instant.parse("2026-11-20T14:30:10Z"));
    assertEquals(202, server.post("/api/v1/signals", null, NO_TIME).status());
    clock.advance(Duration.ofSeconds(30));
    var again = server.post("/api/v1/signals", null, NO_TIME);
    assertEquals(200, again.status(), again.body());
    assertEquals("already_processed", again.json().path("outcome").asText());
    clock.advance(Duration.ofSeconds(31)); // 61 s after the first
    var later = server.post("/api/v1/signals", null, NO_TIME);
    assertEquals(202, later.status(), later.body());
    assertEquals(2, server.fleet.ingested.size());
  }

  @Test
  void a_resend_that_straddles_a_window_boundary_is_still_one_signal() {
    clock.set(Instant.parse("2026-11-20T14:30:58Z")); // the 14:30 window
    assertEquals(202, server.post("/api/v1/signals", null, NO_TIME).status());
    clock.advance(Duration.ofSeconds(5)); // TradingView's resend, 5 s later: 14:31:03, the next window
    var resend = server.post("/api/v1/signals", null, NO_TIME);
    assertEquals(200, resend.status(), resend.body());
    assertEquals("already_processed", resend.json().path("outcome").asText());
    assertEquals(1, server.fleet.ingested.size());
  }

  @Test
  void no_secret_or_a_wrong_one_is_401_json_that_never_shows_a_secret() {
    String withoutSecret = alert("note", "eth-trend", "ETHUSDT", "tv-s1");
    var none = server.post("/api/v1/signals", null, withoutSecret);
    assertEquals(401, none.status());
    assertEquals("unauthorized", none.json().path("error").asText());
    assertTrue(none.reason().startsWith("no webhook secret: put it in the alert as \"secret\", \"passphrase\""),
        none.reason());
    assertTrue(none.reason().contains(SignalRoutes.SECRET_HEADER), none.reason());

    var wrong = server.post("/api/v1/signals", null,
        alert("passphrase", "eth-trend", "ETHUSDT", "tv-s2").replace(WEBHOOK_SECRET, "guess-123"));
    assertEquals(401, wrong.status());
    assertEquals("wrong webhook secret", wrong.reason());
    assertFalse(wrong.body().contains("guess-123") || wrong.body().contains(WEBHOOK_SECRET), wrong.body());
    assertEquals(0, server.fleet.ingested.size());
  }

  /** A clock the test sets and moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void set(Instant at) {
      now = at;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
