package io.dorado.fleet.http;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeSetup;
import io.dorado.cluster.venues.VenueAdapters;
import io.dorado.http.HttpServer;
import io.dorado.http.HttpSettings;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.Venue;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a real node (sharded bots, the guardian, the paper
 * venue, the read side on the real Cassandra node), with the journal's production query settings: an
 * operator approves a bot's trade on the page, the bot trades, and the page's live-event panel, bots
 * table and orders table show it. {@code http}'s {@code DashboardBrowserTest} covers the page against a
 * fake fleet; this is the one run where every answer comes from the fleet itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardOnNodeTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String API = "dash-reader-token-0123456789";
  private static final String OPERATOR = "dash-operator-token-0123456789";
  private static final String SECRET = "dash-webhook-secret-0123456789";
  private static final Universe UNIVERSE = new Universe("demo", List.of(new Underlying("ETH", AssetClass.CRYPTO, "paper", "USD")));

  private final String bot = "dash" + System.nanoTime() % 100000;
  private final HttpClient client = HttpClient.newHttpClient();
  private FleetNode node;
  private String base;
  private WebDriver browser;
  private Path profile;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install -y chromium chromium-driver)");
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    var config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "dashboard-node-test-secret-0123456789"
            """).withFallback(ConfigFactory.parseResources("cluster.conf")));
    BigDecimal cash = new BigDecimal("100000");
    node = FleetNode.start(config, new NodeSetup(List.of(UNIVERSE), List.of("paper"), Set.of("crypto_momentum"),
        RiskPolicy.DEFAULT, AllocationPolicy.defaults(ArmMode.BY_BOT, cash, 42), cash, false), VenueAdapters.standard(config));
    var settings = new HttpSettings("127.0.0.1", 0, API, OPERATOR, SECRET, 16 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(1));
    ServerBinding binding = HttpServer.start(node.system(), node.operations(), settings).toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    // The guardian's journal is shared with other tests on this Cassandra node: start from ACTIVE.
    eventually(() -> call("PUT", "/api/v1/risk/trading-state", "{\"state\": \"ACTIVE\", \"reason\": \"dashboard node test\"}"),
        r -> r.statusCode() == 200);
    Instant now = Instant.now();
    node.guardian().tell(new RiskGuardian.MarkPrice("ETH", new BigDecimal("2500.5"), now));
    node.venue("paper").tell(new Venue.MarketPrice("ETH", new BigDecimal("2500"), new BigDecimal("2501"), now));

    profile = Files.createTempDirectory("dorado-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) browser.quit();
    if (node != null) node.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private WebDriverWait waiting(int seconds) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(250));
    wait.ignoring(StaleElementReferenceException.class); // tables are re-rendered on every refresh
    return wait;
  }

  private String phaseShown() {
    List<WebElement> cells = browser.findElements(By.cssSelector("#bots tr[data-bot='" + bot + "'] td.phase"));
    return cells.isEmpty() ? "" : cells.get(0).getText();
  }

  @Test
  void an_operator_approves_a_real_bots_trade_on_the_page_and_sees_it_in_the_live_events_bots_and_orders() throws Exception {
    browser.get(base + "/");
    assertEquals("Dorado Fleet", browser.getTitle());
    browser.findElement(By.id("token")).sendKeys(OPERATOR);
    browser.findElement(By.id("connect")).click();
    waiting(60).until(d -> d.findElement(By.id("status")).getText().startsWith("connected"));
    // A creation waits for the allocator's registration: on a loaded machine it may answer 503; asked again, 409.
    var created = eventually(() -> call("POST", "/api/v1/bots", """
        {"id": "%s", "universe": "demo", "underlying": "ETH", "venue": "paper", "strategy_template": "crypto_momentum",
         "signal_mode": "both", "approval_mode": "human_required", "sizing": {"method": "fixed_quantity", "quantity": 0.05}}
        """.formatted(bot)), r -> r.statusCode() != 503);
    assertTrue(created.statusCode() == 201 || created.statusCode() == 409, created.body());
    waiting(60).until(d -> phaseShown().equals("IDLE"));
    var signal = eventually(() -> call("POST", "/api/v1/signals", """
        {"secret": "%s", "signal_id": "%s-s1", "bot_id": "%s", "ticker": "ETH", "action": "buy", "price": "2500.5"}
        """.formatted(SECRET, bot, bot)), r -> r.statusCode() != 503);
    assertEquals(202, signal.statusCode(), signal.body());

    waiting(60).until(d -> {
      d.findElement(By.cssSelector("#approvals tr[data-approval='" + bot + "'] button.approve")).click();
      return true;
    });
    waiting(60).until(d -> phaseShown().equals("MONITORING"));
    // The live panel: the bot's own transitions, read from the journal's live tail (production settings).
    String events = waiting(90).until(d -> {
      String log = d.findElement(By.id("events")).getText();
      return log.contains(bot + ": EnteredMonitoring") ? log : null;
    });
    assertTrue(events.contains(bot + ": approved by http " + bot + "/" + bot + "-s1 → EXECUTING"), events);
    assertTrue(events.contains(bot + ": filled BUY 0.05000000 ETH"), events);
    // The stream's keep-alive frames carry no event: they are never shown (they once filled the panel with "message").
    assertTrue(browser.findElements(By.cssSelector("#events li.message")).isEmpty(), events);
    // The orders table from the read side.
    waiting(90).until(d -> d.findElement(By.id("orders")).getText().contains(bot));

    Path shot = Path.of("target", "dashboard-screenshots", "dashboard-on-node.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
