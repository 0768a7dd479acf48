package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.PortfolioGreeks;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The option book's greeks and its legs marked to market, on the guardian's state (pure), against hand-computed
 * Black-Scholes figures: AAPL at 100, options expiring at the end of 2026-04-06 seen from 2026-01-05T18:00Z, T = 91.25 /
 * 365 = 0.25 years; a price of 3.9878 for the 100 call (and the 100 put: put-call parity at r = 0) implies σ = 20.0002 %
 * (N(d1) = 0.519939, φ(d1) = 0.398444: delta 0.519939 / −0.480061, gamma 0.0398444, vega 0.199222 per point, theta
 * −0.0218325 per day).
 */
class OptionGreeksTest {
  static final Instant NOW = Instant.parse("2026-01-05T18:00:00Z");
  static final LocalDate EXPIRY = LocalDate.of(2026, 4, 6);
  static final String CALL = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.CALL, d("100")).occ();
  static final String PUT = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.PUT, d("100")).occ();
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** BTC on two venues under two symbols, one underlying; AAPL its own. */
  static final Universe UNIVERSE = new Universe("greeks", List.of(
      new Underlying("AAPL", AssetClass.EQUITY_OPTIONS, "paper", "USD"),
      new Underlying("BTCUSDT", AssetClass.CRYPTO, "binance", "USDT", "BTCUSDT", null, "BTC"),
      new Underlying("XBT/USD", AssetClass.CRYPTO, "kraken", "USD", "XBT/USD", null, "BTC")));

  static GuardianState fill(GuardianState s, String account, String symbol, Side side, String qty, String price) {
    var f = new Fill("f" + SEQ.incrementAndGet(), ClientOrderId.of("bot", SEQ.get()), symbol, side, d(qty), d(price),
        BigDecimal.ZERO, NOW);
    return s.apply(new GuardianEvent.FillRecorded(f, NOW, account));
  }

  static GuardianState mark(GuardianState s, Map<String, BigDecimal> prices, Instant at) {
    return s.apply(new GuardianEvent.PricesMarked(prices, at));
  }

  @Test
  void a_books_greeks_per_underlying_are_the_sum_of_its_legs_at_the_iv_of_their_marks_and_spot_counts_delta_one() {
    var limits = new CrossAssetLimits(RiskPolicy.DEFAULT, Instrument.Lookup.of(UNIVERSE, RiskPolicy.DEFAULT));
    GuardianState s = mark(GuardianState.open(RiskPolicy.DEFAULT, d("100000"), NOW), Map.of("AAPL", d("100")), NOW);
    s = fill(s, "paper", CALL, Side.BUY, "1000", "3.9878"); // 10 contracts long
    s = fill(s, "paper", PUT, Side.SELL, "500", "3.9878"); // 5 contracts short
    s = fill(s, "paper", "AAPL", Side.BUY, "200", "100");

    OptionGreeks.Sum aapl = limits.book(s.account("paper"), NOW).of("AAPL");
    // delta = 200 + 1000 × 0.519939 + 500 × 0.480061 = 959.97; × 100
    assertEquals(959.970, aapl.delta(), 0.01);
    assertEquals(95997.0, aapl.deltaNotional(), 1);
    // gamma = (1000 − 500) × 0.0398444; vega = 500 × 0.199222; theta = 500 × −0.0218325
    assertEquals(19.9222, aapl.gamma(), 0.001);
    assertEquals(99.611, aapl.vega(), 0.01);
    assertEquals(-10.916, aapl.theta(), 0.01);

    PortfolioGreeks report = limits.report(s, NOW);
    PortfolioGreeks.Underlying row = report.accounts().get(0).underlyings().get(0);
    assertEquals("AAPL", row.underlying());
    assertEquals(d("95997.00").doubleValue(), row.deltaNotional().doubleValue(), 1);
    assertEquals(0, report.fleet().underlyings().size(), "a paper account is not in the live fleet");
  }

  @Test
  void two_venue_symbols_of_one_underlying_are_one_row_of_greeks() {
    var limits = new CrossAssetLimits(RiskPolicy.DEFAULT, Instrument.Lookup.of(UNIVERSE, RiskPolicy.DEFAULT));
    GuardianState s = mark(GuardianState.open(RiskPolicy.DEFAULT, d("100000"), NOW),
        Map.of("BTCUSDT", d("50000"), "XBT/USD", d("50010")), NOW);
    s = fill(s, "binance", "BTCUSDT", Side.BUY, "0.5", "50000");
    s = fill(s, "binance", "XBT/USD", Side.SELL, "0.2", "50010");
    var book = limits.book(s.account("binance"), NOW);
    assertEquals(List.of("BTC"), List.copyOf(book.byUnderlying().keySet()));
    assertEquals(0.3, book.of("BTC").delta(), 1e-9);
  }

  @Test
  void an_underlying_move_carries_the_option_leg_to_its_black_scholes_price_and_equity_and_drawdown_see_it() {
    GuardianState s = mark(GuardianState.open(RiskPolicy.DEFAULT, d("100000"), NOW), Map.of("AAPL", d("100")), NOW);
    s = fill(s, "paper", CALL, Side.BUY, "1000", "3.9878");
    Ledger before = s.account("paper").book().ledger();
    assertEquals(0, d("100000").compareTo(before.equity()), "held at its fill price: 100,000 − 3,987.80 + 3,987.80");

    // AAPL 105: the call at σ = 20.0002 % is worth 7.0641 → equity 100,000 + 1000 × (7.0641 − 3.9878) = 103,076.30.
    Map<String, BigDecimal> up = OptionMarks.with(s, "AAPL", d("105"), NOW, 0);
    assertEquals(Map.of("AAPL", d("105"), CALL, d("7.0641")), up);
    s = mark(s, up, NOW);
    assertEquals(0, d("103076.30").compareTo(s.account("paper").book().ledger().equity()));

    // AAPL 95: carried from 7.0641 at 105 (the same σ) to 1.8881 → equity 97,900.30, 5.0215 % below the 103,076.30 peak.
    s = mark(s, OptionMarks.with(s, "AAPL", d("95"), NOW, 0), NOW);
    Ledger after = s.account("paper").book().ledger();
    assertEquals(0, d("1.8881").compareTo(after.lastPrice(CALL)));
    assertEquals(0, d("97900.30").compareTo(after.equity()));
    assertEquals(5.0215, after.drawdownPct().doubleValue(), 0.0001);
  }

  @Test
  void a_venue_mark_of_the_option_itself_is_taken_as_it_is_and_no_option_is_carried_without_an_earlier_underlying_price() {
    GuardianState s = GuardianState.open(RiskPolicy.DEFAULT, d("100000"), NOW);
    s = fill(s, "paper", CALL, Side.BUY, "1000", "3.9878");
    assertEquals(Map.of(CALL, d("5")), OptionMarks.with(s, CALL, d("5"), NOW, 0));
    assertEquals(Map.of("AAPL", d("100")), OptionMarks.with(s, "AAPL", d("100"), NOW, 0),
        "no AAPL price before: no volatility to carry the call with");
    assertTrue(OptionGreeks.years(EXPIRY, NOW) == 0.25);
  }
}
