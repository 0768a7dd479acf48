package io.dorado.cluster.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.risk.DenialReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The live event stream's view of an alert: a pause and a resume name their bot, so {@code ?bot=} finds them. */
class FleetEventViewTest {
  private static final Instant T = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  void aBotPausedByTheExecutionThrottleAndItsResumeBelongToTheBot() {
    var paused = FleetEventView.of(new Alert.BotPaused("btc-flood", DenialReason.EXECUTION_THROTTLE,
        "bot btc-flood asked for 21 trades and orders within 1m > max 20", T));
    assertEquals("btc-flood", paused.botId());
    assertEquals(FleetEventKind.ALERT, paused.kind());
    assertEquals("bot btc-flood paused by the execution throttle until an operator resumes it: bot btc-flood asked for"
        + " 21 trades and orders within 1m > max 20", paused.summary());
    var resumed = FleetEventView.of(new Alert.BotResumed("btc-flood", "http", "loop fixed", T));
    assertEquals("btc-flood", resumed.botId());
    assertEquals("bot btc-flood resumed by http: loop fixed", resumed.summary());
    var stuck = FleetEventView.of(new Alert.CloseFailing("eth-swing", "ETH", new java.math.BigDecimal("0.5"), 100,
        "venue busy", T));
    assertEquals("eth-swing", stuck.botId());
    assertEquals("bot eth-swing cannot close 0.5 ETH: 100 closes failed, last: venue busy", stuck.summary());
  }
}
