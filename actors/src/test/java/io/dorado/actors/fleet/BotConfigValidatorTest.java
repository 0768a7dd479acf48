package io.dorado.actors.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BotConfigValidatorTest {
  private static final Universe CORE = new Universe("core", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD"), new Underlying("ETH", AssetClass.CRYPTO, "binance", "USDT")));
  /** The paper venue serves paper (and simulation); the Binance account is configured broker_paper (its testnet). */
  private static final Map<String, Set<VenueMode>> MODES = Map.of(
      "paper", Set.of(VenueMode.PAPER, VenueMode.SIMULATION), "binance", Set.of(VenueMode.BROKER_PAPER));

  private static BotConfig bot(String underlying, String venue, VenueMode mode) {
    return new BotConfig("b1", "core", underlying, venue, mode, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(new BigDecimal("0.5")), RegimeFilter.ANY, null);
  }

  @Test
  void a_live_bot_on_the_paper_venue_is_refused_even_with_live_trading_enabled_never_silently_paper() {
    var validator = BotConfigValidator.of(List.of(CORE), MODES, Set.of(), true);
    Optional<String> problem = validator.problemWith(bot("BTC", "paper", VenueMode.LIVE));
    assertEquals(Optional.of("venue_mode: venue 'paper' cannot serve live (it serves [paper, simulation];"
        + " see dorado.venues.accounts.paper.mode)"), problem);
  }

  @Test
  void a_bot_gets_exactly_the_mode_its_venue_account_is_configured_for() {
    var validator = BotConfigValidator.of(List.of(CORE), MODES, Set.of(), true);
    assertEquals(Optional.empty(), validator.problemWith(bot("BTC", "paper", VenueMode.PAPER)));
    assertEquals(Optional.empty(), validator.problemWith(bot("ETH", "binance", VenueMode.BROKER_PAPER)));
    assertTrue(validator.problemWith(bot("ETH", "binance", VenueMode.LIVE)).orElseThrow()
        .startsWith("venue_mode: venue 'binance' cannot serve live"));
    // A paper bot on a real account would trade that account: refused too.
    assertTrue(validator.problemWith(bot("ETH", "binance", VenueMode.PAPER)).orElseThrow()
        .startsWith("venue_mode: venue 'binance' cannot serve paper (it serves [broker_paper]"));
  }

  @Test
  void broker_paper_needs_no_live_flag_but_live_still_does() {
    var noLive = BotConfigValidator.of(List.of(CORE), Map.of("paper", Set.of(VenueMode.PAPER),
        "binance", Set.of(VenueMode.BROKER_PAPER, VenueMode.LIVE)), Set.of(), false);
    assertEquals(Optional.empty(), noLive.problemWith(bot("ETH", "binance", VenueMode.BROKER_PAPER)));
    assertTrue(noLive.problemWith(bot("ETH", "binance", VenueMode.LIVE)).orElseThrow()
        .startsWith("venue_mode: live trading is not enabled"));
  }

  @Test
  void without_venue_modes_the_old_validator_allows_every_mode_on_a_known_venue() {
    var old = BotConfigValidator.of(List.of(CORE), Set.of("paper"), Set.of(), true);
    assertEquals(Optional.empty(), old.problemWith(bot("BTC", "paper", VenueMode.LIVE)));
  }

  @Test
  void at_runtime_a_risk_above_five_percent_per_trade_or_a_template_of_another_asset_class_is_refused_naming_the_field() {
    var checks = BotConfigValidator.of(List.of(CORE), MODES, Set.of(), true).andThen(BotConfigValidator.sizingAndClass(
        List.of(CORE), Map.of("crypto_momentum", AssetClass.CRYPTO, "fx_momentum", AssetClass.FX)));
    BotConfig fine = bot("BTC", "paper", VenueMode.PAPER);
    BotConfig risky = new BotConfig("b1", "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.riskPct(new BigDecimal("5.5")), RegimeFilter.ANY, null);
    BotConfig atTheLimit = new BotConfig("b1", "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.HUMAN_REQUIRED, Sizing.riskPct(new BigDecimal("5")), RegimeFilter.ANY, null);
    BotConfig fx = new BotConfig("b1", "core", "BTC", "paper", VenueMode.PAPER, "fx_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(new BigDecimal("0.5")), RegimeFilter.ANY, null);

    assertEquals(Optional.empty(), checks.problemWith(fine));
    assertEquals(Optional.empty(), checks.problemWith(atTheLimit));
    assertEquals(Optional.of("sizing.risk_pct: must be between 0 and 5 (was 5.5)"), checks.problemWith(risky));
    assertEquals(Optional.of("strategy_template: template fx_momentum trades fx but BTC is crypto"), checks.problemWith(fx));
    // The names come first: an unknown venue is the answer even when the sizing is wrong too.
    assertTrue(checks.problemWith(new BotConfig("b1", "core", "BTC", "nowhere", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.HUMAN_REQUIRED, Sizing.riskPct(new BigDecimal("9")), RegimeFilter.ANY, null))
        .orElseThrow().startsWith("venue: unknown venue 'nowhere'"));
  }
}
