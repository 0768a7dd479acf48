package io.dorado.actors.orderpath.bot;

import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.ProtectiveOrder;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Optional;

/**
 * The rules of moving the stop that rests at the venue ({@code Bot.MoveStop}): what the bot refuses, and when a move
 * changes nothing. The move itself is a replacement: the new reduce-only stop is placed, and the old one cancelled only
 * once the new one rests ({@link BotTransitions#moveStop}), so the position always has a stop at the venue. A stop
 * inside a native OCO is moved by the venue's own amend where it has one ({@code ProtectionStyle#amendsOcoStop}): a new
 * OCO, the same quantity and target and the new stop, that {@code replaces} the resting one at the venue.
 */
final class StopMoves {
  private StopMoves() {}

  /**
   * {@code stop} on a whole number of {@code tick}s, away from the market: a long's stop down, a short's up (null or
   * non-positive tick: unchanged). Never tighter than asked, so it never crosses the market a trailing stop follows.
   */
  static BigDecimal onTick(BigDecimal stop, BigDecimal tick, boolean isLong) {
    if (stop == null || tick == null || tick.signum() <= 0) return stop;
    BigDecimal ticks = stop.divide(tick, 0, isLong ? java.math.RoundingMode.FLOOR : java.math.RoundingMode.CEILING);
    BigDecimal on = ticks.multiply(tick).stripTrailingZeros();
    return on.scale() < 0 ? on.setScale(0) : on;
  }

  /** The newest stop still protecting (the one a move replaces), or null. */
  static ProtectiveOrder restingStop(BotData d) {
    return d.protecting().stream().filter(ProtectiveOrder::hasStop)
        .max(Comparator.comparing(ProtectiveOrder::clientOrderId)).orElse(null);
  }

  /**
   * Why the stop cannot move to {@code stop} now, or empty when it may; {@code amendsOco}: the venue amends the stop of
   * its native OCO in place.
   */
  static Optional<String> refusal(BotData d, boolean protective, boolean amendsOco, BigDecimal stop) {
    if (!protective) return Optional.of("protective orders are off: the stop is virtual (position management moves it)");
    if (stop == null || stop.signum() <= 0) return Optional.of("a stop move needs a stop price > 0, was " + stop);
    if (d.position().isFlat() || d.structure() != null) return Optional.of("no open position whose stop rests at the venue");
    ProtectiveOrder resting = restingStop(d);
    if (resting == null) return Optional.of("no stop rests at the venue (it is being placed again)");
    ProtectiveOrder.Role role = resting.role();
    String what = role == ProtectiveOrder.Role.OCO ? "OCO" : "stop";
    if (role == ProtectiveOrder.Role.OCO && !amendsOco) {
      return Optional.of("the stop rests with the target in native OCO " + resting.clientOrderId()
          + ": this venue cannot amend it (the position management keeps the move virtual)");
    }
    var replaced = d.protection().stream().filter(p -> p.role() == role && !p.protects()).findFirst();
    if (replaced.isPresent()) { // the guardian lets a bot rest one stop and its replacement, never a third
      return Optional.of(what + " " + replaced.get().clientOrderId() + " is still being cancelled: move again once it is");
    }
    var pending = d.protecting().stream().filter(p -> p.role() == role && !p.accepted()).findFirst();
    if (pending.isPresent() && resting.order().stopPrice().compareTo(stop) != 0) {
      return Optional.of(what + " " + pending.get().clientOrderId() + " is not resting yet: move it once it rests");
    }
    boolean isLong = d.position().quantity().signum() > 0;
    if (role == ProtectiveOrder.Role.OCO && (isLong ? stop.compareTo(resting.order().limitPrice()) >= 0
        : stop.compareTo(resting.order().limitPrice()) <= 0)) {
      return Optional.of("a stop at " + stop.toPlainString() + " is at or beyond OCO " + resting.clientOrderId()
          + "'s target " + resting.order().limitPrice().toPlainString() + ": close instead");
    }
    BigDecimal now = resting.order().stopPrice();
    if (isLong ? stop.compareTo(now) < 0 : stop.compareTo(now) > 0) {
      return Optional.of("a stop never loosens: " + stop.toPlainString() + " is further from the market than the resting "
          + now.toPlainString());
    }
    return Optional.empty();
  }

  /** True when the newest resting stop is already at {@code stop}: nothing to do. */
  static boolean alreadyAt(BotData d, BigDecimal stop) {
    ProtectiveOrder resting = restingStop(d);
    return resting != null && resting.order().stopPrice().compareTo(stop) == 0;
  }
}
