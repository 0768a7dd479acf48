package io.dorado.actors.orderpath.venue.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The venue conformance kit: one suite every venue adapter passes, the paper venue included. A subclass gives
 * {@link #start()}: the adapter talking to its vendor's fake on 127.0.0.1 (built from the vendor's published API
 * documentation) and the {@link VenueScript} that makes the fake do what a scenario needs.
 *
 * <p>Every scenario drives the real {@link VenueActor} (on the in-memory journal of the actors tests, as
 * {@code VenueActorTest} does) over {@link VenueUnderTest#adapter()}, with orders acknowledged by a test signer,
 * and ends with the order-path invariants checked against what the venue itself recorded
 * ({@link #assertOrderPathInvariants()}):
 * <ul>
 *   <li><b>no unacknowledged send</b>: every placement at the venue is of an order this kit signed;
 *   <li><b>no duplicate</b>: no client order id was placed twice;
 *   <li><b>no lost fill, no double-counted fill</b>: every execution of ours at the venue reached the guardian's
 *       report sink exactly once (deduplicated by fill id), and nothing else did;
 *   <li><b>ledger = venue</b>: positions from the reported fills equal positions from the venue's executions.
 * </ul>
 *
 * <p>After all its scenarios the class prints one line: {@code venue conformance: <name> <passed>/<total> scenarios}.
 * Scenarios wait by polling (short timeouts), never by fixed sleeps, except where a scenario must show that
 * something does not happen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VenueConformanceKit {

  /** The adapter under test, on a fresh fake (or a fresh paper venue). Each scenario gets one and closes it. */
  protected abstract VenueUnderTest start() throws Exception;

  /** How long a scenario waits for an outcome. */
  protected Duration patience() {
    return Duration.ofSeconds(8);
  }

  static final String SECRET = "conformance-kit-secret-0123456789";
  static final AckSigner SIGNER = AckSigner.ofSecret(SECRET);
  private static final Config CONFIG = ConfigFactory.parseString("pekko.actor.serialize-messages = on\n")
      .withFallback(EventSourcedBehaviorTestKit.config());
  private static final AtomicInteger BOTS = new AtomicInteger();

  @RegisterExtension final Tally tally = new Tally();

  private ActorTestKit testKit;
  private PersistenceTestKit journal;
  private SnapshotTestKit snapshots;

  // one scenario's world
  protected VenueUnderTest venue;
  protected VenueScript script;
  private String botId;
  private ActorRef<Venue.Command> actor;
  private final List<OrderReport> guardianReports = new CopyOnWriteArrayList<>();
  private final List<OrderReport> botReports = new CopyOnWriteArrayList<>();
  private ActorRef<OrderReport> guardian;
  private ActorRef<OrderReport> bot;
  private final Set<ClientOrderId> signed = ConcurrentHashSet.create();
  private VenueSettings settings;

  @BeforeAll
  void startActorSystem() {
    testKit = ActorTestKit.create("conformance", CONFIG);
    journal = PersistenceTestKit.create(testKit.system());
    snapshots = SnapshotTestKit.create(testKit.system());
  }

  @AfterAll
  void printTallyAndStop() {
    String name = tally.name == null ? getClass().getSimpleName() : tally.name;
    System.out.println("venue conformance: " + name + " " + tally.passed.get() + "/" + tally.total.get() + " scenarios");
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshVenue() throws Exception {
    journal.clearAll();
    snapshots.clearAll();
    guardianReports.clear();
    botReports.clear();
    signed.clear();
    venue = start();
    tally.name = venue.name();
    script = venue.script();
    botId = "kit" + BOTS.incrementAndGet();
    guardian = testKit.spawn(recorder(guardianReports));
    bot = testKit.spawn(recorder(botReports));
    settings = new VenueSettings(venue.venueId(), VenueSettings.DEFAULT_GUARDIAN_ID, SIGNER, null,
        Duration.ofSeconds(1), Duration.ofMillis(100));
    script.quote(d("49990"), d("50010"));
    script.balance(script.quoteAsset(), d("1000000"));
    script.balance(script.baseAsset(), d("100"));
    script.rules(new InstrumentRules(venue.symbol(), null, d("0.01"), d("0.0001"), d("0.0001"), d("10")));
    actor = spawnVenueActor(venue.adapter());
  }

  @AfterEach
  void closeVenue() throws Exception {
    if (actor != null) stopVenueActor();
    if (venue != null) venue.close();
  }

  // --- the scenarios ---------------------------------------------------------------------------

  @Test
  void aMarketOrderIsAcceptedAndFilledOnce() {
    Order order = market(1, Side.BUY, "0.01");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertEquals(1, placementsOf(order.clientOrderId()));
    assertOrderPathInvariants();
  }

  @Test
  void partialFillsAddUpToTheOrderAndEachIsReportedOnce() {
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING);
    script.fill(order.clientOrderId(), d("0.003"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.PARTIALLY_FILLED);
    script.fill(order.clientOrderId(), d("0.003"), d("49000"));
    script.fill(order.clientOrderId(), d("0.004"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertDecimal("0.01", status(order.clientOrderId()).filledQuantity());
    assertOrderPathInvariants();
  }

  @Test
  void anOrderBeyondTheFreeBalanceIsRejectedAndTheRejectionIsFinal() {
    script.balance(script.quoteAsset(), d("100"));
    Order order = limit(1, Side.BUY, "0.01", "49000"); // 490 of quote currency, 100 free
    submit(order);
    assertRejectedForGood(order);
    assertOrderPathInvariants();
  }

  @Test
  void aQuantityOffTheLotSizeIsRejected() {
    Order order = limit(1, Side.BUY, "0.01005", "49000");
    submit(order);
    assertRejectedForGood(order);
    assertOrderPathInvariants();
  }

  @Test
  void anOrderBelowTheMinimumNotionalIsRejected() {
    Order order = limit(1, Side.BUY, "0.0001", "49000"); // 4.90 < 10
    submit(order);
    assertRejectedForGood(order);
    assertOrderPathInvariants();
  }

  @Test
  void aPriceOffTheTickSizeIsRejected() {
    Order order = limit(1, Side.BUY, "0.01", "49000.005");
    submit(order);
    assertRejectedForGood(order);
    assertOrderPathInvariants();
  }

  @Test
  void aCancelRacingTheLastFillEndsFilledOrCancelledWithEveryFillCounted() throws Exception {
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING);
    script.fill(order.clientOrderId(), d("0.004"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.PARTIALLY_FILLED);
    var counterparty = CompletableFuture.runAsync(() -> script.fill(order.clientOrderId(), d("0.006"), d("49000")));
    actor.tell(new Venue.CancelOrder(order.clientOrderId(), "the bot changed its mind", bot));
    counterparty.get(5, TimeUnit.SECONDS);
    OrderReport.Status end = awaitTerminal(order.clientOrderId());
    assertTrue(end.status() == OrderStatus.FILLED || end.status() == OrderStatus.CANCELLED, end.toString());
    assertOrderPathInvariants();
    assertDecimal(venueFilled(order.clientOrderId()).toPlainString(), end.filledQuantity());
  }

  @Test
  void anAcceptedOrderWhoseAnswerTimedOutIsResolvedByQueryAndNeverSentAgain() {
    script.nextPlaceTimesOutAfterAccept();
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING); // only a query can tell: the answer never came
    assertEquals(1, placementsOf(order.clientOrderId()));
    script.fill(order.clientOrderId(), d("0.01"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertEquals(1, placementsOf(order.clientOrderId()));
    assertOrderPathInvariants();
  }

  @Test
  void aServerErrorBeforeTheVenueHadTheOrderIsNeverFollowedByASecondPlace() {
    script.nextRequestFailsWith5xx(false);
    // a short acknowledgement: the venue actor closes the order once it may no longer be sent and the venue never had it
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order, Duration.ofMillis(1500));
    OrderReport.Status end = awaitTerminal(order.clientOrderId());
    assertEquals(OrderStatus.REJECTED, end.status(), end.toString());
    assertEquals(0, placementsOf(order.clientOrderId()), "the order was placed after an ambiguous failure");
    Order next = market(2, Side.BUY, "0.01"); // the venue is fine again
    submit(next);
    awaitStatus(next.clientOrderId(), OrderStatus.FILLED);
    assertOrderPathInvariants();
  }

  @Test
  void aServerErrorAfterTheVenueAcceptedIsResolvedByQueryAndNeverSentAgain() {
    script.nextRequestFailsWith5xx(true);
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING);
    script.fill(order.clientOrderId(), d("0.01"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertEquals(1, placementsOf(order.clientOrderId()));
    assertOrderPathInvariants();
  }

  @Test
  void fillsDuringAStreamDisconnectArriveOnceThroughTheGapFillAfterReconnect() {
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING);
    script.fill(order.clientOrderId(), d("0.002"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.PARTIALLY_FILLED);
    script.disconnectStream();
    script.fill(order.clientOrderId(), d("0.003"), d("49000"));
    script.fill(order.clientOrderId(), d("0.005"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertOrderPathInvariants();
  }

  @Test
  void aDuplicatedExecutionMessageIsCountedOnce() {
    Order order = limit(1, Side.BUY, "0.01", "49000");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING);
    script.duplicateNextExecution();
    script.fill(order.clientOrderId(), d("0.004"), d("49000"));
    script.fill(order.clientOrderId(), d("0.006"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertOrderPathInvariants();
  }

  @Test
  void a429WithRetryAfterIsWaitedOutWithoutAViolationAndTheOrderGoesThroughOnce() {
    script.rateLimitNext(Duration.ofMillis(400));
    Order order = market(1, Side.BUY, "0.01");
    submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    Order second = market(2, Side.SELL, "0.01");
    submit(second);
    awaitStatus(second.clientOrderId(), OrderStatus.FILLED);
    assertEquals(0, script.rateLimitViolations(), "requests arrived while the venue had told us to wait");
    assertEquals(1, placementsOf(order.clientOrderId()));
    assertOrderPathInvariants();
  }

  @Test
  void aSkewedVenueClockIsAdjustedToAndTheOrderIsPlacedAtMostOnce() {
    script.skewClock(Duration.ofSeconds(3));
    Order order = market(1, Side.BUY, "0.01");
    submit(order);
    OrderReport.Status end = awaitTerminal(order.clientOrderId());
    assertTrue(end.status() == OrderStatus.FILLED || end.status() == OrderStatus.REJECTED, end.toString());
    assertTrue(placementsOf(order.clientOrderId()) <= 1);
    Order next = market(2, Side.BUY, "0.01"); // adjusted: the next one goes through
    submit(next);
    awaitStatus(next.clientOrderId(), OrderStatus.FILLED);
    assertOrderPathInvariants();
  }

  @Test
  void aRestartedFleetReconcilesOpenOrdersAndLosesNoFillFromTheDowntime() {
    Order filled = market(1, Side.BUY, "0.01");
    submit(filled);
    awaitStatus(filled.clientOrderId(), OrderStatus.FILLED);
    Order open = limit(2, Side.BUY, "0.02", "49000");
    submit(open);
    awaitStatus(open.clientOrderId(), OrderStatus.WORKING);
    script.fill(open.clientOrderId(), d("0.005"), d("49000"));
    awaitStatus(open.clientOrderId(), OrderStatus.PARTIALLY_FILLED);

    stopVenueActor(); // the fleet goes down
    VenueAdapter again = venue.restart();
    script.fill(open.clientOrderId(), d("0.005"), d("49000")); // while nobody listens
    actor = spawnVenueActor(again); // a new incarnation on the same journal

    awaitFilledQuantity(open.clientOrderId(), "0.01");
    assertEquals(OrderStatus.PARTIALLY_FILLED, status(open.clientOrderId()).status());
    script.fill(open.clientOrderId(), d("0.01"), d("49000"));
    awaitStatus(open.clientOrderId(), OrderStatus.FILLED);
    assertEquals(1, placementsOf(open.clientOrderId()));
    assertOrderPathInvariants();
  }

  @Test
  void anOrderPlacedOutsideTheFleetIsListedWithoutAClientOrderIdOfOursAndNotReportedAsOurs() throws Exception {
    VenueOrderView external = script.placeExternal(Side.BUY, d("0.01"), d("48000"));
    assertTrue(external.isExternal(), external.toString());
    List<VenueOrderView> open = venue.adapter().openOrders().toCompletableFuture().get(5, TimeUnit.SECONDS);
    var listed = open.stream().filter(o -> o.venueOrderId().equals(external.venueOrderId())).findFirst();
    assertTrue(listed.isPresent(), "the external order is not among the open orders: " + open);
    assertTrue(listed.get().isExternal(), "an order placed by hand was taken for ours: " + listed.get());
    Order ours = market(1, Side.BUY, "0.01");
    submit(ours);
    awaitStatus(ours.clientOrderId(), OrderStatus.FILLED);
    var page = venue.adapter().executionsSince(null).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertTrue(page.executions().stream().anyMatch(e -> ours.clientOrderId().equals(e.clientOrderId())),
        "our fill is missing from executionsSince: " + page);
    assertOrderPathInvariants();
  }

  @Test
  void aSecondPlaceOfTheSameClientOrderIdIsANoOp() throws Exception {
    Order order = limit(1, Side.BUY, "0.01", "49000");
    AcknowledgedOrder ack = submit(order);
    awaitStatus(order.clientOrderId(), OrderStatus.WORKING);
    actor.tell(new Venue.Submit(ack, bot)); // the bot retries: the venue actor answers the status
    OrderReport again = venue.adapter().place(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertInstanceOf(OrderReport.Status.class, again, "a second place of the same id was not answered with its status");
    assertEquals(1, placementsOf(order.clientOrderId()));
    script.fill(order.clientOrderId(), d("0.01"), d("49000"));
    awaitStatus(order.clientOrderId(), OrderStatus.FILLED);
    assertEquals(1, placementsOf(order.clientOrderId()));
    assertOrderPathInvariants();
  }

  // --- the invariants ----------------------------------------------------------------------------

  /**
   * No unacknowledged send, no duplicate, no lost fill, no double-counted fill, ledger = venue: waits (up to
   * {@link #patience()}) for the venue's executions to reach the guardian, then checks them all.
   */
  protected void assertOrderPathInvariants() {
    List<ClientOrderId> placements = script.placements();
    for (ClientOrderId id : placements) {
      assertTrue(signed.contains(id), "the venue has a placement of " + id + ", which no acknowledgement covers");
    }
    Map<ClientOrderId, Long> placedTimes = placements.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    placedTimes.forEach((id, n) -> assertEquals(1L, n, id + " was placed " + n + " times"));

    awaitTrue(() -> venueFillIds().equals(new HashSet<>(guardianFillIds())),
        () -> "the venue's executions of ours " + venueFillIds() + " are not the fills the guardian heard "
            + guardianFillIds());
    sleepQuietly(100); // a duplicate would arrive right behind
    List<String> heard = guardianFillIds();
    Map<String, Long> times = heard.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    times.forEach((fill, n) -> assertEquals(1L, n, "fill " + fill + " reached the guardian " + n + " times"));
    assertEquals(venueFillIds(), new HashSet<>(heard), "lost or invented fills");

    Map<String, BigDecimal> ledger = positions(guardianReports.stream()
        .filter(r -> r instanceof OrderReport.Filled).map(r -> ((OrderReport.Filled) r).fill())
        .map(f -> Map.entry(f.symbol(), f.signedQuantity())).toList());
    Map<String, BigDecimal> atVenue = positions(oursAtVenue().stream()
        .map(e -> Map.entry(e.symbol(), e.side() == Side.BUY ? e.quantity() : e.quantity().negate())).toList());
    assertEquals(atVenue, ledger, "ledger != venue");
  }

  // --- helpers for scenarios ---------------------------------------------------------------------

  protected static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  protected ClientOrderId id(long sequence) {
    return ClientOrderId.of(botId, sequence);
  }

  protected Order market(long sequence, Side side, String quantity) {
    return Order.market(id(sequence), venue.venueId(), venue.symbol(), side, d(quantity), false);
  }

  protected Order limit(long sequence, Side side, String quantity, String price) {
    return Order.limit(id(sequence), venue.venueId(), venue.symbol(), side, d(quantity), d(price));
  }

  protected AcknowledgedOrder submit(Order order) {
    return submit(order, Duration.ofSeconds(30));
  }

  /** Signs as the trusted guardian would, valid for {@code ttl}, and submits to the venue actor. */
  protected AcknowledgedOrder submit(Order order, Duration ttl) {
    Instant now = Instant.now();
    AcknowledgedOrder ack = SIGNER.sign(order, "ack-" + order.clientOrderId(), VenueSettings.DEFAULT_GUARDIAN_ID, now,
        now.plus(ttl));
    signed.add(order.clientOrderId());
    actor.tell(new Venue.Submit(ack, bot));
    return ack;
  }

  /** The venue actor's view of the order (answered from its journal). */
  protected OrderReport.Status status(ClientOrderId id) {
    TestProbe<OrderReport> probe = testKit.createTestProbe(OrderReport.class);
    actor.tell(new Venue.QueryOrder(id, probe.ref()));
    OrderReport report = probe.receiveMessage(Duration.ofSeconds(3));
    probe.stop();
    return assertInstanceOf(OrderReport.Status.class, report);
  }

  protected void awaitStatus(ClientOrderId id, OrderStatus expected) {
    awaitTrue(() -> status(id).status() == expected, () -> id + " did not become " + expected + ": " + status(id));
  }

  protected OrderReport.Status awaitTerminal(ClientOrderId id) {
    awaitTrue(() -> status(id).status().isTerminal(), () -> id + " did not settle: " + status(id));
    return status(id);
  }

  protected void awaitFilledQuantity(ClientOrderId id, String quantity) {
    awaitTrue(() -> status(id).filledQuantity().compareTo(d(quantity)) == 0,
        () -> id + " did not reach " + quantity + " filled: " + status(id));
  }

  /** How often the venue accepted a placement of {@code id}. */
  protected long placementsOf(ClientOrderId id) {
    return script.placements().stream().filter(id::equals).count();
  }

  protected VenueState venueState() {
    TestProbe<VenueState> probe = testKit.createTestProbe(VenueState.class);
    actor.tell(new Venue.GetOrders(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(3));
  }

  private void assertRejectedForGood(Order order) {
    awaitStatus(order.clientOrderId(), OrderStatus.REJECTED);
    awaitTrue(() -> guardianReports.stream().anyMatch(r -> r instanceof OrderReport.Rejected x
        && x.clientOrderId().equals(order.clientOrderId())), () -> "the guardian did not hear the rejection");
    sleepQuietly(300); // a rejection is final: nothing is sent again, nothing reopens it
    assertEquals(OrderStatus.REJECTED, status(order.clientOrderId()).status());
    assertEquals(0, placementsOf(order.clientOrderId()), "a rejected order was placed");
  }

  private List<VenueExecution> oursAtVenue() {
    return script.executions().stream().filter(e -> e.clientOrderId() != null && signed.contains(e.clientOrderId()))
        .toList();
  }

  private Set<String> venueFillIds() {
    return oursAtVenue().stream().map(VenueExecution::executionId).collect(Collectors.toSet());
  }

  private BigDecimal venueFilled(ClientOrderId id) {
    return oursAtVenue().stream().filter(e -> id.equals(e.clientOrderId())).map(VenueExecution::quantity)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private List<String> guardianFillIds() {
    return guardianReports.stream().filter(r -> r instanceof OrderReport.Filled)
        .map(r -> ((OrderReport.Filled) r).fill()).map(Fill::fillId).toList();
  }

  private static Map<String, BigDecimal> positions(List<Map.Entry<String, BigDecimal>> signedQuantities) {
    Map<String, BigDecimal> positions = new TreeMap<>();
    signedQuantities.forEach(e -> positions.merge(e.getKey(), e.getValue(), BigDecimal::add));
    positions.replaceAll((s, q) -> q.stripTrailingZeros());
    return positions;
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertNotNull(actual);
    assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
  }

  private void awaitTrue(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> message) {
    long deadline = System.nanoTime() + patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(message.get());
      sleepQuietly(20);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ActorRef<Venue.Command> spawnVenueActor(VenueAdapter adapter) {
    return testKit.spawn(VenueActor.create(settings, adapter, guardian));
  }

  private void stopVenueActor() {
    TestProbe<Object> watcher = testKit.createTestProbe();
    actor.tell(new Venue.Stop());
    watcher.expectTerminated(actor, Duration.ofSeconds(5));
    actor = null;
  }

  private static Behavior<OrderReport> recorder(List<OrderReport> into) {
    return Behaviors.receive(OrderReport.class).onAnyMessage(r -> {
      into.add(r);
      return Behaviors.same();
    }).build();
  }

  /** Counts the scenarios that ran and passed, for the one line the class prints. */
  static final class Tally implements TestWatcher {
    final AtomicInteger passed = new AtomicInteger();
    final AtomicInteger total = new AtomicInteger();
    volatile String name;

    @Override
    public void testSuccessful(ExtensionContext context) {
      passed.incrementAndGet();
      total.incrementAndGet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      total.incrementAndGet();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
      total.incrementAndGet();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
      total.incrementAndGet();
    }
  }

  private static final class ConcurrentHashSet {
    static <T> Set<T> create() {
      return java.util.concurrent.ConcurrentHashMap.newKeySet();
    }
  }
}
