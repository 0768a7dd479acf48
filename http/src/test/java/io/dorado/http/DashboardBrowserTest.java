package io.dorado.http;

import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Desired;
import io.dorado.protocol.risk.DenialReason;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them): it loads, shows the fleet, receives live events, and its Approve
 * button moves a bot from AWAITING_APPROVAL to EXECUTING. Its charts are looked at too: a screenshot
 * is kept in {@code target/dashboard-screenshots/} and must show a drawn chart, not a blank box.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "browserInstalled", disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver"
    + " (apt-get install -y chromium chromium-driver; .ci/run installs them)")
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;
  private ActorRef<Topic.Command<io.dorado.protocol.alert.Alert>> alerts;
  private WebDriver browser;
  private Path profile;

  /** Skipped as a class, before the test kit starts (an assumption failing in BeforeAll broke the kit's AfterAll). */
  static boolean browserInstalled() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  @BeforeAll
  void start() throws Exception {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend").withBot("eth-trend").withOrders();
    server.fleet.awaitApproval("btc-trend", "s1");
    server.fleet.withBot("eth-1", "ETH", "paper");
    server.fleet.lastScan = RankedScans.report("scan-7", FakeFleet.T0);
    alerts = testKit.spawn(Topic.create(io.dorado.protocol.alert.Alert.class, io.dorado.protocol.alert.Alert.TOPIC));

    profile = Files.createTempDirectory("dorado-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) browser.quit();
    if (server != null) server.stop();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private WebDriverWait waiting() {
    // Tables are re-rendered on every refresh: an element found a moment ago may be gone; look again.
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(40), Duration.ofMillis(200));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private String phaseShown(String botId) {
    return textShown("#bots tr[data-bot='" + botId + "'] td.phase");
  }

  private String desiredShown(String botId) {
    return textShown("#bots tr[data-bot='" + botId + "'] td.desired");
  }

  /**
   * The text of the first element {@code css} finds ("" while there is none). Tables are re-rendered on every refresh:
   * an element found a moment ago may be stale by the time it is read, so the lookup and the read are tried again.
   */
  private String textShown(String css) {
    return waiting().until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() ? "" : found.get(0).getText();
    });
  }

  private void connect() {
    browser.get(server.base + "/");
    assertEquals("Dorado Fleet", browser.getTitle());
    browser.findElement(By.id("token")).sendKeys(OPERATOR_TOKEN);
    browser.findElement(By.id("connect")).click();
  }

  /** Clicks the bot's button for {@code verb} (rows are re-rendered on refresh: a stale one is looked up again). */
  private void clickBotAction(String botId, String verb) {
    waiting().until(d -> {
      d.findElement(By.cssSelector("#bots tr[data-bot='" + botId + "'] button[data-verb='" + verb + "']")).click();
      return true;
    });
  }

  @Test
  void each_bot_row_pauses_resumes_and_retires_its_bot_asking_before_the_irreversible_one() {
    server.fleet.withBot("sol-trend");
    connect();
    waiting().until(d -> desiredShown("sol-trend").equals("RUNNING"));

    clickBotAction("sol-trend", "pause");
    waiting().until(d -> desiredShown("sol-trend").equals("PAUSED"));
    assertEquals(Desired.PAUSED, server.fleet.bots.get("sol-trend").desired());
    waiting().until(d -> d.findElements(By.cssSelector("#bots tr[data-bot='sol-trend'] button[data-verb='pause']")).isEmpty());

    clickBotAction("sol-trend", "resume");
    waiting().until(d -> desiredShown("sol-trend").equals("RUNNING"));

    clickBotAction("sol-trend", "retire");
    Alert confirm = waiting().until(ExpectedConditions.alertIsPresent());
    assertTrue(confirm.getText().contains("Retire sol-trend?"), confirm.getText());
    confirm.dismiss(); // changed their mind: nothing is sent
    assertEquals(Desired.RUNNING, server.fleet.bots.get("sol-trend").desired());

    clickBotAction("sol-trend", "retire");
    waiting().until(ExpectedConditions.alertIsPresent()).accept();
    waiting().until(d -> desiredShown("sol-trend").equals("RETIRED"));
    assertEquals(Desired.RETIRED, server.fleet.bots.get("sol-trend").desired());
    assertTrue(server.fleet.actions.contains("retireBot(retire from the dashboard) by http"), server.fleet.actions::toString);
  }

  @Test
  void the_scan_now_button_starts_a_scan_of_a_bot_the_scanner_scans_and_webhook_bots_have_none() {
    server.fleet.withOnDemandBot("sol-dip");
    connect();
    clickBotAction("sol-dip", "scan");
    waiting().until(d -> server.fleet.actions.contains("scanBot(sol-dip) by http"));
    assertTrue(browser.findElements(By.cssSelector("#bots tr[data-bot='btc-trend'] button[data-verb='scan']")).isEmpty(),
        "btc-trend takes webhook signals only");
  }

  @Test
  void the_charts_have_time_and_value_axes_for_the_fleet_and_for_one_bot_and_every_table_column_is_visible()
      throws Exception {
    connect();
    // Fleet: equity 100,000 → 99,800 → 100,250.50 (the fake's curve), so the drawdown went to -0.20 %.
    waiting().until(d -> d.findElement(By.id("equity-legend")).getText().contains("fleet equity"));
    assertTrue(browser.findElement(By.id("equity-legend")).getText().contains("realized P&L 250.5"),
        () -> browser.findElement(By.id("equity-legend")).getText());
    waiting().until(d -> axisLabels("equity-chart").stream().anyMatch(t -> t.endsWith("%")));
    List<String> axes = axisLabels("equity-chart");
    assertTrue(axes.stream().anyMatch(t -> t.matches(".*\\d{1,2}:\\d{2}.*")), () -> "a time axis: " + axes);
    assertTrue(axes.stream().anyMatch(t -> t.contains("100,")), () -> "equity values on the axis: " + axes);
    assertTrue(axes.stream().anyMatch(t -> t.endsWith("%")), () -> "drawdown % on its axis: " + axes);
    waiting().until(d -> !axisLabels("pnl-chart").isEmpty());
    List<String> days = axisLabels("pnl-chart").stream().filter(t -> t.matches("\\d{4}-\\d{2}-\\d{2}")).toList();
    assertEquals(days.stream().distinct().toList(), days, "each day once on the daily P&L's axis");
    assertTrue(days.contains("2026-11-20"), () -> "the fake's one day of P&L: " + days);

    // One bot: its closed trades +300, -120.25, +70.75 → cumulative 250.50, 120.25 below its peak of 300.
    new Select(browser.findElement(By.id("equity-scope"))).selectByValue("btc-trend");
    waiting().until(d -> d.findElement(By.id("equity-legend")).getText().startsWith("btc-trend realized P&L 250.5"));
    assertTrue(browser.findElement(By.id("equity-legend")).getText().contains("drawdown -49.5 · 3 closed trades"),
        () -> browser.findElement(By.id("equity-legend")).getText());

    // No table cuts its last columns: each header cell lies inside its section.
    waiting().until(d -> d.findElements(By.cssSelector("#orders tbody tr")).size() == 10);
    waiting().until(d -> d.findElements(By.cssSelector("#candidates tbody tr")).size() == 3);
    for (String table : List.of("orders", "approvals", "fills", "bots", "limits", "candidates")) {
      WebElement section = browser.findElement(By.cssSelector("section:has(#" + table + ")"));
      int right = section.getRect().getX() + section.getRect().getWidth();
      for (WebElement th : browser.findElements(By.cssSelector("#" + table + " th"))) {
        int end = th.getRect().getX() + th.getRect().getWidth();
        assertTrue(end <= right, table + " column '" + th.getText() + "' ends at " + end + " px, its section at " + right);
      }
    }

    // Looked at, not only asserted: the screenshot is kept, and the chart's area in it is drawn.
    new Select(browser.findElement(By.id("equity-scope"))).selectByValue("");
    waiting().until(d -> d.findElement(By.id("equity-legend")).getText().contains("fleet equity"));
    Path shot = Path.of("target", "dashboard-screenshots", "dashboard.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    var image = javax.imageio.ImageIO.read(shot.toFile());
    var chart = browser.findElement(By.cssSelector("#equity-chart canvas")).getRect();
    var colours = new java.util.HashSet<Integer>();
    for (int x = chart.getX(); x < Math.min(image.getWidth(), chart.getX() + chart.getWidth()); x += 2) {
      for (int y = chart.getY(); y < Math.min(image.getHeight(), chart.getY() + chart.getHeight()); y += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, "the equity chart in " + shot.toAbsolutePath() + " has only " + colours.size() + " colours");
  }

  /** The tick labels drawn on a chart's axes (the page records them beside the canvas, as data-axis0, 1, 2). */
  private List<String> axisLabels(String chartId) {
    var chart = browser.findElement(By.id(chartId));
    var labels = new java.util.ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      String drawn = chart.getDomAttribute("data-axis" + i);
      if (drawn != null && !drawn.isBlank()) labels.addAll(List.of(drawn.split("\\|")));
    }
    return labels;
  }

  @Test
  void the_breaker_gauges_show_each_limit_and_what_tripped() {
    connect();
    waiting().until(d -> d.findElement(By.cssSelector("#breakers [data-breaker='DAILY_LOSS']")).getText()
        .contains("TRIPPED (halt) since"));
    String breakers = browser.findElement(By.id("breakers")).getText();
    assertTrue(breakers.contains("Weekly loss") && breakers.contains("2.40% / 5%"), breakers);
    assertTrue(breakers.contains("breakers imply HALTED"), breakers);
  }

  /** The limit's row as shown ("" while there is none), read afresh (see {@link #textShown}). */
  private String limitShown(String key) {
    return textShown("#limits tr[data-limit='" + key + "']");
  }

  /** {@code read} of the limit's row, looked up afresh (and again if the row went stale while being read). */
  private <T> T limitRow(String key, java.util.function.Function<WebElement, T> read) {
    return waiting().until(d -> read.apply(d.findElement(By.cssSelector("#limits tr[data-limit='" + key + "']"))));
  }

  @Test
  void the_risk_panel_shows_each_limit_against_its_measure_the_breached_ones_and_the_engaged_kill_scopes()
      throws Exception {
    server.fleet.engageKillScope(io.dorado.protocol.risk.KillScope.parse("venue:ibkr"), "http:carol", "venue misbehaving");
    connect();
    // The page reads the JSON numbers as numbers: 25000.00 is shown 25000.
    waiting().until(d -> limitShown("delta:fleet").contains("25000 / 20000 money · BREACHED"));
    List<String> breached = limitRow("delta:fleet", row -> List.of(row.getDomAttribute("class"),
        row.findElement(By.cssSelector("td.figures")).getCssValue("color")));
    assertTrue(breached.get(0).contains("breached"), "the breached limit is highlighted");
    assertEquals("rgba(239, 83, 80, 1)", breached.get(1));
    assertTrue(limitShown("heat:guardian").contains("12.5% / 30%"), limitShown("heat:guardian"));
    assertTrue(limitShown("var_95:crypto").contains("VaR 95 crypto 0.8104% / 1%"), limitShown("var_95:crypto"));
    assertTrue(limitShown("positions:fleet").contains("1 / 25"), limitShown("positions:fleet"));
    assertTrue(limitShown("delta:crypto/AAPL").contains("95997 / 100000 money"), limitShown("delta:crypto/AAPL"));
    assertTrue(limitShown("vega:crypto/AAPL").contains("99.61 / 150 money/vol pt"));
    assertFalse(limitShown("var_95:crypto").contains("BREACHED"));
    // Each row has its meter: the measure against the limit.
    List<String> meter = limitRow("positions:crypto", row -> {
      WebElement m = row.findElement(By.cssSelector("meter"));
      return List.of(m.getDomProperty("value"), m.getDomProperty("max"));
    });
    assertEquals(List.of("1", "10"), meter, "the meter's value and max");
    String kills = browser.findElement(By.id("kill-scopes")).getText();
    assertTrue(kills.contains("venue:ibkr venue misbehaving http:carol"), kills);
    // Kept for a look: the panel as drawn.
    WebElement panel = browser.findElement(By.id("limits-section"));
    Path shot = Path.of("target", "dashboard-screenshots", "risk-limits.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, panel.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
  }

  @Test
  void the_ranked_candidates_panel_lists_the_latest_scan_in_rank_order_and_picks_one_for_its_bot() {
    connect();
    // Rows are re-rendered on every refresh: each look reads the whole panel at once (a stale read is tried again).
    List<String> rows = waiting().until(d -> {
      var found = d.findElements(By.cssSelector("#candidates tbody tr"));
      if (found.size() != 3) return null;
      return found.stream().map(r -> r.getDomAttribute("data-candidate") + " | "
          + r.findElement(By.cssSelector("td.score")).getText() + " | "
          + r.findElement(By.cssSelector("td.gates")).getText() + " | "
          + r.findElement(By.cssSelector("td.sizing")).getText() + " | "
          + r.findElement(By.cssSelector("td.selection")).getText() + " | "
          + r.findElements(By.cssSelector("button.pick")).size()).toList();
    });
    assertEquals(List.of("scan-7-btc-1", "scan-7-eth-1", "scan-7-sol-1"),
        rows.stream().map(r -> r.substring(0, r.indexOf(' '))).toList(), "highest score first");
    assertEquals("scan-7-eth-1 | 0.64 | regime ✓ confidence 0.8; technical ✓ hurst 0.62; | "
        + "risk 1.00% · 2200 / stop 2100 / target 2400 | paper: correlated cluster crypto would exceed 20% | 1", rows.get(1));
    assertTrue(rows.get(2).endsWith("| 0"), "an excluded candidate cannot be picked: " + rows.get(2));
    assertTrue(browser.findElement(By.id("skipped")).getText().contains("spy-ic (volatility gate failed)"));

    waiting().until(d -> {
      d.findElement(By.cssSelector("#candidates tr[data-candidate='scan-7-eth-1'] button.pick")).click();
      return true;
    });
    Alert confirm = waiting().until(ExpectedConditions.alertIsPresent());
    assertTrue(confirm.getText().contains("Pick ETH (#2) for eth-1?"), confirm.getText());
    confirm.accept();
    waiting().until(d -> !server.fleet.picks.isEmpty());
    assertEquals(List.of("eth-1 scan-7 scan-7-eth-1 #2 paper: correlated cluster crypto would exceed 20% by http"),
        server.fleet.picks);
    // journalled first, then sent: the signal follows the pick's record
    waiting().until(d -> server.fleet.ingested.stream().anyMatch(sig -> sig.signalId().equals("scan-7-eth-1")
        && sig.botId().equals("eth-1")));
  }

  @Test
  void the_page_loads_shows_live_events_and_approving_moves_the_bot_to_executing() {
    connect();

    // The fleet as the API reports it.
    waiting().until(d -> phaseShown("btc-trend").equals("AWAITING_APPROVAL"));
    assertEquals("IDLE", phaseShown("eth-trend"));
    waiting().until(d -> d.findElement(By.id("trading-state")).getText().equals("ACTIVE"));
    waiting().until(d -> !d.findElements(By.cssSelector("#allocator tr[data-arm='btc-trend']")).isEmpty());
    waiting().until(d -> d.findElements(By.cssSelector("#members tbody tr")).size() == 2);
    waiting().until(d -> d.findElements(By.cssSelector("#orders tbody tr")).size() == 10);
    waiting().until(d -> !d.findElements(By.cssSelector("#equity-chart canvas")).isEmpty());
    assertTrue(browser.findElement(By.id("gauges")).getText().contains("Heat"));

    // Live events: published until the page's stream shows them (its subscription settles asynchronously).
    waiting().until(d -> {
      alerts.tell(Topic.publish(new io.dorado.protocol.alert.Alert.TradeDenied("eth-trend", "eth-trend/s9", DenialReason.HEAT_LIMIT,
          "heat 31% > 30%", FakeFleet.T0)));
      server.fleet.emit(new BotEvent.Resumed("eth-trend", "http:carol", FakeFleet.T0));
      String log = d.findElement(By.id("events")).getText();
      return log.contains("HEAT_LIMIT") && log.contains("eth-trend: Resumed");
    });

    // Approve from the page.
    waiting().until(d -> {
      WebElement row = d.findElement(By.cssSelector("#approvals tr[data-approval='btc-trend']"));
      new Select(row.findElement(By.cssSelector("select.tag"))).selectByVisibleText("Bandit rec");
      row.findElement(By.cssSelector("button.approve")).click(); // a stale row throws before the click: tried again
      return true;
    });

    waiting().until(d -> phaseShown("btc-trend").equals("EXECUTING"));
    assertEquals(Phase.EXECUTING, server.fleet.bots.get("btc-trend").phase());
    // The page tags the decision right after the approval: its request may still be on its way.
    waiting().until(d -> !server.fleet.annotations.isEmpty());
    assertEquals(List.of("btc-trend btc-trend/s1 Bandit rec by http"), server.fleet.annotations);
    waiting().until(d -> d.findElements(By.cssSelector("#approvals tr[data-approval]")).isEmpty());
    waiting().until(d -> d.findElement(By.id("events")).getText().contains("approved by http btc-trend/s1 → EXECUTING"));
  }
}
