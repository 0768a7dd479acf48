package io.dorado.actors.orderpath.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.AccountReconciliation;
import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A venue's account watcher reads what a (test) adapter reports and the guardian opens, reconciles and adopts from it:
 * the venue's cash replaces the configured one, an order no bot owns is EXTERNAL, a later snapshot apart beyond the
 * tolerance holds the account; a venue that reports no account is not read again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueAccountWatcherTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final ActorTestKit kit = ActorTestKit.create("venue-account-watcher", TestConfigs.eventSourced());

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  /** Reports whatever the test sets; remembers the cursors it was asked with. */
  static final class ScriptedAdapter implements VenueAdapter {
    volatile AccountSnapshot account;
    volatile List<VenueOrderView> open = List.of();
    volatile List<VenueExecution> executions = List.of();
    final List<String> cursors = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<OrderReport> place(Order order) {
      return CompletableFuture.failedFuture(new IllegalStateException("not in this test"));
    }

    @Override
    public CompletionStage<OrderReport> cancel(ClientOrderId id, String reason) {
      return CompletableFuture.failedFuture(new IllegalStateException("not in this test"));
    }

    @Override
    public CompletionStage<OrderReport.Status> query(ClientOrderId id) {
      return CompletableFuture.failedFuture(new IllegalStateException("not in this test"));
    }

    @Override
    public void connect(Consumer<OrderReport> listener) {}

    @Override
    public VenueInfo info() {
      return new VenueInfo("crypto", "scripted", VenueMode.LIVE, "acct-1", true, VenueInfo.Connection.CONNECTED);
    }

    @Override
    public CompletionStage<AccountSnapshot> account() {
      return account == null ? VenueAdapter.super.account() : CompletableFuture.completedFuture(account);
    }

    @Override
    public CompletionStage<List<VenueOrderView>> openOrders() {
      return CompletableFuture.completedFuture(open);
    }

    @Override
    public CompletionStage<ExecutionPage> executionsSince(String cursor) {
      cursors.add(String.valueOf(cursor));
      var page = executions;
      executions = List.of();
      return CompletableFuture.completedFuture(new ExecutionPage(page, "c" + cursors.size()));
    }
  }

  private static AccountSnapshot snapshot(String cash) {
    return new AccountSnapshot("crypto", "USDT", Map.of("USDT", new BigDecimal(cash)), new BigDecimal(cash), null, null,
        List.of(new Position("BTC", new BigDecimal("0.5"), null, null)), T0);
  }

  @Test
  void the_watcher_reports_the_venues_account_and_the_guardian_opens_reconciles_and_adopts_from_it() {
    var adapter = new ScriptedAdapter();
    adapter.account = snapshot("20000");
    adapter.open = List.of(new VenueOrderView("v-1", null, "web-123", "BTC", Side.SELL, OrderType.LIMIT,
        new BigDecimal("0.1"), new BigDecimal("60000"), null, null, OrderStatus.WORKING, T0));
    adapter.executions = List.of(new VenueExecution("t-1", "v-0", null, "BTC", Side.BUY, new BigDecimal("0.5"),
        new BigDecimal("50000"), null, T0));
    var clock = new MutableClock(T0);
    var policy = RiskPolicy.DEFAULT;
    var guardian = kit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings("watcher-guardian",
            new BigDecimal("100000"), Duration.ofSeconds(30), AckSigner.ofSecret("venue-account-watcher-secret-012345"),
            clock), new RiskEngine(policy, symbol -> java.util.Optional.<Instrument>empty()),
        VenueDirectory.of(Map.of()), new AccountReconciliation(BigDecimal.ONE, new BigDecimal("0.001"))));
    kit.spawn(VenueAccountWatcher.create("crypto", adapter, guardian, Duration.ofMillis(200), clock));
    TestProbe<RiskGuardian.AccountsView> probe = kit.createTestProbe();

    RiskGuardian.AccountView opened = probe.awaitAssert(Duration.ofSeconds(5), () -> {
      guardian.tell(new RiskGuardian.GetAccounts(probe.ref()));
      var a = probe.receiveMessage().accounts().stream().filter(v -> v.account().equals("crypto")).findFirst().orElseThrow();
      assertEquals("OK", a.reconciliation());
      return a;
    });
    assertEquals(0, new BigDecimal("20000").compareTo(opened.cash()), "the venue's cash, not the configured 100,000");
    assertEquals("live", opened.mode());
    assertEquals(0, new BigDecimal("0.5").compareTo(opened.externalPositions().get("BTC")), "no bot holds the BTC");
    assertEquals(List.of("v-1"), opened.externalOrders().stream().map(VenueOrderView::venueOrderId).toList());
    assertNull(opened.mismatch());

    adapter.account = snapshot("19000"); // 1,000 gone at the venue that the ledger knows nothing of

    RiskGuardian.AccountView held = probe.awaitAssert(Duration.ofSeconds(5), () -> {
      guardian.tell(new RiskGuardian.GetAccounts(probe.ref()));
      var a = probe.receiveMessage().accounts().stream().filter(v -> v.account().equals("crypto")).findFirst().orElseThrow();
      assertEquals("MISMATCH", a.reconciliation());
      return a;
    });
    assertEquals(io.dorado.protocol.risk.TradingState.REDUCING, held.tradingState());
    assertTrue(held.mismatch().contains("cash: ledger 20000.00, venue 19000.00"), held.mismatch());
    assertEquals("null", adapter.cursors.get(0), "first read from the adapter's look-back");
    assertEquals("c1", adapter.cursors.get(1), "then from the cursor it answered");
  }

  @Test
  void a_venue_that_reports_no_account_is_not_read_again() {
    var adapter = new ScriptedAdapter(); // account() unsupported, as the paper venue's
    TestProbe<RiskGuardian.Command> guardian = kit.createTestProbe();
    var watcher = kit.spawn(VenueAccountWatcher.create("paper", adapter, guardian.ref(), Duration.ofMillis(100),
        new MutableClock(T0)));

    guardian.expectTerminated(watcher, Duration.ofSeconds(3));
    guardian.expectNoMessage(Duration.ofMillis(300));
  }
}
