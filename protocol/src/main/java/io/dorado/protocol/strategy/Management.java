package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The position manager's protocol (PRD §3.1 MONITORING): it watches every managed bot that holds a
 * position against the bars of its underlying and the template's management rules, and closes the
 * position through the bot (and so through the guardian) when a rule fires.
 */
public final class Management {
  private Management() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Refresh.class),
    @JsonSubTypes.Type(MarketEvent.class),
    @JsonSubTypes.Type(StatesSeen.class),
    @JsonSubTypes.Type(CloseAnswered.class),
    @JsonSubTypes.Type(GetWatches.class),
    @JsonSubTypes.Type(ReduceAnswered.class),
    @JsonSubTypes.Type(StopMoveAnswered.class),
    @JsonSubTypes.Type(RegistrySeen.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** Internal timer: ask the managed bots for their state (the bots' journal is the truth, not this actor). */
  public record Refresh() implements Command {}

  /** Internal: a bar or quote from a market-data actor. */
  public record MarketEvent(MarketData.Event event) implements Command {}

  /** Internal: the ids of the fleet registry's bots (null: it did not answer), managed from the next refresh on. */
  public record RegistrySeen(List<String> botIds) implements Command {
    public RegistrySeen {
      botIds = botIds == null ? null : List.copyOf(botIds);
    }
  }

  /** Internal: the states of the managed bots that answered. */
  public record StatesSeen(Map<String, BotState> states) implements Command {}

  /** Internal: a bot's answer to a close this manager asked for. */
  public record CloseAnswered(String botId, String reason, Bot.Ack ack) implements Command {}

  public record GetWatches(ActorRef<Watches> replyTo) implements Command {}

  /** Internal: a bot's answer to a partial close (a scaled-exit tranche) this manager asked for. */
  public record ReduceAnswered(String botId, String reductionId, Bot.Ack ack) implements Command {}

  /** Internal: a bot's answer to a move of the stop resting at the venue ({@code Bot.MoveStop}) this manager asked for. */
  public record StopMoveAnswered(String botId, java.math.BigDecimal stop, Bot.Ack ack) implements Command {}

  public record Watches(List<Watch> watches) implements CborSerializable {}

  /**
   * One open position under management.
   *
   * @param openedAt the end of the last bar seen when management began (time exits count in market time,
   *     so they work on an accelerated replay clock)
   * @param best the most favourable price since then (the trailing stop follows it)
   * @param closing a close was asked for and not yet answered
   * @param scaling the scaled exits' progress (null when the template has none)
   */
  public record Watch(
      String botId, String symbol, Side side, BigDecimal entry, BigDecimal stop, BigDecimal target, Instant openedAt,
      BigDecimal best, String closing, Scaling scaling)
      implements CborSerializable {

    public Watch(String botId, String symbol, Side side, BigDecimal entry, BigDecimal stop, BigDecimal target,
        Instant openedAt, BigDecimal best, String closing) {
      this(botId, symbol, side, entry, stop, target, openedAt, best, closing, null);
    }

    public Watch withStop(BigDecimal next, BigDecimal nextBest) {
      return new Watch(botId, symbol, side, entry, next, target, openedAt, nextBest, closing, scaling);
    }

    public Watch closing(String reason) {
      return new Watch(botId, symbol, side, entry, stop, target, openedAt, best, reason, scaling);
    }

    public Watch withScaling(Scaling next) {
      return new Watch(botId, symbol, side, entry, stop, target, openedAt, best, closing, next);
    }
  }

  /**
   * Where a trade's scaled exits stand. Everything but {@code pending} comes from the bot's persisted
   * state (its trade mark and position), so a restarted manager knows which tranches are done.
   *
   * @param tradeId the trade the tranches belong to (tranche ids are {@code <tradeId>/scale-<n>})
   * @param initialStop the stop at entry: R = |entry − initialStop|
   * @param quantity the open quantity (absolute) the bot last reported
   * @param done the reduction ids the bot has started on this trade
   * @param pending a reduction asked for that the bot has not yet been seen to finish
   */
  public record Scaling(String tradeId, BigDecimal initialStop, BigDecimal quantity, List<String> done, String pending)
      implements CborSerializable {
    public Scaling {
      done = done == null ? List.of() : List.copyOf(done);
    }

    public Scaling withPending(String reductionId) {
      return new Scaling(tradeId, initialStop, quantity, done, reductionId);
    }
  }
}
