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
    assertEquals("symbol, rest_url and stream_url are for binance and kraken sources only",
        refusal("type: http\nurl: http://127.0.0.1:1/bars\nsymbol: BTCUSDT\n"));
  }
}
