package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.allocation.Allocator.Accepted;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.PosteriorKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regret of the allocator as it runs in production: the real {@link AllocatorActor} on the persistence test kit's
 * journal and snapshot store, five bots registered as arms with planted mean rewards μ (one best). Each trade is made
 * by a bot drawn in proportion to the weights in force and its outcome is sent as a bot sends it (realized P&L and
 * max loss, {@link Allocator.RecordOutcome}); every {@link #CADENCE} trades the operator reallocates and the weights
 * are read back with {@link Allocator.GetAllocation}. ε-greedy runs on the same pre-drawn rewards and the same
 * arm-choice uniforms. Regret is the expected shortfall of the weights in force against the best arm's true mean,
 * summed over all trades and averaged over the seeds. The posterior sampled is the policy's default
 * (Normal-Inverse-Gamma); {@code -Ddorado.regret.posterior=beta} runs the same with the Beta posterior.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocatorRegretSimulationTest {
  private static final Config CONFIG = ConfigFactory.parseString(
          """
          pekko.loglevel = WARNING
          # Events are serialized as in production; the snapshot (every 100 events) is not copied through CBOR each
          # time: it holds every trade id of the week, thousands here, and its wire form has its own tests.
          pekko.persistence.testkit.snapshots.serialize = off
          """)
      .withFallback(EventSourcedBehaviorTestKit.config())
      .withFallback(PersistenceTestKitSnapshotPlugin.config());

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(CONFIG).withName("allocator-regret").build();

  private static final double[] MU = {-0.10, 0.00, 0.05, 0.10, 0.25};
  private static final double SIGMA = 0.6;
  private static final int TRADES = Integer.getInteger("dorado.regret.trades", 8_000);
  private static final int SEEDS = Integer.getInteger("dorado.regret.seeds", 3);
  private static final int CADENCE = 10;
  private static final double FLOOR = 0.01;
  private static final double CAP = 1.0;
  private static final double EPSILON = 0.1;
  /** A loaded machine may pause the actor system for seconds; this bounds a lost reply, not speed. */
  private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(30);
  private static final BigDecimal MAX_LOSS = new BigDecimal("100");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

  private enum Shape {
    WIN_LOSS("win/loss"),
    CLIPPED_NORMAL("clipped normal");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  private int runs;

  @Test
  @DisplayName("on win/loss trades the allocator actor's Thompson sampling has less regret than ε-greedy on the same draws")
  void winLossThompsonBeatsEpsilonGreedyThroughTheActor() {
    compare(Shape.WIN_LOSS);
  }

  @Test
  @DisplayName("on clipped-normal P&L the allocator actor's Thompson sampling has less regret than ε-greedy, and less with the Normal-Inverse-Gamma posterior than with the Beta one")
  void clippedNormalThompsonBeatsEpsilonGreedyThroughTheActor() {
    double[] nig = compare(Shape.CLIPPED_NORMAL);
    if (!"beta".equals(System.getProperty("dorado.regret.posterior", "nig"))) {
      // The Beta posterior on the first seed's world only (the runtime): the same rewards and draws as NIG's run.
      double beta = throughTheActor(world(Shape.CLIPPED_NORMAL, 1000), trueMeans(Shape.CLIPPED_NORMAL),
          PosteriorKind.BETA, 1.0, 1000);
      System.out.printf(Locale.ROOT, "allocator regret (clipped normal, seed 1000): nig posterior %.1f, beta posterior %.1f%n",
          nig[0], beta);
      assertTrue(nig[0] < beta, "Normal-Inverse-Gamma regret " + nig[0] + " < Beta regret " + beta);
    }
  }

  private static double[] trueMeans(Shape shape) {
    double[] trueMean = new double[MU.length];
    for (int i = 0; i < MU.length; i++) {
      trueMean[i] = shape == Shape.WIN_LOSS ? MU[i] : PlantedBanditSimulationTest.clippedMean(MU[i], SIGMA);
    }
    return trueMean;
  }

  /** Thompson's regret through the actor, per seed. */
  private double[] compare(Shape shape) {
    PosteriorKind kind = PosteriorKind.parse(System.getProperty("dorado.regret.posterior", "nig"));
    // A stationary world: no decay (decay is for arms whose edge moves; PlantedBanditSimulationTest covers it).
    double decay = Double.parseDouble(System.getProperty("dorado.regret.decay", "1.0"));
    double[] trueMean = trueMeans(shape);
    double thompson = 0;
    double greedy = 0;
    double[] perSeed = new double[SEEDS];
    for (int k = 0; k < SEEDS; k++) {
      long seed = 1000 + k;
      World world = world(shape, seed);
      perSeed[k] = throughTheActor(world, trueMean, kind, decay, seed);
      thompson += perSeed[k] / SEEDS;
      greedy += epsilonGreedy(world, trueMean) / SEEDS;
    }
    System.out.printf(Locale.ROOT, "allocator regret (%s): thompson %.1f, epsilon-greedy %.1f%n", shape.label, thompson,
        greedy);
    System.out.printf(Locale.ROOT, "  (%s posterior, decay %s, %d trades, reallocation every %d, floor %.2f, %d seeds)%n",
        kind.configName(), decay, TRADES, CADENCE, FLOOR, SEEDS);
    assertTrue(thompson < greedy, "Thompson regret " + thompson + " < ε-greedy regret " + greedy);
    return perSeed;
  }

  private double throughTheActor(World world, double[] trueMean, PosteriorKind kind, double decay, long seed) {
    AllocationPolicy policy = AllocationPolicy.defaults(ArmMode.BY_BOT, new BigDecimal("100000.00"), seed)
        .withFloorAndCap(FLOOR, CAP).withDecay(decay).withPosterior(kind);
    ActorRef<Allocator.Command> allocator = testKit.spawn(
        AllocatorActor.create(PersistenceId.ofUniqueId("allocator-regret-" + (runs++)), policy, CLOCK));
    TestProbe<Allocator.Ack> acks = testKit.createTestProbe();
    TestProbe<Allocator.Allocation> views = testKit.createTestProbe();
    int n = MU.length;
    for (int i = 0; i < n; i++) {
      allocator.tell(new Allocator.RegisterArm("bot-" + i, null, acks.ref()));
      assertInstanceOf(Accepted.class, acks.receiveMessage(PATIENCE));
    }
    double[] w = weights(allocator, views);
    double regret = 0;
    for (int t = 0; t < TRADES; t++) {
      regret += regret(w, trueMean);
      int arm = pick(w, world.choice()[t]);
      BigDecimal pnl = BigDecimal.valueOf(world.rewards()[t][arm]).multiply(MAX_LOSS);
      // Bots report independently: the outcomes between two reallocations are in flight together.
      allocator.tell(new Allocator.RecordOutcome(
          "trade-" + t, "bot-" + arm, null, pnl, MAX_LOSS, false, CLOCK.instant(), acks.ref()));
      if ((t + 1) % CADENCE == 0) {
        for (int i = 0; i < CADENCE; i++) assertInstanceOf(Accepted.class, acks.receiveMessage(PATIENCE));
        allocator.tell(new Allocator.Reallocate("simulation", acks.ref()));
        assertInstanceOf(Accepted.class, acks.receiveMessage(PATIENCE));
        w = weights(allocator, views);
      }
    }
    testKit.stop(allocator);
    return regret;
  }

  private static double[] weights(ActorRef<Allocator.Command> allocator, TestProbe<Allocator.Allocation> views) {
    allocator.tell(new Allocator.GetAllocation(views.ref()));
    Allocator.Allocation a = views.receiveMessage(PATIENCE);
    double[] w = new double[MU.length];
    for (int i = 0; i < MU.length; i++) w[i] = a.weightOf("bot-" + i);
    return w;
  }

  private static double epsilonGreedy(World world, double[] trueMean) {
    int n = MU.length;
    double[] sum = new double[n];
    long[] count = new long[n];
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    double regret = 0;
    for (int t = 0; t < TRADES; t++) {
      regret += regret(w, trueMean);
      int arm = pick(w, world.choice()[t]);
      sum[arm] += world.rewards()[t][arm];
      count[arm]++;
      if ((t + 1) % CADENCE == 0) {
        int greedy = 0;
        for (int i = 1; i < n; i++) if (mean(sum, count, i) > mean(sum, count, greedy)) greedy = i;
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) raw[i] = EPSILON / n + (i == greedy ? 1 - EPSILON : 0);
        w = WaterFilling.apply(raw, FLOOR, CAP);
      }
    }
    return regret;
  }

  private static double mean(double[] sum, long[] count, int i) {
    return count[i] == 0 ? 0 : sum[i] / count[i];
  }

  private static double regret(double[] w, double[] trueMean) {
    double expected = 0;
    for (int i = 0; i < w.length; i++) expected += w[i] * trueMean[i];
    return Arrays.stream(trueMean).max().orElseThrow() - expected;
  }

  private static int pick(double[] w, double u) {
    double acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i];
      if (u < acc) return i;
    }
    return w.length - 1;
  }

  private record World(double[][] rewards, double[] choice) {}

  /** Every arm's reward on every trade (rounded to cents of the max loss, as P&L is), and the arm-choice uniforms. */
  private static World world(Shape shape, long seed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    ContinuousDistribution.Sampler z = NormalDistribution.of(0, 1).createSampler(rng);
    double[][] rewards = new double[TRADES][MU.length];
    double[] choice = new double[TRADES];
    for (int t = 0; t < TRADES; t++) {
      for (int i = 0; i < MU.length; i++) {
        double r = shape == Shape.WIN_LOSS
            ? (rng.nextDouble() < (MU[i] + 1) / 2 ? 1.0 : -1.0)
            : Math.max(-1, Math.min(1, MU[i] + SIGMA * z.sample()));
        rewards[t][i] = Math.round(r * 10_000) / 10_000.0;
      }
      choice[t] = rng.nextDouble();
    }
    return new World(rewards, choice);
  }
}
