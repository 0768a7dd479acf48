package io.dorado.protocol.venue;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AcknowledgedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A venue account's public face. Queries and cancels need no acknowledgement; nothing that adds
 * exposure reaches a venue except a {@link Submit} of an order the risk guardian acknowledged and
 * signed. Reports about an order go to the {@code reportTo} of its submission (the bot) and to the
 * guardian the venue actor was created with.
 */
public final class Venue {
  private Venue() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Submit.class),
    @JsonSubTypes.Type(QueryOrder.class),
    @JsonSubTypes.Type(CancelOrder.class),
    @JsonSubTypes.Type(MarketPrice.class),
    @JsonSubTypes.Type(GetOrders.class),
    @JsonSubTypes.Type(OptionInputs.class),
    @JsonSubTypes.Type(ForgetSettled.class),
    @JsonSubTypes.Type(ForgottenThrough.class),
    @JsonSubTypes.Type(Stop.class),
    @JsonSubTypes.Type(GetInfo.class),
    @JsonSubTypes.Type(GetOptionChain.class),
    @JsonSubTypes.Type(GetInstruments.class)
  })
  public sealed interface Command extends CborSerializable {}

  /**
   * What the actor tells itself (adapter answers, timers, the flush of its write batch): declared in the actor's
   * package, package-private there, so only the actor can create them; never sent to another node.
   */
  public non-sealed interface Internal extends Command {}

  /**
   * Send an acknowledged order. Verified (signature, expiry, venue), persisted, then sent once.
   * Answered later on {@code reportTo} with {@link OrderReport.Accepted} and fills, or at once with
   * {@link OrderReport.Rejected} (refused ack) or {@link OrderReport.Status} (a client order id seen
   * before: nothing is sent again).
   */
  public record Submit(AcknowledgedOrder ack, ActorRef<OrderReport> reportTo) implements Command {}

  /** Answered with {@link OrderReport.Status} (UNKNOWN when the venue never received the order). */
  public record QueryOrder(ClientOrderId clientOrderId, ActorRef<OrderReport> reportTo) implements Command {}

  /** Answered with {@link OrderReport.Cancelled}, or the order's status when it can no longer be cancelled. */
  public record CancelOrder(ClientOrderId clientOrderId, String reason, ActorRef<OrderReport> reportTo)
      implements Command {}

  /**
   * The price feed: the latest bid and ask of a symbol. The paper venue fills against it; a real
   * venue adapter ignores it. For a last-trade feed use {@link #last}.
   */
  public record MarketPrice(String symbol, BigDecimal bid, BigDecimal ask, Instant at) implements Command {
    public MarketPrice {
      requiredText(symbol, "symbol");
      required(bid, "bid");
      required(ask, "ask");
      required(at, "at");
      if (bid.signum() <= 0 || ask.signum() <= 0) throw new IllegalArgumentException("prices must be > 0");
      if (bid.compareTo(ask) > 0) throw new IllegalArgumentException("bid " + bid + " is above ask " + ask);
    }

    public static MarketPrice last(String symbol, BigDecimal price, Instant at) {
      return new MarketPrice(symbol, price, price, at);
    }
  }

  /**
   * What the venue's adapter is and how it is connected now ({@link VenueInfo}): the start-up banner and
   * {@code GET /api/v1/venues}. Answered by the node beside the venue actor, from the adapter, never queued
   * behind the venue's writes.
   */
  public record GetInfo(ActorRef<VenueInfo> replyTo) implements Command {}

  /**
   * The scanner's option chain of {@code underlying}: expiries {@code minDte}..{@code maxDte} days after {@code asOf},
   * strikes within {@code band} (a fraction) of the underlying's price. Answered by the node beside the venue actor, from
   * the adapter (never queued behind the venue's writes), with the chain or, for a venue that quotes none or a fetch that
   * failed, a {@link VenueOptionChain#failure}.
   */
  public record GetOptionChain(String underlying, java.time.LocalDate asOf, int minDte, int maxDte, double band,
      ActorRef<VenueOptionChain> replyTo) implements Command {
    public GetOptionChain {
      requiredText(underlying, "underlying");
      required(asOf, "as_of");
      if (minDte < 0 || maxDte < minDte) throw new IllegalArgumentException("dte range " + minDte + ".." + maxDte);
      if (!(band > 0)) throw new IllegalArgumentException("band must be > 0, was " + band);
    }
  }

  /**
   * The venue's instrument rules as its adapter reports them now ({@link VenueInstruments}): {@code GET
   * /api/v1/venues/{venue}/instruments/{symbol}}. Answered beside the venue actor, from the adapter.
   */
  public record GetInstruments(ActorRef<VenueInstruments> replyTo) implements Command {}

  /** Inspection: answered with the whole {@link VenueState} (every order it knows, by client order id). */
  public record GetOrders(ActorRef<VenueState> replyTo) implements Command {}

  /**
   * From the risk guardian, once it has written that it forgot these settled orders (acknowledged before
   * {@code before}): the account forgets each it holds as settled ({@link VenueEvent.SettledForgotten},
   * written only when something would go). Lost, it only leaves those orders remembered.
   */
  public record ForgetSettled(Instant before, List<ClientOrderId> ids) implements Command {
    public ForgetSettled {
      ids = List.copyOf(ids);
    }
  }

  /**
   * From the risk guardian, on its forget timer: per bot, the highest client order id sequence it has forgotten
   * ({@code through}), and the orders of this account at or below those marks it still holds ({@code kept}:
   * working, or settled within the retention). The account forgets every order it holds as settled at or below
   * its bot's mark and not kept: what a lost {@link ForgetSettled} left behind. Idempotent and safe in any order
   * (the guardian never holds again what it forgot); everything forgotten settled before {@code before}.
   */
  public record ForgottenThrough(Instant before, Map<String, Long> through, List<ClientOrderId> kept)
      implements Command {
    public ForgottenThrough {
      through = Map.copyOf(through);
      kept = List.copyOf(kept);
    }
  }

  /**
   * How the cluster stops it (a shard hand-off, a passivation or the node's shutdown): handled after the write in flight (commands
   * are stashed while persisting), and what was decided but not yet written is written (and acted on) first,
   * where Pekko's default PoisonPill would drop it. Its last write is in the journal before the next
   * incarnation recovers.
   */
  public record Stop() implements Command {}

  /**
   * What the paper venue prices an underlying's option legs with (Black-Scholes on the underlying's last
   * quote): the realized volatility the synthetic chain uses (annualised, as a fraction) and the market
   * time of the last bar, which counts the days to expiry (a replay's time, not the node's clock).
   * Real venues have their own option quotes and ignore it.
   */
  public record OptionInputs(String underlying, double realizedVol, Instant marketTime) implements Command {
    public OptionInputs {
      requiredText(underlying, "underlying");
      required(marketTime, "market_time");
      if (!(realizedVol > 0)) throw new IllegalArgumentException("realized_vol must be > 0, was " + realizedVol);
    }
  }
}
