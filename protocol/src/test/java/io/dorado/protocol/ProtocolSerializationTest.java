package io.dorado.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.testing.ProtocolScan;
import io.dorado.protocol.testing.RoundTrip;
import io.dorado.protocol.testing.Samples;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every permitted subtype of every sealed protocol interface survives Pekko's real serialization
 * (Jackson CBOR), and is registered for polymorphic reading. A new subtype that does not round-trip,
 * or that someone forgot in @JsonSubTypes, fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolSerializationTest {
  private final ActorTestKit testKit = ActorTestKit.create("protocol-serialization");
  private final RoundTrip roundTrip = new RoundTrip(testKit.system());
  private final Samples samples = new Samples(testKit.createTestProbe().ref());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private List<Class<?>> protocols() {
    return ProtocolScan.sealedProtocols(CborSerializable.class, "io.dorado.protocol");
  }

  @Test
  void theScanFindsTheCoreProtocols() {
    List<String> names = protocols().stream().map(Class::getSimpleName).toList();
    for (String expected : List.of("Command", "Ack", "BotEvent", "BotState", "OrderReport", "ReviewReply")) {
      assertFalse(names.stream().noneMatch(expected::equals), "scan missed " + expected + " in " + names);
    }
  }

  @TestFactory
  Stream<DynamicTest> everySealedProtocolRegistersAllItsSubtypesForJackson() {
    return protocols().stream().map(p -> DynamicTest.dynamicTest(p.getName(), () -> RoundTrip.assertSubtypesRegistered(p)));
  }

  @Test
  void aLimitEntrySignalItsProposalAndItsCancellingRoundTripWithTheirTimeOut() {
    var timeout = java.time.Duration.ofMinutes(30);
    var signal = new io.dorado.protocol.signal.Signal("sig-l", "btc-mr-01", "BTC",
        io.dorado.protocol.signal.SignalAction.ENTER_LONG, new java.math.BigDecimal("41500"), new java.math.BigDecimal("41000"),
        null, "scan", Samples.AT, null, List.of(), timeout);
    assertEquals(signal, roundTrip.through(signal));
    var proposal = new io.dorado.protocol.risk.TradeProposal("btc-mr-01/sig-l", "btc-mr-01", "sig-l", "paper", "BTC",
        io.dorado.protocol.order.Side.BUY, new java.math.BigDecimal("41500"), new java.math.BigDecimal("41000"), null,
        io.dorado.protocol.bot.Sizing.riskPct(java.math.BigDecimal.ONE), false, Samples.AT, List.of(), timeout);
    assertEquals(proposal, roundTrip.through(proposal));
    var cancelling = new io.dorado.protocol.bot.BotEvent.EntryCancelling("btc-mr-01",
        io.dorado.protocol.order.ClientOrderId.of("btc-mr-01", 3), "limit entry not filled within PT30M", Samples.AT);
    assertEquals(cancelling, roundTrip.through(cancelling));
  }

  @Test
  void aComboOrderAStructureSignalAndAStructureProposalRoundTripWithTheirLegs() {
    var id = io.dorado.protocol.order.ClientOrderId.of("aapl-ic-01", 1);
    var combo = io.dorado.protocol.order.IronCondorFixture.entry(id, "2", "1.15");
    var ack = io.dorado.protocol.risk.AckSigner.ofSecret("a-secret-of-sixteen-bytes").sign(combo, "ack-1", "g",
        Samples.AT, Samples.AT.plusSeconds(30));
    assertEquals(ack, roundTrip.through(ack));
    var signal = new io.dorado.protocol.signal.Signal("sig-ic", "aapl-ic-01", "AAPL",
        io.dorado.protocol.signal.SignalAction.ENTER_SHORT, new java.math.BigDecimal("1.25"), null, null, "scan", Samples.AT,
        null, io.dorado.protocol.order.IronCondorFixture.legs());
    assertEquals(signal, roundTrip.through(signal));
    var intended = new io.dorado.protocol.bot.BotEvent.OrderIntended("aapl-ic-01", combo, Samples.AT);
    assertEquals(intended, roundTrip.through(intended));
  }

  @Test
  void aScanReportRoundTripsWithItsLegsRawQuotesGreeksProvenanceAndItsRefusals() {
    var s = io.dorado.protocol.strategy.StrategyTemplate.LegRole.SHORT_PUT;
    var leg = new io.dorado.protocol.strategy.OptionLeg(s, io.dorado.protocol.strategy.StrategyTemplate.LegPosition.SELL,
        new java.math.BigDecimal("95"), java.time.LocalDate.parse("2027-01-15"), new java.math.BigDecimal("1.20"),
        new java.math.BigDecimal("1.25"), -0.18, 0.27, new java.math.BigDecimal("1.22"), Samples.AT,
        new java.math.BigDecimal("101.50"), io.dorado.protocol.strategy.OptionLeg.GreeksSource.MODEL,
        "Black-Scholes, r = 0, IV 27.0% inverted from mid 1.23 at underlying 101.50, 39 DTE");
    var legacy = new io.dorado.protocol.strategy.OptionLeg(s, null, java.math.BigDecimal.TEN, null, java.math.BigDecimal.ONE,
        java.math.BigDecimal.TEN, -0.2, 0.3);
    var candidate = new io.dorado.protocol.strategy.Candidate("c-1", "aapl-ic", "iron_condor", "AAPL",
        io.dorado.protocol.market.AssetClass.EQUITY_OPTIONS, null, new java.math.BigDecimal("1.23"), null, null,
        List.of(leg, legacy), 39, new java.math.BigDecimal("1.23"), new java.math.BigDecimal("3.77"), false, 0.04, false, 1.0,
        0.6, java.util.Map.of(io.dorado.protocol.strategy.ScoreFeature.DATA_QUALITY, 0.5), "note");
    var bot = new io.dorado.protocol.strategy.BotScan("aapl-ic", "AAPL", "iron_condor", List.of(), List.of(candidate), null,
        List.of("2027-01-15 (short put 90, long put 85) refused: short put 90 quote 4m12s old > 1m"));
    var report = new io.dorado.protocol.strategy.Scan.LastReport(new io.dorado.protocol.strategy.ScanReport("scan-1",
        Samples.AT, "goldilocks", List.of(bot), List.of(), List.of()));
    assertEquals(report, roundTrip.through(report));
  }

  @Test
  void instrumentRulesWithoutAPipAndAnAccountSnapshotWithoutFinancingWrittenBeforeTheFieldsStillRead() {
    var d = (java.util.function.Function<String, java.math.BigDecimal>) java.math.BigDecimal::new;
    var rules = new io.dorado.protocol.venue.InstrumentRules("EUR", "EUR_USD", d.apply("0.00001"), d.apply("1"),
        d.apply("1"), null, d.apply("0.0001"));
    var reported = new io.dorado.protocol.risk.RiskGuardian.InstrumentRulesReported("oanda", List.of(rules), Samples.AT);
    assertEquals(reported, roundTrip.through(reported), "the pip travels");
    var before = (io.dorado.protocol.risk.RiskGuardian.InstrumentRulesReported) roundTrip.throughOlder(reported,
        tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("rules").get(0)).remove("pip"));
    assertEquals(new io.dorado.protocol.venue.InstrumentRules("EUR", "EUR_USD", d.apply("0.00001"), d.apply("1"),
        d.apply("1"), null), before.rules().get(0));

    var snapshot = new io.dorado.protocol.venue.AccountSnapshot("oanda", "USD", java.util.Map.of("USD", d.apply("100")),
        d.apply("100"), null, null, List.of(new io.dorado.protocol.order.Position("EUR", d.apply("3000"),
            d.apply("1.0812"), java.math.BigDecimal.ZERO)), Samples.AT, java.util.Map.of("EUR", d.apply("-1.35")));
    var opened = new io.dorado.protocol.risk.GuardianEvent.AccountOpened("oanda", "oanda", "paper", snapshot,
        java.util.Map.of(), Samples.AT);
    assertEquals(opened, roundTrip.through(opened), "the financing travels");
    var journaled = (io.dorado.protocol.risk.GuardianEvent.AccountOpened) roundTrip.throughOlder(opened,
        tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("snapshot")).remove("financing"));
    assertEquals(java.util.Map.of(), journaled.snapshot().financing());
    assertEquals(snapshot.positions(), journaled.snapshot().positions());
  }

  @Test
  void anOrderIntendedAndATradeMarkJournalledBeforeTheTemplateAndApproverStillReadWithThemNull() {
    var id = io.dorado.protocol.order.ClientOrderId.of("aapl-1", 3);
    var order = io.dorado.protocol.order.Order.market(id, "paper", "AAPL", io.dorado.protocol.order.Side.SELL,
        java.math.BigDecimal.TEN, true);
    var intended = new io.dorado.protocol.bot.BotEvent.OrderIntended("aapl-1", order, Samples.AT, "equity_momentum",
        "telegram @alice");
    assertEquals(intended, roundTrip.through(intended), "the template and the approver travel");
    var journalled = roundTrip.throughOlder(intended, tree -> {
      assertEquals("telegram @alice", tree.remove("approvedBy").asText(), tree::toString);
      assertEquals("equity_momentum", tree.remove("template").asText(), tree::toString);
    });
    assertEquals(new io.dorado.protocol.bot.BotEvent.OrderIntended("aapl-1", order, Samples.AT), journalled);

    var protection = new io.dorado.protocol.bot.BotEvent.ProtectionIntended("aapl-1", order,
        io.dorado.protocol.bot.ProtectiveOrder.Role.STOP, Samples.AT, "equity_momentum", null);
    var olderProtection = roundTrip.throughOlder(protection, tree -> tree.remove(List.of("template", "approvedBy")));
    assertEquals(new io.dorado.protocol.bot.BotEvent.ProtectionIntended("aapl-1", order,
        io.dorado.protocol.bot.ProtectiveOrder.Role.STOP, Samples.AT), olderProtection);

    var mark = new io.dorado.protocol.bot.TradeMark("aapl-1/s1", java.math.BigDecimal.ZERO, java.math.BigDecimal.TEN,
        true, Samples.AT, null, null, List.of(), "http:bob");
    var snapshotted = (io.dorado.protocol.bot.TradeMark) roundTrip.throughOlder(mark,
        tree -> assertEquals("http:bob", tree.remove("approved_by").asText(), tree::toString));
    assertEquals(null, snapshotted.approvedBy());
    assertEquals(mark.tradeId(), snapshotted.tradeId());
  }

  @Test
  void anAmendOfAnOcoTravelsWithTheOrderItReplacesAndAnOrderJournalledBeforeAmendsReadsAsReplacingNone() {
    var ids = List.of(io.dorado.protocol.order.ClientOrderId.of("eur-1", 2),
        io.dorado.protocol.order.ClientOrderId.of("eur-1", 3));
    var oco = new io.dorado.protocol.order.Order(ids.get(1), "oanda", "EUR", io.dorado.protocol.order.Side.SELL,
        io.dorado.protocol.order.OrderType.OCO, new java.math.BigDecimal("1000"), new java.math.BigDecimal("1.085"),
        new java.math.BigDecimal("1.078"), io.dorado.protocol.order.TimeInForce.GTC, true);
    var amend = new io.dorado.protocol.bot.BotEvent.ProtectionIntended("eur-1", oco.replacing(ids.get(0)),
        io.dorado.protocol.bot.ProtectiveOrder.Role.OCO, Samples.AT);
    assertEquals(amend, roundTrip.through(amend), "the replaced order travels");
    var plain = new io.dorado.protocol.bot.BotEvent.ProtectionIntended("eur-1", oco,
        io.dorado.protocol.bot.ProtectiveOrder.Role.OCO, Samples.AT);
    assertEquals(plain, roundTrip.throughOlder(plain,
        tree -> assertTrue(tree.path("order").path("replaces").isMissingNode(), tree::toString)),
        "an order that amends none is written as before");
  }

  @Test
  void aHaltAndAnApprovalJournalledBeforeTheBreakerAndTheRegimeMultiplierWereRecordedStillRead() {
    var halt = new io.dorado.protocol.risk.GuardianEvent.TradingStateChanged(io.dorado.protocol.risk.TradingState.HALTED,
        "circuit breaker", "breaker implied HALTED", Samples.AT, "paper", io.dorado.protocol.risk.Breaker.WEEKLY_LOSS);
    assertEquals(halt, roundTrip.through(halt), "the breaker travels");
    var before = (io.dorado.protocol.risk.GuardianEvent.TradingStateChanged) roundTrip.throughOlder(halt,
        tree -> tree.remove("breaker"));
    assertEquals(new io.dorado.protocol.risk.GuardianEvent.TradingStateChanged(io.dorado.protocol.risk.TradingState.HALTED,
        "circuit breaker", "breaker implied HALTED", Samples.AT, "paper"), before);
    assertEquals(null, before.breaker());

    var proposal = (io.dorado.protocol.risk.TradeProposal) samples.of(io.dorado.protocol.risk.TradeProposal.class);
    var approved = new io.dorado.protocol.risk.GuardianEvent.ReviewApproved(proposal, new java.math.BigDecimal("5"),
        new java.math.BigDecimal("50"), Samples.AT, new java.math.BigDecimal("0.5"));
    assertEquals(approved, roundTrip.through(approved), "the regime multiplier travels");
    var older = (io.dorado.protocol.risk.GuardianEvent.ReviewApproved) roundTrip.throughOlder(approved,
        tree -> tree.remove("regimeMultiplier"));
    assertEquals(null, older.regimeMultiplier());
    assertEquals(approved.quantity(), older.quantity());
  }

  @TestFactory
  Stream<DynamicTest> everyPermittedSubtypeRoundTripsThroughPekkoSerialization() {
    return protocols().stream()
        .flatMap(p -> ProtocolScan.concreteSubtypes(p).stream())
        .distinct()
        .map(type -> DynamicTest.dynamicTest(type.getName(), () -> {
          Object value = samples.of(type);
          assertEquals(value, roundTrip.through(value));
        }));
  }
}
