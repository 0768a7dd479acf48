package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.allocation.Allocator.Accepted;
import io.dorado.protocol.allocation.Allocator.Allocation;
import io.dorado.protocol.allocation.Allocator.AlreadyRecorded;
import io.dorado.protocol.allocation.Allocator.Budget;
import io.dorado.protocol.allocation.Allocator.BudgetReply;
import io.dorado.protocol.allocation.Allocator.Command;
import io.dorado.protocol.allocation.Allocator.NoBudget;
import io.dorado.protocol.allocation.Allocator.Rejected;
import io.dorado.protocol.allocation.AllocatorEvent;
import io.dorado.protocol.allocation.AllocatorEvent.OutcomeRecorded;
import io.dorado.protocol.allocation.AllocatorEvent.Reallocated;
import io.dorado.protocol.allocation.AllocatorState;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.BetaPosterior;
import io.dorado.protocol.allocation.NigPosterior;
import io.dorado.protocol.allocation.PosteriorKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocatorActorTest {
  private static final Config CONFIG = ConfigFactory.parseString(
          """
          pekko.actor.serialize-messages = on
          pekko.loglevel = WARNING
          """)
      .withFallback(EventSourcedBehaviorTestKit.config())
      .withFallback(PersistenceTestKitSnapshotPlugin.config());

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(CONFIG).withName("allocator-test").build();

  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
  private static final BigDecimal CAPITAL = new BigDecimal("100000.00");
  private static final AllocationPolicy BY_BOT =
      AllocationPolicy.defaults(ArmMode.BY_BOT, CAPITAL, 42L).withFloorAndCap(0.1, 0.6).withCadence(Duration.ofDays(7));

  private EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> allocator(AllocationPolicy policy) {
    return allocator(policy, PersistenceId.ofUniqueId("allocator-" + IDS.incrementAndGet()));
  }

  private EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> allocator(
      AllocationPolicy policy, PersistenceId id) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), AllocatorActor.create(id, policy, CLOCK));
  }

  private static Allocator.Ack register(
      EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit, String botId, String template) {
    return kit.<Allocator.Ack>runCommand(r -> new Allocator.RegisterArm(botId, template, r)).reply();
  }

  private static Allocator.Ack outcome(
      EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit,
      String tradeId, String botId, String pnl, String maxLoss, boolean paper) {
    return kit.<Allocator.Ack>runCommand(r -> new Allocator.RecordOutcome(
        tradeId, botId, null, new BigDecimal(pnl), new BigDecimal(maxLoss), paper, CLOCK.instant(), r)).reply();
  }

  private static BudgetReply budget(EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit, String botId) {
    return kit.<BudgetReply>runCommand(r -> new Allocator.GetBudget(botId, r)).reply();
  }

  private static Allocation allocation(EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit) {
    return kit.<Allocation>runCommand(Allocator.GetAllocation::new).reply();
  }

  /** Three bots; "winner" closes ten trades at +1R, "loser" ten at −1R, "idle" none. */
  private static void playThreeBots(EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit) {
    for (String bot : List.of("winner", "loser", "idle")) register(kit, bot, "t-" + bot);
    for (int i = 0; i < 10; i++) {
      outcome(kit, "w-" + i, "winner", "300", "300", false);
      outcome(kit, "l-" + i, "loser", "-300", "300", false);
    }
  }

  @Test
  @DisplayName("registered bots each get a budget; the weights share all the capital within floor and cap")
  void registeredBotsShareTheCapitalWithinFloorAndCap() {
    var kit = allocator(BY_BOT);
    for (String bot : List.of("a", "b", "c")) assertInstanceOf(Accepted.class, register(kit, bot, null));
    double sum = 0;
    for (String bot : List.of("a", "b", "c")) {
      Budget b = assertInstanceOf(Budget.class, budget(kit, bot));
      assertTrue(b.weight() >= 0.1 && b.weight() <= 0.6, "weight " + b.weight());
      assertEquals(AllocatorState.capitalOf(b.weight(), CAPITAL), b.capital());
      assertTrue(b.capital().compareTo(CAPITAL.multiply(BigDecimal.valueOf(b.weight()))) <= 0, "rounded down");
      assertEquals(CLOCK.instant(), b.asOf());
      assertTrue(b.covers(b.capital()) && !b.covers(b.capital().add(new BigDecimal("0.01"))), "the guardian's check");
      sum += b.weight();
    }
    assertEquals(1.0, sum, 1e-9);
  }

  @Test
  @DisplayName("an unknown or retired bot has no budget, and its weight goes to the others at once")
  void anUnknownOrRetiredBotHasNoBudget() {
    var kit = allocator(BY_BOT);
    register(kit, "a", null);
    register(kit, "b", null);
    assertInstanceOf(NoBudget.class, budget(kit, "nobody"));
    var retire = kit.<Allocator.Ack>runCommand(r -> new Allocator.RetireArm("b", "paused by operator", r));
    assertInstanceOf(Accepted.class, retire.reply());
    assertInstanceOf(AllocatorEvent.ArmRetired.class, retire.events().get(0));
    assertInstanceOf(NoBudget.class, budget(kit, "b"));
    assertEquals(0.6, assertInstanceOf(Budget.class, budget(kit, "a")).weight(), 1e-12, "the lone arm is capped");
  }

  @Test
  @DisplayName("outcomes then a reallocation move the budget to the winning bot and leave the loser on the floor")
  void outcomesThenReallocationMoveTheBudgetToTheWinner() {
    var kit = allocator(BY_BOT);
    playThreeBots(kit);
    var result = kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("operator", r));
    assertInstanceOf(Accepted.class, result.reply());
    Reallocated event = assertInstanceOf(Reallocated.class, result.event());
    assertEquals(AllocatorEvent.Trigger.ON_DEMAND, event.trigger());
    assertEquals(BY_BOT.decay(), event.decay());
    assertEquals(CLOCK.instant().plus(Duration.ofDays(7)), event.nextDue());

    double winner = assertInstanceOf(Budget.class, budget(kit, "winner")).weight();
    double loser = assertInstanceOf(Budget.class, budget(kit, "loser")).weight();
    double idle = assertInstanceOf(Budget.class, budget(kit, "idle")).weight();
    assertEquals(0.6, winner, 1e-12, "winner at the cap");
    assertEquals(0.1, loser, 1e-12, "loser on the floor");
    assertEquals(0.3, idle, 1e-12, "the rest to the unproven bot");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PosteriorKind.class)
  @DisplayName("a new bot with no trade, registered next to bots with records, gets a budget at once and the guardian"
      + " hears it (the demo's condor twin, under either posterior)")
  void aNewBotWithoutTradesGetsABudgetNextToBotsWithRecords(PosteriorKind posterior) {
    // The fleet's policy (FleetSetup): by bot, floor 0.05, cap 0.5, paper rewards discounted and down-weighted.
    var policy = AllocationPolicy.defaults(ArmMode.BY_BOT, CAPITAL, 42L).withPosterior(posterior);
    var guardian = testKit.<io.dorado.protocol.risk.RiskGuardian.Command>createTestProbe();
    var kit = EventSourcedBehaviorTestKit.<Command, AllocatorEvent, AllocatorState>create(testKit.system(),
        AllocatorActor.create(PersistenceId.ofUniqueId("allocator-" + IDS.incrementAndGet()), policy, CLOCK,
            java.util.Optional.of(guardian.getRef())));
    for (String bot : List.of("aapl-ic", "btc-mom", "btc-mr", "eth-mom", "btc-mr.paper")) register(kit, bot, null);
    // The twins that traded: paper wins and losses (the demo's btc-mr twin), and a live winner.
    outcome(kit, "p-1", "btc-mr.paper", "140.53", "150", true);
    outcome(kit, "p-2", "btc-mr.paper", "-118.47", "150", true);
    for (int i = 0; i < 10; i++) outcome(kit, "w-" + i, "btc-mom", "300", "300", false);
    assertInstanceOf(Accepted.class, kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("cadence", r)).reply());
    guardian.receiveSeveralMessages(6); // a push per registration and the reallocation

    assertInstanceOf(Accepted.class, register(kit, "aapl-ic.paper", null));
    Budget budget = assertInstanceOf(Budget.class, budget(kit, "aapl-ic.paper"));
    assertTrue(budget.weight() >= policy.floor() - 1e-12, posterior + ": the new arm's weight " + budget.weight()
        + " is below the floor " + policy.floor());
    assertTrue(budget.covers(new BigDecimal("1968.00")), posterior + ": the condor's max loss 1968.00 > budget "
        + budget.capital());
    var pushed = (io.dorado.protocol.risk.RiskGuardian.BudgetsUpdated) guardian.receiveMessage();
    assertEquals(budget.capital(), pushed.budgets().get("aapl-ic.paper"), "the guardian has the new bot's budget");
    System.out.println("new arm next to arms with records (" + posterior.configName() + "): weight "
        + String.format(java.util.Locale.ROOT, "%.4f", budget.weight()) + ", budget " + budget.capital()
        + "; all: " + pushed.budgets());
  }

  @Test
  @DisplayName("a trade recorded twice counts once")
  void aTradeRecordedTwiceCountsOnce() {
    var kit = allocator(BY_BOT);
    register(kit, "a", null);
    assertInstanceOf(Accepted.class, outcome(kit, "trade-1", "a", "150", "300", false));
    Allocation before = allocation(kit);
    var again = kit.<Allocator.Ack>runCommand(r -> new Allocator.RecordOutcome(
        "trade-1", "a", null, new BigDecimal("150"), new BigDecimal("300"), false, CLOCK.instant(), r));
    assertEquals(new AlreadyRecorded("trade-1"), again.reply());
    assertTrue(again.hasNoEvents());
    assertEquals(before, allocation(kit));
    assertEquals(1, before.arms().get(0).liveTrades());
  }

  @Test
  @DisplayName("a recorded trade id refuses a re-sent outcome for a week, then is forgotten (the state stays bounded)")
  void recordedTradeIdsAreForgottenAfterAWeek() {
    var clock = new io.dorado.protocol.testing.MutableClock(CLOCK.instant());
    EventSourcedBehaviorTestKit<Command, AllocatorEvent, AllocatorState> kit = EventSourcedBehaviorTestKit.create(
        testKit.system(), AllocatorActor.create(PersistenceId.ofUniqueId("allocator-" + IDS.incrementAndGet()), BY_BOT, clock));
    register(kit, "a", null);
    assertInstanceOf(Accepted.class, outcome(kit, "trade-1", "a", "150", "300", false));
    clock.advance(AllocatorActor.TRADE_ID_RETENTION.minusHours(1));
    assertInstanceOf(Accepted.class, outcome(kit, "trade-2", "a", "-50", "300", false));
    assertTrue(kit.runCommand(new Allocator.ForgetTrades()).hasNoEvents(), "nothing recorded a week ago yet");

    clock.advance(Duration.ofHours(2));
    var forgot = kit.runCommand(new Allocator.ForgetTrades());

    assertInstanceOf(AllocatorEvent.TradesForgotten.class, forgot.event());
    assertFalse(kit.getState().hasRecorded("trade-1"));
    assertEquals(new AlreadyRecorded("trade-2"), outcome(kit, "trade-2", "a", "-50", "300", false), "a recent one still refused");
    assertEquals(2, allocation(kit).arms().get(0).liveTrades(), "what the trades taught the posterior stays");
    kit.restart();
    assertFalse(kit.getState().hasRecorded("trade-1"));
    assertTrue(kit.getState().hasRecorded("trade-2"));
  }

  @Test
  @DisplayName("a paper trade is recorded with the discounted reward and the paper weight")
  void aPaperTradeIsRecordedWithTheDiscountAndWeight() {
    var kit = allocator(BY_BOT);
    register(kit, "a", null);
    var result = kit.<Allocator.Ack>runCommand(r -> new Allocator.RecordOutcome(
        "p-1", "a", null, new BigDecimal("600"), new BigDecimal("-300"), true, CLOCK.instant(), r));
    OutcomeRecorded e = assertInstanceOf(OutcomeRecorded.class, result.event());
    assertEquals(1.0 * 0.7, e.reward(), 1e-12, "clipped to 1, then discounted");
    assertEquals(0.5, e.weight(), 1e-12);
    Allocator.ArmView arm = allocation(kit).arms().get(0);
    assertEquals(1, arm.paperTrades());
    assertEquals(0, arm.liveTrades());
    assertEquals(1 + 0.5 * (0.7 + 1) / 2, arm.alpha(), 1e-12);
    assertEquals(1 + 0.5 * (1 - 0.7) / 2, arm.beta(), 1e-12);
  }

  @Test
  @DisplayName("the allocation shows each arm's Normal-Inverse-Gamma posterior (the default): mean, its spread, the reward variance and the trades; with beta the Beta one")
  void theAllocationShowsTheSampledPosterior() {
    var kit = allocator(BY_BOT);
    register(kit, "a", null);
    outcome(kit, "t1", "a", "150", "300", false); // reward 0.5
    outcome(kit, "t2", "a", "-30", "300", false); // reward −0.1
    NigPosterior expected = NigPosterior.DEFAULT_PRIOR.observe(0.5, 1).observe(-0.1, 1);
    Allocator.ArmView arm = allocation(kit).arms().get(0);
    assertEquals(PosteriorKind.NIG, arm.posterior());
    assertEquals(expected, arm.normal());
    assertEquals(expected.mean(), arm.posteriorMean(), 1e-12);
    assertEquals(Math.sqrt(expected.beta() / (expected.alpha() * expected.kappa())), arm.posteriorSd(), 1e-12);
    assertEquals(expected.beta() / (expected.alpha() - 1), arm.rewardVariance(), 1e-12);
    assertEquals(2, arm.liveTrades());

    var beta = allocator(BY_BOT.withPosterior(PosteriorKind.BETA));
    register(beta, "a", null);
    outcome(beta, "t1", "a", "150", "300", false);
    Allocator.ArmView b = allocation(beta).arms().get(0);
    assertEquals(PosteriorKind.BETA, b.posterior());
    assertEquals(b.meanReward(), b.posteriorMean(), 1e-12);
    assertEquals(2 * Math.sqrt(1.75 * 1.25 / (3.0 * 3.0 * 4.0)), b.posteriorSd(), 1e-12);
  }

  @Test
  @DisplayName("a snapshot from before the Normal-Inverse-Gamma posterior recovers with it at the prior, and the next trade updates it")
  void aSnapshotWithoutTheNormalPosteriorRecoversAtThePrior() {
    AllocatorState.Arm old = new AllocatorState.Arm("a", null, BetaPosterior.prior(1, 1).observe(1, 1), 1, 0, null, null);
    assertEquals(NigPosterior.DEFAULT_PRIOR, old.normalPosterior());
    AllocatorState state = new AllocatorState(java.util.Map.of("a", old), java.util.Map.of(
        "a", new AllocatorState.Seat("a", "a", null, true)), java.util.Map.of(), 0, null, null, java.util.Map.of());
    var next = state.recorded(new OutcomeRecorded("t2", "a", "a", BigDecimal.ONE, BigDecimal.TEN, false, 0.1, 1.0,
        CLOCK.instant(), CLOCK.instant()));
    assertEquals(NigPosterior.DEFAULT_PRIOR.observe(0.1, 1), next.arms().get("a").normal());
    assertEquals(2.0, next.arms().get("a").posterior().observations(), 1e-12);
  }

  @Test
  @DisplayName("a reallocation decays the posteriors toward the prior; a change of arms does not")
  void aReallocationDecaysThePosteriors() {
    var kit = allocator(BY_BOT.withDecay(0.5));
    register(kit, "a", null);
    for (int i = 0; i < 4; i++) outcome(kit, "t" + i, "a", "300", "300", false); // α = 5, β = 1
    register(kit, "b", null);
    assertEquals(5.0, allocation(kit).arms().get(0).alpha(), 1e-12);
    kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("operator", r));
    Allocator.ArmView a = allocation(kit).arms().get(0);
    assertEquals(1 + 0.5 * 4, a.alpha(), 1e-12);
    assertEquals(1.0, a.beta(), 1e-12);
    assertEquals(2.0, a.observations(), 1e-12);
  }

  @Test
  @DisplayName("with template arms the bots of a template split its weight equally, and a bot without a template is rejected")
  void templateArmsSplitTheirWeightAmongTheirBots() {
    var kit = allocator(AllocationPolicy.defaults(ArmMode.BY_TEMPLATE, CAPITAL, 7L).withFloorAndCap(0.2, 0.8));
    assertInstanceOf(Rejected.class, register(kit, "x", null));
    register(kit, "spy-condor", "iron-condor");
    register(kit, "qqq-condor", "iron-condor");
    register(kit, "btc-trend", "trend");
    Allocation view = allocation(kit);
    assertEquals(2, view.arms().size());
    double condor = view.weightOf("iron-condor");
    Budget spy = assertInstanceOf(Budget.class, budget(kit, "spy-condor"));
    assertEquals("iron-condor", spy.armId());
    assertEquals(condor / 2, spy.weight(), 1e-12);
    assertEquals(condor / 2, assertInstanceOf(Budget.class, budget(kit, "qqq-condor")).weight(), 1e-12);
    // An outcome of a bot on a template arm feeds the template's posterior.
    outcome(kit, "c-1", "spy-condor", "300", "300", false);
    assertEquals(1, allocation(kit).arms().stream().filter(a -> a.armId().equals("iron-condor")).findFirst()
        .orElseThrow().liveTrades());
  }

  @Test
  @DisplayName("commands that make no sense are answered with a reason")
  void nonsenseIsRejectedWithAReason() {
    var kit = allocator(BY_BOT);
    assertInstanceOf(Rejected.class,
        kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("operator", r)).reply());
    assertInstanceOf(Rejected.class, outcome(kit, "t-1", "ghost", "1", "1", false));
    assertInstanceOf(Rejected.class,
        kit.<Allocator.Ack>runCommand(r -> new Allocator.RetireArm("ghost", "why not", r)).reply());
    register(kit, "a", null);
    assertInstanceOf(Accepted.class, register(kit, "a", null), "registering twice is harmless");
  }

  @Test
  @DisplayName("after a restart the allocator has the same posteriors and weights, without re-sampling")
  void afterARestartTheWeightsAreTheSame() {
    var kit = allocator(BY_BOT);
    playThreeBots(kit);
    kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("operator", r));
    Allocation before = allocation(kit);
    AllocatorState state = kit.getState();
    kit.restart();
    assertEquals(state, kit.getState());
    assertEquals(before, allocation(kit));
  }

  @Test
  @DisplayName("the same seed and the same history give the same weights; another seed may not")
  void theSameSeedAndHistoryGiveTheSameWeights() {
    var first = allocator(BY_BOT);
    var second = allocator(BY_BOT);
    var otherSeed = allocator(BY_BOT.withSeed(43L));
    java.util.List<Reallocated> reallocations = new java.util.ArrayList<>();
    for (var kit : List.of(first, second, otherSeed)) {
      playThreeBots(kit);
      outcome(kit, "x", "idle", "250", "300", false);
      reallocations.add((Reallocated) kit.<Allocator.Ack>runCommand(r -> new Allocator.Reallocate("operator", r)).event());
    }
    assertEquals(reallocations.get(0), reallocations.get(1));
    assertEquals(allocation(first), allocation(second));
    assertNotEquals(reallocations.get(0).probabilityBest(), reallocations.get(2).probabilityBest());
  }

  @Test
  @DisplayName("the cadence timer reallocates on its own, and is recomputed after a restart")
  void theCadenceTimerReallocatesAndSurvivesRestart() {
    AllocationPolicy fast = BY_BOT.withCadence(Duration.ofMillis(300));
    PersistenceId id = PersistenceId.ofUniqueId("allocator-cadence-" + IDS.incrementAndGet());
    ActorRef<Command> ref = testKit.spawn(AllocatorActor.create(id, fast, Clock.systemUTC()));
    TestProbe<Allocator.Ack> acks = testKit.createTestProbe();
    ref.tell(new Allocator.RegisterArm("a", null, acks.ref()));
    acks.expectMessageClass(Accepted.class);

    TestProbe<Allocation> views = testKit.createTestProbe();
    long round = awaitRound(ref, views, 3);
    testKit.stop(ref);

    ActorRef<Command> revived = testKit.spawn(AllocatorActor.create(id, fast, Clock.systemUTC()));
    long after = awaitRound(revived, views, round + 2);
    assertTrue(after >= round + 2, "scheduled reallocations continue after the restart");
    testKit.stop(revived);
  }

  private static long awaitRound(ActorRef<Command> ref, TestProbe<Allocation> probe, long atLeast) {
    return probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      ref.tell(new Allocator.GetAllocation(probe.ref()));
      Allocation a = probe.receiveMessage(Duration.ofSeconds(2));
      assertTrue(a.round() >= atLeast, "round " + a.round() + " < " + atLeast);
      return a.round();
    });
  }
}
