package io.dorado.actors.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.fleet.Stage;
import io.dorado.protocol.market.VenueMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LadderTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final LadderPolicy POLICY = new LadderPolicy(new LadderPolicy.Step(3, new BigDecimal("50"), 0, null),
      new LadderPolicy.Step(2, null, 28, BigDecimal.ZERO), null);
  private static final BotEntry PAPER = BotEntry.registered(new BotConfig("b1", "u", "BTC", "paper", VenueMode.PAPER, "t",
      SignalMode.SCAN, ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, null), T0);

  @Test
  void a_paper_bot_stays_until_it_has_the_trades_and_the_win_rate_and_then_is_promoted_to_canary() {
    assertEquals(new Ladder.Verdict(Optional.empty(), "not yet canary: 2/3 closed trades"),
        Ladder.evaluate(PAPER, pnl("10", "-5"), POLICY, T0.plusSeconds(60)));
    assertEquals(new Ladder.Verdict(Optional.empty(), "not yet canary: win rate 33% < 50%"),
        Ladder.evaluate(PAPER, pnl("10", "-5", "-1"), POLICY, T0.plusSeconds(60)));
    assertEquals(new Ladder.Verdict(Optional.of(Stage.CANARY),
        "met the canary criteria: 3 closed trades, win rate 67%, P&L 6.00, 0 days on paper"),
        Ladder.evaluate(PAPER, pnl("10", "-5", "1"), POLICY, T0.plusSeconds(60)));
  }

  @Test
  void a_canary_counts_its_days_from_its_promotion_and_the_top_step_stays() {
    BotEntry canary = PAPER.withStage(Stage.CANARY, T0.plus(Duration.ofDays(10)));
    assertEquals(new Ladder.Verdict(Optional.empty(), "not yet full: 20/28 days on the step, P&L -1.00 < 0"),
        Ladder.evaluate(canary, pnl("1", "-2"), POLICY, T0.plus(Duration.ofDays(30))));
    assertEquals(Optional.of(Stage.FULL), Ladder.evaluate(canary, pnl("1", "2"), POLICY, T0.plus(Duration.ofDays(38))).promoteTo());
    assertEquals(new Ladder.Verdict(Optional.empty(), "on the top step (full)"),
        Ladder.evaluate(canary.withStage(Stage.FULL, T0), pnl("1", "2", "3"), POLICY, T0.plus(Duration.ofDays(60))));
  }

  private static List<BigDecimal> pnl(String... values) {
    return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
  }
}
