package io.dorado.protocol.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The live venue kinds of {@code data_config.sources}: read from YAML as the fleet reads it, refused with clear errors. */
class MarketDataSourceTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().addModule(new JavaTimeModule()).build();

  private static MarketDataSource read(String yaml) throws Exception {
    return YAML.readValue(yaml, MarketDataSource.class);
  }

  private static String refusal(String yaml) {
    var e = assertThrows(ValueInstantiationException.class, () -> read(yaml));
    return e.getCause().getMessage();
  }

  @Test
  void aBinanceAndAKrakenSourceAreReadWithTheirSymbolBarAndUrlOverrides() throws Exception {
    var binance = read("type: binance\nsymbol: BTCUSDT\nbar: PT1M\nrest_url: http://127.0.0.1:9001\nstream_url: ws://127.0.0.1:9002/\n");
    assertEquals(MarketDataSource.Kind.BINANCE, binance.type());
    assertEquals("BTCUSDT", binance.symbol());
    assertEquals(Duration.ofMinutes(1), binance.bar());
    assertEquals("http://127.0.0.1:9001", binance.restUrl());
    assertEquals("ws://127.0.0.1:9002/", binance.streamUrl());
    assertTrue(binance.type().live());

    var kraken = read("type: kraken\nsymbol: XBT/USD\nbar: PT5M\n");
    assertEquals(MarketDataSource.Kind.KRAKEN, kraken.type());
    assertEquals("XBT/USD", kraken.symbol());
    assertEquals(null, kraken.restUrl(), "the venue's public endpoint");
  }

  @Test
  void aLiveSourceWithoutSymbolOrBarOrWithABarTheVenueHasNoHistoryForIsRefusedSayingWhy() {
    assertEquals("symbol: is required for binance (the venue's symbol, e.g. BTCUSDT)", refusal("type: binance\nbar: PT1M\n"));
    assertEquals("bar: is required for kraken (the time-bar length, e.g. PT1M)", refusal("type: kraken\nsymbol: XBT/USD\n"));
    assertEquals("bar: binance has no kline interval of PT7S (1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w)",
        refusal("type: binance\nsymbol: BTCUSDT\nbar: PT7S\n"));
    assertEquals("bar: must be a positive whole number of seconds (was PT0.5S)",
        refusal("type: kraken\nsymbol: XBT/USD\nbar: PT0.5S\n"));
    assertEquals("symbol: a kraken symbol is BASE/QUOTE as its WebSocket names it, e.g. XBT/USD (was XBTUSD)",
        refusal("type: kraken\nsymbol: XBTUSD\nbar: PT1M\n"));
    assertEquals("stream_url: must be a ws:// or wss:// URL (was http://127.0.0.1:1)",
        refusal("type: binance\nsymbol: BTCUSDT\nbar: PT1M\nstream_url: http://127.0.0.1:1\n"));
    assertEquals("symbol, rest_url and stream_url are for the live sources only (binance, kraken, alpaca, oanda, ibkr)",
        refusal("type: http\nurl: http://127.0.0.1:1/bars\nsymbol: BTCUSDT\n"));
  }

  @Test
  void anAlpacaSourceIsReadWithItsFeedAndTheNamesOfItsCredentialVariables() throws Exception {
    var stocks = read("type: alpaca\nsymbol: AAPL\nbar: PT1M\ncredentials_env: { key: ALPACA_KEY_ID, secret: ALPACA_SECRET_KEY }\n");
    assertEquals(MarketDataSource.Kind.ALPACA, stocks.type());
    assertEquals("iex", stocks.feed(), "the free feed by default");
    assertEquals(new MarketDataSource.CredentialsEnv("ALPACA_KEY_ID", "ALPACA_SECRET_KEY"), stocks.credentialsEnv());
    assertTrue(stocks.type().live());
    var env = java.util.Map.of("ALPACA_KEY_ID", "AKID", "ALPACA_SECRET_KEY", "s3cret");
    assertEquals(new MarketDataSource.Credentials("AKID", "s3cret"), stocks.credentials(env::get));
    assertEquals("Credentials[****]", stocks.credentials(env::get).toString(), "never printed");

    var crypto = read("type: alpaca\nsymbol: BTC/USD\nfeed: crypto\nbar: PT5S\nrest_url: http://127.0.0.1:9001\n"
        + "stream_url: ws://127.0.0.1:9002/v1beta3/crypto/us\ncredentials_env: { key: K, secret: S }\n");
    assertEquals("crypto", crypto.feed());
    assertEquals("ws://127.0.0.1:9002/v1beta3/crypto/us", crypto.streamUrl());
  }

  @Test
  void anIbkrSourceIsReadWithItsGatewayUrlsAndABarIbkrHasHistoryFor() throws Exception {
    var aapl = read("type: ibkr\nsymbol: AAPL\nbar: PT1M\nrest_url: https://localhost:5000/v1/api\n"
        + "stream_url: wss://localhost:5000/v1/api/ws\n");
    assertEquals(MarketDataSource.Kind.IBKR, aapl.type());
    assertTrue(aapl.type().live());
    assertEquals("wss://localhost:5000/v1/api/ws", aapl.streamUrl());
    assertEquals(false, aapl.type().needsCredentials(), "the gateway holds the brokerage session");
    assertEquals("bar: ibkr has no history bar size of PT7M (1s, 5s, 10s, 15s, 30s, 1m, 2m, 3m, 5m, 10m, 15m, 30m, 1h, "
        + "2h, 3h, 4h, 8h, 1d)", refusal("type: ibkr\nsymbol: AAPL\nbar: PT7M\n"));
    assertEquals("symbol: is required for ibkr (the venue's symbol, e.g. AAPL, or a conid such as 265598)",
        refusal("type: ibkr\nbar: PT1M\n"));
  }

  @Test
  void anOandaSourceIsReadWithItsAccountAndTokenVariablesAndACandleGranularity() throws Exception {
    var fx = read("type: oanda\nsymbol: EUR_USD\nbar: PT5S\nfeed: live\n"
        + "credentials_env: { account: OANDA_ACCOUNT_ID, token: OANDA_TOKEN }\n");
    assertEquals(MarketDataSource.Kind.OANDA, fx.type());
    assertEquals("live", fx.feed());
    assertEquals(new MarketDataSource.CredentialsEnv("OANDA_ACCOUNT_ID", "OANDA_TOKEN"), fx.credentialsEnv());
    var env = java.util.Map.of("OANDA_ACCOUNT_ID", "101-004-1-001", "OANDA_TOKEN", "t0k");
    assertEquals(new MarketDataSource.Credentials("101-004-1-001", "t0k"), fx.credentials(env::get));
    assertEquals("practice", read("type: oanda\nsymbol: EUR_USD\nbar: PT1M\ncredentials_env: { account: A, token: T }\n")
        .feed(), "the practice hosts by default");
  }

  @Test
  void anAlpacaOrOandaSourceWithoutSymbolOrCredentialNamesOrWithAnUnsetVariableIsRefusedSayingWhich() throws Exception {
    assertEquals("symbol: is required for alpaca (the venue's symbol, e.g. AAPL, or BTC/USD with feed: crypto)",
        refusal("type: alpaca\nbar: PT1M\ncredentials_env: { key: K, secret: S }\n"));
    assertEquals("symbol: is required for oanda (the venue's symbol, e.g. EUR_USD)",
        refusal("type: oanda\nbar: PT1M\ncredentials_env: { account: A, token: T }\n"));
    assertEquals("credentials_env: is required for alpaca (the names of the environment variables holding its key and "
        + "secret, e.g. { key: ALPACA_KEY_ID, secret: ALPACA_SECRET_KEY })", refusal("type: alpaca\nsymbol: AAPL\nbar: PT1M\n"));
    assertEquals("credentials_env: is required for oanda (the names of the environment variables holding its account and "
        + "token, e.g. { account: OANDA_ACCOUNT_ID, token: OANDA_TOKEN })",
        refusal("type: oanda\nsymbol: EUR_USD\nbar: PT1M\ncredentials_env: { account: OANDA_ACCOUNT_ID }\n"));
    assertEquals("bar: oanda has no candle granularity of PT1S (5s, 10s, 15s, 30s, 1m, 2m, 4m, 5m, 10m, 15m, 30m, 1h, 2h, "
        + "3h, 4h, 6h, 8h, 12h, 1d)", refusal("type: oanda\nsymbol: EUR_USD\nbar: PT1S\ncredentials_env: { account: A, token: T }\n"));
    assertEquals("feed: alpaca's feed is iex, sip or crypto (was otc)",
        refusal("type: alpaca\nsymbol: AAPL\nfeed: otc\nbar: PT1M\ncredentials_env: { key: K, secret: S }\n"));
    assertEquals("symbol: an alpaca crypto symbol is BASE/QUOTE, e.g. BTC/USD (was BTCUSD)",
        refusal("type: alpaca\nsymbol: BTCUSD\nfeed: crypto\nbar: PT1M\ncredentials_env: { key: K, secret: S }\n"));
    assertEquals("symbol: an oanda instrument is BASE_QUOTE, e.g. EUR_USD (was EUR/USD)",
        refusal("type: oanda\nsymbol: EUR/USD\nbar: PT1M\ncredentials_env: { account: A, token: T }\n"));
    assertEquals("feed and credentials_env are for alpaca and oanda sources only",
        refusal("type: binance\nsymbol: BTCUSDT\nbar: PT1M\ncredentials_env: { key: K, secret: S }\n"));

    var alpaca = read("type: alpaca\nsymbol: AAPL\nbar: PT1M\ncredentials_env: { key: ALPACA_KEY_ID, secret: ALPACA_SECRET_KEY }\n");
    var unset = assertThrows(IllegalArgumentException.class,
        () -> alpaca.credentials(java.util.Map.of("ALPACA_KEY_ID", "AKID")::get));
    assertEquals("alpaca source AAPL: environment variable ALPACA_SECRET_KEY (credentials_env.secret) is not set",
        unset.getMessage());
    var oanda = read("type: oanda\nsymbol: EUR_USD\nbar: PT1M\ncredentials_env: { account: OANDA_ACCOUNT_ID, token: OANDA_TOKEN }\n");
    assertEquals("oanda source EUR_USD: environment variable OANDA_ACCOUNT_ID (credentials_env.account) is not set",
        assertThrows(IllegalArgumentException.class, () -> oanda.credentials(java.util.Map.<String, String>of()::get))
            .getMessage());
  }
}
