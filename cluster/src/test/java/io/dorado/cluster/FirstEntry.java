package io.dorado.cluster;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * The first entry of a bot just created on a node, sent once: the fleet answers a creation only after the allocator
 * registered the bot (and pushed its budget to the guardian), so the entry must not be denied BUDGET_EXCEEDED
 * (budget 0.00), as it was when the creation was answered first (FleetNodeTest and PaperTwinOnRealVenueTest failed
 * on it in CI).
 */
final class FirstEntry {
  private FirstEntry() {}

  /** Sends {@code <prefix>-1} and waits until the bot holds a position (MONITORING); fails if it met no budget. */
  static BotState enterUntilOpen(FleetOperations ops, String botId, String symbol, BigDecimal price, String prefix,
      String source) throws Exception {
    Bot.Ack ack = ops.ingestSignal(botId, new Signal(prefix + "-1", botId, symbol, SignalAction.ENTER_LONG, price, null,
        null, source, Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(ack instanceof Bot.Accepted, ack.toString());
    return eventually(() -> {
      BotState s = ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
      var outcome = s.data().lastOutcome();
      assertFalse(outcome != null && outcome.reason() != null && outcome.reason().contains("BUDGET_EXCEEDED"),
          "the first entry of a created bot met no budget: " + outcome);
      return s;
    }, s -> s.phase() == Phase.MONITORING);
  }
}
