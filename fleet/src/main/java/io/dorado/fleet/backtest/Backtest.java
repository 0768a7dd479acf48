package io.dorado.fleet.backtest;

import io.dorado.fleet.config.ConfigException;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.fleet.config.FleetConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The backtest command ({@code bin/backtest}): runs the fleet configuration over its history through the order path
 * (BacktestRun), prints the fleet's and each bot's figures, and writes {@code report.json} and {@code equity.svg} to
 * the output folder. Bad arguments or configuration: a message naming what is wrong, exit 2.
 */
public final class Backtest {
  private Backtest() {}

  public static void main(String[] args) {
    try {
      BacktestArgs parsed = BacktestArgs.parse(args);
      System.exit(run(parsed));
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("backtest: " + e.getMessage());
      System.err.println(BacktestArgs.USAGE);
      System.exit(2);
    } catch (Exception e) {
      System.err.println("backtest: failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  static int run(BacktestArgs args) throws IOException {
    FleetConfig config = args.config() == null ? FleetConfigLoader.loadDemo() : FleetConfigLoader.load(args.config());
    String name = args.config() == null ? "demo" : args.config().toString();
    if (args.walkForward() != null) return walkForward(config, args);
    long t0 = System.nanoTime();
    BacktestReport report = BacktestRun.run(config, name, BacktestSpec.of(args.from(), args.to(), args.seed()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Files.createDirectories(args.out());
    Path json = args.out().resolve("report.json");
    Path svg = args.out().resolve("equity.svg");
    Files.writeString(json, report.toJson());
    Files.writeString(svg, EquityChart.svg(report));
    System.out.print(summary(report));
    System.out.printf("%d bars in %.1f s; report: %s, chart: %s%n", report.bars(), seconds, json, svg);
    return 0;
  }

  private static int walkForward(FleetConfig config, BacktestArgs args) throws IOException {
    var plan = BacktestPlan.of(config, BacktestSpec.of(args.from(), args.to(), args.seed()));
    WalkForward.Report report = WalkForward.run(config, plan, args.walkForward());
    for (var w : report.windows()) {
      System.out.printf("  test %s .. %s: lookback %d (train Sharpe %.2f), Sharpe %.2f, P&L %s, %d trades%n", w.testFrom(),
          w.testTo(), w.lookback(), w.trainSharpe(), w.testSharpe(), w.testPnl(), w.testTrades());
    }
    System.out.printf("walk-forward: %d windows, out-of-sample Sharpe %.2f%n", report.windows().size(),
        report.outOfSample().sharpe());
    Files.createDirectories(args.out());
    Path json = args.out().resolve("walk-forward.json");
    Files.writeString(json, BacktestReport.JSON.writeValueAsString(report));
    System.out.println("report: " + json);
    return 0;
  }

  static String summary(BacktestReport r) {
    var out = new StringBuilder();
    out.append("Backtest of ").append(r.config()).append(", ").append(r.from()).append(" .. ").append(r.to())
        .append(", seed ").append(r.seed()).append(", ").append(r.strategy()).append('\n');
    out.append(String.format("  %-16s %s%n", "fleet", line(r.fleet())));
    r.bots().forEach((id, b) -> out.append(String.format("  %-16s %s%n", id, line(b.performance()))));
    out.append("  signals ").append(r.signals()).append(", guardian denials ").append(r.denials()).append('\n');
    r.skipped().forEach((id, why) -> out.append("  skipped ").append(id).append(": ").append(why).append('\n'));
    return out.toString();
  }

  private static String line(Performance p) {
    return String.format("P&L %10s (%+.2f%%), max drawdown %.2f%%, Sharpe %.2f, Sortino %.2f, %d trades, win rate %.0f%%, "
            + "expectancy %s, exposure %.1f%%", p.pnl(), p.returnPct(), p.maxDrawdownPct(), p.sharpe(), p.sortino(),
        p.trades(), 100 * p.winRate(), p.expectancy(), p.exposurePct());
  }
}
