package io.dorado.cluster.venues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.ForwardingVenueAdapter;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The venue entity as the node runs it: its info from the adapter, its rules reported to the guardian, closed on stop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueEntityTest {
  private final ActorTestKit kit = ActorTestKit.create("venue-entity", ConfigFactory.parseString("""
          pekko.loglevel = WARNING
          """).withFallback(PersistenceTestKitPlugin.getInstance().config())
      .withFallback(PersistenceTestKitSnapshotPlugin.config())
      .withFallback(ConfigFactory.load()));
  private static final InstrumentRules BTC = new InstrumentRules("BTC", "BTCUSDT", new BigDecimal("0.01"),
      new BigDecimal("0.00001"), new BigDecimal("0.00001"), new BigDecimal("5"));

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  /** A testnet adapter: the paper venue's matching, a real venue's rules and connection. */
  static final class TestnetAdapter extends ForwardingVenueAdapter {
    final AtomicBoolean closed = new AtomicBoolean();

    TestnetAdapter() {
      super(new PaperVenue(PaperVenue.settingsFrom(ConfigFactory.empty())));
    }

    @Override
    public VenueInfo info() {
      return new VenueInfo("whatever-the-adapter-says", "testex", VenueMode.BROKER_PAPER, "acct", true,
          VenueInfo.Connection.CONNECTING);
    }

    @Override
    public CompletionStage<List<InstrumentRules>> instruments() {
      return CompletableFuture.completedFuture(List.of(BTC));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void the_entity_answers_its_configured_info_reports_its_rules_to_the_guardian_and_closes_its_adapter_on_stop() {
    var account = new VenueAccount("testex-1", "testex", VenueMode.BROKER_PAPER, "sub-account-7", null, null, null,
        Map.of("BTC", "BTCUSDT"), null);
    var adapter = new TestnetAdapter();
    TestProbe<RiskGuardian.Command> guardian = kit.createTestProbe();
    TestProbe<OrderReport> reports = kit.createTestProbe();
    var settings = VenueSettings.of("testex-1", AckSigner.ofSecret("venue-entity-test-secret-0123456789"),
        Clock.systemUTC());
    var venue = kit.spawn(VenueEntity.create(account, adapter, settings, reports.ref(), guardian.ref(), true,
        Duration.ofMillis(200)));

    var first = guardian.expectMessageClass(RiskGuardian.InstrumentRulesReported.class);
    assertEquals("testex-1", first.venue());
    assertEquals(List.of(BTC), first.rules());
    // And again every refresh: a guardian that restarted has them back.
    guardian.expectMessageClass(RiskGuardian.InstrumentRulesReported.class, Duration.ofSeconds(3));

    TestProbe<VenueInfo> info = kit.createTestProbe();
    venue.tell(new Venue.GetInfo(info.ref()));
    assertEquals(new VenueInfo("testex-1", "testex", VenueMode.BROKER_PAPER, "sub-account-7", true,
        VenueInfo.Connection.CONNECTING), info.receiveMessage());

    venue.tell(new Venue.Stop());
    TestProbe<Object> watcher = kit.createTestProbe();
    watcher.expectTerminated(venue, Duration.ofSeconds(5));
    assertTrue(adapter.closed.get(), "adapter closed");
    int drained = 0; // the reports made before the stop; a refresh that went on would never let this end
    while (drained < 20) {
      try {
        guardian.receiveMessage(Duration.ofMillis(300));
        drained++;
      } catch (AssertionError none) {
        break;
      }
    }
    assertTrue(drained < 20, "reports went on after the entity stopped");
    guardian.expectNoMessage(Duration.ofMillis(500)); // the refresh stopped with the entity
  }

  @Test
  void the_paper_venue_shows_as_kind_paper_mode_paper_connected_and_reports_no_rules() {
    var settings = VenueSettings.of("paper", AckSigner.ofSecret("venue-entity-test-secret-0123456789"), Clock.systemUTC());
    TestProbe<RiskGuardian.Command> guardian = kit.createTestProbe();
    var venue = kit.spawn(VenueEntity.create(VenueAccount.paper("paper"), new PaperVenue(PaperVenue.settingsFrom(
        ConfigFactory.empty())), settings, kit.<OrderReport>createTestProbe().ref(), guardian.ref(), false,
        Duration.ofMillis(100)));
    TestProbe<VenueInfo> info = kit.createTestProbe();
    venue.tell(new Venue.GetInfo(info.ref()));
    assertEquals(new VenueInfo("paper", "paper", VenueMode.PAPER, "paper", true, VenueInfo.Connection.CONNECTED),
        info.receiveMessage());
    guardian.expectNoMessage(Duration.ofMillis(400));
  }
}
