package io.dorado.cluster;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The first entry of a bot just created on a node: a bot has no budget until the allocator's first allocation for
 * it reaches the guardian, so an entry in that window is denied BUDGET_EXCEEDED (budget 0.00). Such a refusal is
 * answered by sending the entry again as a new signal, as its sender would; any other outcome stands.
 */
final class FirstEntry {
  private FirstEntry() {}

  /** Sends {@code <prefix>-1}, {@code <prefix>-2}, ... until the bot holds a position (MONITORING). */
  static BotState enterUntilOpen(FleetOperations ops, String botId, String symbol, BigDecimal price, String prefix,
      String source) throws Exception {
    var signals = new AtomicInteger();
    return eventually(() -> {
      BotState s = ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
      var outcome = s.data().lastOutcome();
      boolean noBudgetYet = outcome != null && outcome.reason() != null && outcome.reason().contains("BUDGET_EXCEEDED");
      if (s.phase() == Phase.IDLE && (signals.get() == 0 || noBudgetYet) && signals.get() < 20) {
        Bot.Ack ack = ops.ingestSignal(botId, new Signal(prefix + "-" + signals.incrementAndGet(), botId, symbol,
            SignalAction.ENTER_LONG, price, null, null, source, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(ack instanceof Bot.Accepted, ack.toString());
      }
      return s;
    }, s -> s.phase() == Phase.MONITORING);
  }
}
