package io.dorado.http;

import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * button moves a bot from AWAITING_APPROVAL to EXECUTING.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;
  private ActorRef<Topic.Command<io.dorado.protocol.alert.Alert>> alerts;
  private WebDriver browser;
  private Path profile;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install -y chromium chromium-driver)");
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend").withBot("eth-trend").withOrders();
    server.fleet.awaitApproval("btc-trend", "s1");
    alerts = testKit.spawn(Topic.create(io.dorado.protocol.alert.Alert.class, io.dorado.protocol.alert.Alert.TOPIC));

    profile = Files.createTempDirectory("dorado-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
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
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(200));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private String phaseShown(String botId) {
    List<WebElement> cells = browser.findElements(By.cssSelector("#bots tr[data-bot='" + botId + "'] td.phase"));
    return cells.isEmpty() ? "" : cells.get(0).getText();
  }

  private String desiredShown(String botId) {
    List<WebElement> cells = browser.findElements(By.cssSelector("#bots tr[data-bot='" + botId + "'] td.desired"));
    return cells.isEmpty() ? "" : cells.get(0).getText();
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
  void the_breaker_gauges_show_each_limit_and_what_tripped() {
    connect();
    waiting().until(d -> d.findElement(By.cssSelector("#breakers [data-breaker='DAILY_LOSS']")).getText()
        .contains("TRIPPED (halt) since"));
    String breakers = browser.findElement(By.id("breakers")).getText();
    assertTrue(breakers.contains("Weekly loss") && breakers.contains("2.40% / 5%"), breakers);
    assertTrue(breakers.contains("breakers imply HALTED"), breakers);
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
    waiting().until(d -> !d.findElement(By.cssSelector("#equity polyline.equity")).getAttribute("points").isBlank());
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
