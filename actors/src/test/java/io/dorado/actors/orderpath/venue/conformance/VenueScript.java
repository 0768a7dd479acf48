package io.dorado.actors.orderpath.venue.conformance;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What a conformance scenario makes the venue (the vendor's fake, or the paper venue) do, in the venue's own
 * terms: each adapter's fake implements these by speaking its vendor's published protocol (REST answers,
 * WebSocket messages, error codes), so one scenario exercises every adapter's mapping of the same event.
 */
public interface VenueScript {

  /** The instrument's best bid and ask: market orders fill at them, limit orders rest until crossed. */
  void quote(BigDecimal bid, BigDecimal ask);

  /** The rules the venue enforces (and reports through the adapter's instruments()). */
  void rules(InstrumentRules rules);

  /** Free balance of an asset (the quote currency buys, the base asset sells). */
  void balance(String asset, BigDecimal free);

  /** The quote currency of the traded symbol (USDT, USD). */
  String quoteAsset();

  /** The base asset of the traded symbol (BTC, XBT). */
  String baseAsset();

  /**
   * Fills part of a resting order at the venue (as a counterparty would): the execution goes out on the
   * stream (unless the stream is down) and into the account's trade history.
   */
  void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price);

  /** The next order placement is accepted by the venue but its HTTP answer never arrives (the client times out). */
  void nextPlaceTimesOutAfterAccept();

  /** The next request of any kind answers a 5xx; with {@code afterAccept}, a placement is accepted first. */
  void nextRequestFailsWith5xx(boolean afterAccept);

  /** Closes the execution stream now (as a network drop would); the venue keeps trading. */
  void disconnectStream();

  /** The next execution message on the stream is sent twice. */
  void duplicateNextExecution();

  /**
   * The next request answers 429 with Retry-After {@code retryAfter}; a request before that elapses answers
   * 418 (banned) where the vendor does so, and counts as a violation ({@link #rateLimitViolations()}).
   */
  void rateLimitNext(Duration retryAfter);

  /** Requests that arrived while the client was told to wait: must stay zero. */
  int rateLimitViolations();

  /**
   * The venue's clock runs {@code skew} ahead of ours: signed requests outside the vendor's receive window are
   * refused with its timestamp error (Binance -1021, Kraken EAPI:Invalid nonce) until the adapter adjusts.
   */
  void skewClock(Duration skew);

  /** An order placed on the account outside the fleet (by hand on the venue's site): no client order id of ours. */
  VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice);

  /** Every placement the venue accepted, in arrival order, by client order id (a duplicate shows twice). */
  List<ClientOrderId> placements();

  /** Every execution of the account, as the venue records them: the truth the ledger must equal. */
  List<VenueExecution> executions();
}
