package io.dorado.fleet.demo;

import io.dorado.cluster.NodeSetup;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundled demo fleet: a small crypto universe on the paper venue and four paper bots, one of
 * which waits for a human approval on every trade (so approvals show up in the dashboard and Telegram).
 */
public final class DemoFleet {
  private DemoFleet() {}

  public static final String VENUE = "paper";
  public static final Universe UNIVERSE = new Universe("demo", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, VENUE, "USD"),
      new Underlying("ETH", AssetClass.CRYPTO, VENUE, "USD"),
      new Underlying("SOL", AssetClass.CRYPTO, VENUE, "USD")));

  /** Starting prices of the synthetic feed. */
  public static final Map<String, BigDecimal> START_PRICES = Map.of(
      "BTC", new BigDecimal("42000"), "ETH", new BigDecimal("2300"), "SOL", new BigDecimal("60"));

  public static NodeSetup setup(BigDecimal startingCash, boolean liveTradingEnabled) {
    return new NodeSetup(List.of(UNIVERSE), List.of(VENUE), Set.of("crypto_momentum"), RiskPolicy.DEFAULT,
        AllocationPolicy.defaults(ArmMode.BY_BOT, startingCash, 42), startingCash, liveTradingEnabled);
  }

  public static List<BotConfig> bots() {
    return List.of(
        bot("demo-btc-auto", "BTC", ApprovalMode.AUTO_EXECUTE, "0.05"),
        bot("demo-eth-auto", "ETH", ApprovalMode.AUTO_EXECUTE, "0.5"),
        bot("demo-sol-auto", "SOL", ApprovalMode.AUTO_EXECUTE, "10"),
        bot("demo-btc-human", "BTC", ApprovalMode.HUMAN_REQUIRED, "0.05"));
  }

  private static BotConfig bot(String id, String underlying, ApprovalMode mode, String quantity) {
    return new BotConfig(id, UNIVERSE.id(), underlying, VENUE, VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH, mode,
        Sizing.fixedQuantity(new BigDecimal(quantity)), RegimeFilter.ANY, null);
  }
}
