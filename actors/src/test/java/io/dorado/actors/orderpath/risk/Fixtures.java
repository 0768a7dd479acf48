package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Builders shared by the risk tests. Monday 2026-01-05 10:00 UTC is "now". */
final class Fixtures {
  private Fixtures() {}

  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String VENUE = "paper";
  static final Universe UNIVERSE =
      new Universe("test", List.of(
          new Underlying("AAPL", AssetClass.EQUITY, VENUE, "USD"),
          new Underlying("MSFT", AssetClass.EQUITY, VENUE, "USD"),
          new Underlying("BTC-USD", AssetClass.CRYPTO, VENUE, "USD"),
          new Underlying("EURUSD", AssetClass.FX, VENUE, "USD"),
          // One asset under two venues' symbols: the guardian counts them as one underlying, BTC.
          new Underlying("BTCUSDT", AssetClass.CRYPTO, VENUE, "USDT", "BTCUSDT", null, "BTC"),
          new Underlying("XBT/USD", AssetClass.CRYPTO, "ibkr", "USD", "XBT/USD", null, "BTC")));

  private static final AtomicLong SEQ = new AtomicLong();

  static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  static RiskEngine engine(RiskPolicy policy) {
    return new RiskEngine(policy, Instrument.Lookup.of(UNIVERSE, policy));
  }

  /** Orders need no approved review: an acknowledgement is all an order goes through. */
  static RiskPolicy noReview() {
    return new RiskPolicy(null, null, null, new RiskPolicy.Orders(null, null, null, null, null, null, false), null);
  }

  /** The fill {@code fillId} of {@code qty} of {@code order} at {@code price}, no commission, at {@code T0}. */
  static Fill fill(Order order, String fillId, String qty, String price) {
    return new Fill(fillId, order.clientOrderId(), order.symbol(), order.side(), d(qty), d(price), BigDecimal.ZERO, T0);
  }

  /** A portfolio policy that only the check under test can trip. */
  static RiskPolicy.Portfolio loosePortfolio() {
    return new RiskPolicy.Portfolio(d("100"), d("100"), java.util.Map.of(AssetClass.CRYPTO, d("100"),
        AssetClass.FX, d("100"), AssetClass.EQUITY_OPTIONS, d("100")), null, BigDecimal.ZERO);
  }

  /** 100,000 cash, AAPL at 100, MSFT at 200, BTC-USD at 50,000; EURUSD has no price yet. */
  static RiskBook book(RiskPolicy policy) {
    return RiskBook.open(policy, d("100000"), T0)
        .marked("AAPL", d("100"), T0)
        .marked("MSFT", d("200"), T0)
        .marked("BTC-USD", d("50000"), T0);
  }

  static ClientOrderId id(String bot) {
    return ClientOrderId.of(bot, SEQ.incrementAndGet());
  }

  static Order market(String bot, String symbol, Side side, String qty) {
    return Order.market(id(bot), VENUE, symbol, side, d(qty), false);
  }

  static Order reduceOnly(String bot, String symbol, Side side, String qty) {
    return Order.market(id(bot), VENUE, symbol, side, d(qty), true);
  }

  static Order limit(String bot, String symbol, Side side, String qty, String price) {
    return new Order(id(bot), VENUE, symbol, side, OrderType.LIMIT, d(qty), d(price), null, TimeInForce.GTC, false);
  }

  static TradeProposal proposal(String bot, String symbol, Side side, String price, String stop, Sizing sizing,
      Instant at) {
    String signal = "s" + SEQ.incrementAndGet();
    return new TradeProposal(TradeProposal.reviewIdFor(bot, signal), bot, signal, VENUE, symbol, side, d(price),
        stop == null ? null : d(stop), null, sizing, false, at);
  }

  /** The bot's review for {@code qty} was approved (with {@code stop}, may be null). */
  static RiskBook approved(RiskBook book, String bot, String symbol, Side side, String qty, String price, String stop) {
    return book.approved(proposal(bot, symbol, side, price, stop, Sizing.fixedQuantity(d(qty)), T0), d(qty));
  }

  static Fill fill(Order order, String qty, String price, String commission, Instant at) {
    return new Fill("f" + SEQ.incrementAndGet(), order.clientOrderId(), order.symbol(), order.side(), d(qty), d(price),
        commission == null ? null : d(commission), at);
  }

  /** A bot holds {@code qty} of {@code symbol} bought (or sold) at {@code price}, reviewed with {@code stop}. */
  static RiskBook holding(RiskBook book, String bot, String symbol, Side side, String qty, String price, String stop) {
    Order o = market(bot, symbol, side, qty);
    return approved(book, bot, symbol, side, qty, price, stop)
        .acknowledged(o, T0)
        .filled(fill(o, qty, price, null, T0));
  }
}
