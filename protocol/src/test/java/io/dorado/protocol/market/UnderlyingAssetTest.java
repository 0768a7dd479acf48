package io.dorado.protocol.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** A universe entry's {@code underlying:}: the asset several venue symbols are (the guardian counts them as one). */
class UnderlyingAssetTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Test
  void two_venue_symbols_name_one_underlying_and_an_entry_without_one_is_its_own() throws Exception {
    var universe = YAML.readValue("""
        id: two-venues
        underlyings:
          - { symbol: BTCUSDT, asset_class: crypto, venue: binance, quote_currency: USDT, underlying: BTC }
          - { symbol: XBT/USD, asset_class: crypto, venue: kraken, underlying: " BTC " }
          - { symbol: ETH, asset_class: crypto, venue: paper }
        """, Universe.class);
    assertEquals("BTC", universe.find("BTCUSDT").orElseThrow().underlying());
    assertEquals("BTC", universe.find("XBT/USD").orElseThrow().underlying());
    assertEquals("ETH", universe.find("ETH").orElseThrow().underlying());
  }
}
