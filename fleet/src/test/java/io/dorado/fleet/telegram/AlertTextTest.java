package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertTextTest {
  private static final Instant T = Instant.parse("2026-11-21T12:00:00Z");
  private static final TradeProposal PROPOSAL = new TradeProposal("eth-1/s1", "eth-1", "s1", "paper", "ETH", Side.SELL,
      new BigDecimal("3100.50"), new BigDecimal("3200"), new BigDecimal("2900"), Sizing.fixedQuantity(BigDecimal.TEN),
      false, T);

  /** One sample of every alert and the text the operator reads. */
  private static final List<Object[]> SAMPLES = List.of(
      new Object[] {new Alert.OrderFilled("eth-1", ClientOrderId.of("eth-1", 3), "ETH", Side.SELL, new BigDecimal("2.50"),
          new BigDecimal("3100.10"), false, T), "◐ Partly filled eth-1: SELL 2.5 ETH @ 3100.1\norder eth-1-3"},
      new Object[] {new Alert.TradeDenied("eth-1", "eth-1/s1", DenialReason.MAX_NOTIONAL, "notional 125000.00 > max 100000.00", T),
          "⛔ Denied eth-1: MAX_NOTIONAL\nnotional 125000.00 > max 100000.00\nreview eth-1/s1"},
      new Object[] {new Alert.OrderDenied("eth-1", ClientOrderId.of("eth-1", 4), DenialReason.TRADING_HALTED, "halted", T),
          "⛔ Order denied eth-1: TRADING_HALTED\nhalted\norder eth-1-4"},
      new Object[] {new Alert.BreakerTripped("daily-loss", "loss 3.1% > 3%", TradingState.HALTED, T),
          "⚡ Breaker tripped: daily-loss → HALTED\nloss 3.1% > 3%"},
      new Object[] {new Alert.TradingStateChanged(TradingState.ACTIVE, TradingState.REDUCING, "telegram:@op", "", T),
          "🚦 Trading ACTIVE → REDUCING by telegram:@op"},
      new Object[] {new Alert.KillSwitchEngaged("telegram:@op", "flash crash", 2, T),
          "🛑 KILL SWITCH engaged by telegram:@op: trading HALTED, 2 working order(s) cancelled\nflash crash"},
      new Object[] {new Alert.ApprovalRequested("eth-1", PROPOSAL, new BigDecimal("10"), new BigDecimal("995.00"),
          Instant.parse("2026-11-21T16:00:00Z"), T),
          "📋 Approval needed: eth-1\nETH Short 3100.5 / SL 3200 / TP 2900\nQuantity 10 · max loss 995.00\n"
              + "Decide by 2026-11-21 16:00 UTC\nreview eth-1/s1"},
      new Object[] {new Alert.TradeClosed("eth-1", "t-9", "ETH", new BigDecimal("-12.5"), "stop", T),
          "🏁 Closed eth-1 ETH: P&L -12.50 (stop)"},
      new Object[] {new Alert.VenueRefused("paper", ClientOrderId.of("eth-1", 5), "bad signature", T),
          "🚨 Venue paper refused order eth-1-5: bad signature"},
      new Object[] {new Alert.OrderForgotten("eth-1", ClientOrderId.of("eth-1", 6), "ETH", BigDecimal.ZERO,
          new BigDecimal("0.50"), "the venue settled and forgot it", T),
          "⚠️ Order forgotten eth-1: eth-1-6 failed; position ETH 0 → 0.5 (the guardian's ledger)\nthe venue settled and forgot it"},
      new Object[] {new Alert.DailySummary(LocalDate.parse("2026-11-21"), new BigDecimal("250.5"), new BigDecimal("100250.5"), 3, 7, T),
          "📊 Daily summary 2026-11-21\nRealized P&L 250.50 · equity 100250.50\n3 trade(s) closed, 7 fill(s)"},
      new Object[] {new Alert.JournalHealth("127.0.0.1:25520", Alert.JournalHealth.Condition.FAILING,
          "3 probes failed: probe timed out after 5s", T.minusSeconds(30), T),
          "💾 Journal failing on 127.0.0.1:25520 since 2026-11-21 11:59 UTC: trading set to REDUCING\n"
              + "3 probes failed: probe timed out after 5s"},
      new Object[] {new Alert.JournalHealth("127.0.0.1:25520", Alert.JournalHealth.Condition.RECOVERED, "", T.minusSeconds(90), T),
          "💾 Journal recovered on 127.0.0.1:25520 (failing since 2026-11-21 11:58 UTC): trading stays REDUCING until "
              + "an operator sets ACTIVE"},
      new Object[] {new Alert.JournalHealth("127.0.0.1:25520", Alert.JournalHealth.Condition.RESTARTING,
          "the journal plugin stopped", T.minusSeconds(90), T),
          "💾 Journal still failing on 127.0.0.1:25520 (since 2026-11-21 11:58 UTC): the node exits for its orchestrator "
              + "to restart it\nthe journal plugin stopped"},
      new Object[] {new Alert.BotPaused("btc-flood", DenialReason.EXECUTION_THROTTLE,
          "bot btc-flood asked for 21 trades and orders within 1m > max 20: paused until an operator resumes it", T),
          "⏸ btc-flood PAUSED by the execution throttle\n"
              + "bot btc-flood asked for 21 trades and orders within 1m > max 20: paused until an operator resumes it\n"
              + "New entries are denied; exits still pass. To let it trade again: /resumetrading btc-flood"},
      new Object[] {new Alert.BotResumed("btc-flood", "telegram:@op", "Telegram /resumetrading", T),
          "▶ btc-flood may trade again: resumed by telegram:@op\nTelegram /resumetrading"},
      new Object[] {new Alert.AccountMismatch("binance", "binance", "cash: ledger 20000.00, venue 19000.00", T),
          "🏦 Account binance does not reconcile with venue binance: REDUCING\ncash: ledger 20000.00, venue 19000.00\n"
              + "Once checked: /ackaccount binance"},
      new Object[] {new Alert.CloseFailing("eth-swing", "ETH", new BigDecimal("0.5"), 5,
          "cancelled: reduce-only: no long position of eth-swing in ETH to reduce", T),
          "🚨 eth-swing cannot close its position 0.5 ETH: 5 closes failed, it keeps trying\n"
              + "Last: cancelled: reduce-only: no long position of eth-swing in ETH to reduce\n"
              + "Compare the bot's position with the venue's: /accounts"});

  @Test
  @DisplayName("every kind of alert has its own text")
  void everyAlertHasItsText() {
    Set<Class<?>> sampled = SAMPLES.stream().map(s -> s[0].getClass()).collect(Collectors.toSet());
    assertEquals(Set.of(Alert.class.getPermittedSubclasses()), sampled, "a sample for every alert");
    for (Object[] s : SAMPLES) assertEquals(s[1], AlertText.of((Alert) s[0]));
  }

  @Test
  @DisplayName("the approval card's buttons carry a token short enough for Telegram's 64 bytes")
  void approvalButtons() {
    String token = CallbackData.token("a-bot-with-a-long-id-of-sixty-three-characters-aaaaaaaaaaaaaaa", "x/" + "s".repeat(80));
    var data = ApprovalCard.decision(token).rows().get(0).stream().map(Outgoing.Button::data).toList();
    data.forEach(d -> assertTrue(d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 64, d));
    assertEquals(List.of(new CallbackData.Approve(token), new CallbackData.Reject(token)),
        data.stream().map(d -> CallbackData.parse(d).orElseThrow()).toList());
    assertEquals(new CallbackData.Tag(token, 3), CallbackData.parse(CallbackData.tag(token, 3)).orElseThrow());
    assertEquals(new CallbackData.Confirm("n0nce"), CallbackData.parse(CallbackData.confirm("n0nce")).orElseThrow());
    assertEquals(new CallbackData.Cancel("n0nce"), CallbackData.parse(CallbackData.cancel("n0nce")).orElseThrow());
    for (String junk : new String[] {"", "z:1", "t:x:y", "k:soon", "k:1765000000", "a:b:c", "c:", "x", "x:", "c:a:b"}) {
      assertTrue(CallbackData.parse(junk).isEmpty(), junk);
    }
  }
}
