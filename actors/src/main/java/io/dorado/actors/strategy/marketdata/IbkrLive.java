package io.dorado.actors.strategy.marketdata;

import io.dorado.actors.orderpath.venue.ibkr.IbkrMarketData;
import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Interactive Brokers' market data through the operator's Client Portal gateway ({@link IbkrMarketData}): the
 * WebSocket's {@code smd+<conid>} last price and size as trades (its bid and ask as quotes), IBKR's {@code /iserver/marketdata/history} bars for a
 * gap (those inside it). The symbol is a stock ticker (searched once for its conid, as the IBKR adapter does) or a
 * conid. The gateway's TLS certificate is trusted through the JDK's default trust ({@code javax.net.ssl.trustStore}).
 */
public final class IbkrLive implements LiveVenue {
  private final IbkrMarketData gateway;

  /** @param rest the gateway's REST base (null: https://localhost:5000/v1/api); @param stream its WebSocket (null: derived) */
  public IbkrLive(URI rest, URI stream, Duration timeout) {
    this.gateway = new IbkrMarketData(rest, stream, null, timeout);
  }

  @Override
  public Connection open(String symbol, Sink sink) {
    IbkrMarketData.Feed c = gateway.trades(symbol, new IbkrMarketData.Ticks() {
      @Override
      public void subscribed() {
        sink.connected();
      }

      @Override
      public void trade(Instant at, BigDecimal price, BigDecimal size) {
        sink.trade(new Trade(at, price, size));
      }

      @Override
      public void quote(Instant at, BigDecimal bid, BigDecimal ask) {
        sink.quote(at, bid, ask);
      }

      @Override
      public void alive(Instant at) {
        sink.alive(at);
      }

      @Override
      public void down(String reason) {
        sink.dropped(reason);
      }
    });
    return new Connection() {
      @Override
      public void close() {
        c.close();
      }

      @Override
      public void probe() {
        c.probe();
      }
    };
  }

  /** The smd stream is IBKR's top of book, silent when nothing changes: a ping answered says it is alive. */
  @Override
  public boolean probes() {
    return true;
  }

  @Override
  public List<Bar> history(String symbol, Duration bar, LiveBars.Gap gap) throws IOException, InterruptedException {
    return gateway.history(symbol, bar, gap.from()).stream()
        .filter(b -> !b.start().isBefore(gap.from()) && !b.start().plus(bar).isAfter(gap.to()))
        .map(b -> new Bar(symbol, b.start().plus(bar), bar, b.open(), b.high(), b.low(), b.close(), b.volume()))
        .toList();
  }
}
