package io.dorado.protocol.allocation;

import static io.dorado.protocol.Json.required;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How the allocator spreads capital (PRD §6.2, "Allocation Bandit").
 *
 * @param mode arms are bots or strategy templates
 * @param totalCapital the capital shared out by the weights
 * @param floor the least weight an active arm gets (keeps every arm explored); honoured when
 *     {@code arms × floor ≤ 1}, otherwise every arm gets {@code 1 / arms}
 * @param cap the most weight one arm gets; when {@code arms × cap < 1} every arm sits at the cap and the
 *     rest of the capital stays unallocated (risk first)
 * @param decay γ in (0, 1]: each scheduled or on-demand reallocation pulls every posterior's pseudo-counts
 *     toward the prior, {@code α ← α₀ + γ(α − α₀)}, so old trades count less (non-stationarity); 1 = no decay
 * @param paperDiscount paper rewards are multiplied by this (PRD: 0.7; paper fills flatter)
 * @param paperWeight a paper trade counts as this fraction of a live one in the posterior (PRD: 0.5)
 * @param cadence time between scheduled reallocations
 * @param seed the sampling seed: reallocation {@code n} samples with a generator seeded by {@code (seed, n)}
 * @param draws posterior draws per reallocation used to estimate each arm's probability of being best
 * @param priorAlpha the Beta prior's α (success pseudo-count)
 * @param priorBeta the Beta prior's β (failure pseudo-count)
 * @param method Thompson sampling (absent: the default) or hierarchical risk parity
 * @param hrpWindowDays HRP: the days of daily reward sums the covariance is estimated over (absent: 90; at most
 *     {@link AllocatorState#RETURNS_RETENTION_DAYS})
 * @param kellyFraction HRP: each arm's weight is capped at this fraction of its Kelly bet, mean / variance of its
 *     per-trade rewards within the window (absent: 0.25, quarter-Kelly)
 * @param posterior Thompson: which of every arm's posteriors is sampled (absent: Normal-Inverse-Gamma, which fits
 *     continuous rewards; {@code beta} as before)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AllocationPolicy(
    ArmMode mode,
    BigDecimal totalCapital,
    double floor,
    double cap,
    double decay,
    double paperDiscount,
    double paperWeight,
    Duration cadence,
    long seed,
    int draws,
    double priorAlpha,
    double priorBeta,
    AllocationMethod method,
    Integer hrpWindowDays,
    Double kellyFraction,
    PosteriorKind posterior)
    implements CborSerializable {

  public static final int DEFAULT_HRP_WINDOW_DAYS = 90;
  public static final double DEFAULT_KELLY_FRACTION = 0.25;

  /** Thompson sampling, as before HRP. */
  public AllocationPolicy(ArmMode mode, BigDecimal totalCapital, double floor, double cap, double decay,
      double paperDiscount, double paperWeight, Duration cadence, long seed, int draws, double priorAlpha,
      double priorBeta) {
    this(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed, draws, priorAlpha, priorBeta,
        null, null, null, null);
  }

  /** As before the posterior could be chosen (Normal-Inverse-Gamma, the default). */
  public AllocationPolicy(ArmMode mode, BigDecimal totalCapital, double floor, double cap, double decay,
      double paperDiscount, double paperWeight, Duration cadence, long seed, int draws, double priorAlpha,
      double priorBeta, AllocationMethod method, Integer hrpWindowDays, Double kellyFraction) {
    this(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed, draws, priorAlpha, priorBeta,
        method, hrpWindowDays, kellyFraction, null);
  }

  public static final double DEFAULT_FLOOR = 0.05;
  public static final double DEFAULT_CAP = 0.5;
  public static final double DEFAULT_DECAY = 0.995;
  public static final double DEFAULT_PAPER_DISCOUNT = 0.7;
  public static final double DEFAULT_PAPER_WEIGHT = 0.5;
  public static final Duration DEFAULT_CADENCE = Duration.ofDays(7);
  public static final int DEFAULT_DRAWS = 2000;

  public AllocationPolicy {
    required(mode, "mode");
    required(totalCapital, "total_capital");
    required(cadence, "cadence");
    if (totalCapital.signum() < 0) throw new IllegalArgumentException("total_capital must be >= 0");
    if (!(floor >= 0 && floor <= 1)) throw new IllegalArgumentException("floor must be in [0, 1], was " + floor);
    if (!(cap > 0 && cap <= 1)) throw new IllegalArgumentException("cap must be in (0, 1], was " + cap);
    if (floor > cap) throw new IllegalArgumentException("floor " + floor + " must not exceed cap " + cap);
    if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("decay must be in (0, 1], was " + decay);
    if (!(paperDiscount >= 0 && paperDiscount <= 1)) {
      throw new IllegalArgumentException("paper_discount must be in [0, 1], was " + paperDiscount);
    }
    if (!(paperWeight >= 0 && paperWeight <= 1)) {
      throw new IllegalArgumentException("paper_weight must be in [0, 1], was " + paperWeight);
    }
    if (cadence.isNegative() || cadence.isZero()) throw new IllegalArgumentException("cadence must be positive");
    if (draws < 1) throw new IllegalArgumentException("draws must be >= 1, was " + draws);
    if (!(priorAlpha > 0) || !(priorBeta > 0)) {
      throw new IllegalArgumentException("prior_alpha and prior_beta must be > 0");
    }
    method = method == null ? AllocationMethod.THOMPSON : method;
    hrpWindowDays = hrpWindowDays == null ? DEFAULT_HRP_WINDOW_DAYS : hrpWindowDays;
    if (hrpWindowDays < 2 || hrpWindowDays > AllocatorState.RETURNS_RETENTION_DAYS) {
      throw new IllegalArgumentException("hrp_window_days must be in [2, " + AllocatorState.RETURNS_RETENTION_DAYS
          + "], was " + hrpWindowDays);
    }
    kellyFraction = kellyFraction == null ? DEFAULT_KELLY_FRACTION : kellyFraction;
    if (!(kellyFraction > 0 && kellyFraction <= 1)) {
      throw new IllegalArgumentException("kelly_fraction must be in (0, 1], was " + kellyFraction);
    }
    posterior = posterior == null ? PosteriorKind.NIG : posterior;
  }

  /** The PRD's numbers: weekly cadence and decay 0.995, paper discount 0.7 at weight 0.5, uniform Beta(1, 1) prior. */
  public static AllocationPolicy defaults(ArmMode mode, BigDecimal totalCapital, long seed) {
    return new AllocationPolicy(
        mode, totalCapital, DEFAULT_FLOOR, DEFAULT_CAP, DEFAULT_DECAY, DEFAULT_PAPER_DISCOUNT,
        DEFAULT_PAPER_WEIGHT, DEFAULT_CADENCE, seed, DEFAULT_DRAWS, 1.0, 1.0);
  }

  public AllocationPolicy withFloorAndCap(double floor, double cap) {
    return new AllocationPolicy(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed,
        draws, priorAlpha, priorBeta, method, hrpWindowDays, kellyFraction, posterior);
  }

  public AllocationPolicy withDecay(double decay) {
    return new AllocationPolicy(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed,
        draws, priorAlpha, priorBeta, method, hrpWindowDays, kellyFraction, posterior);
  }

  public AllocationPolicy withCadence(Duration cadence) {
    return new AllocationPolicy(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed,
        draws, priorAlpha, priorBeta, method, hrpWindowDays, kellyFraction, posterior);
  }

  public AllocationPolicy withSeed(long seed) {
    return new AllocationPolicy(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed,
        draws, priorAlpha, priorBeta, method, hrpWindowDays, kellyFraction, posterior);
  }

  /** The same policy allocating by {@code method}. */
  public AllocationPolicy withMethod(AllocationMethod method) {
    return new AllocationPolicy(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed,
        draws, priorAlpha, priorBeta, method, hrpWindowDays, kellyFraction, posterior);
  }

  /** The same policy sampling Thompson's draws from the {@code posterior} kind of every arm. */
  public AllocationPolicy withPosterior(PosteriorKind posterior) {
    return new AllocationPolicy(mode, totalCapital, floor, cap, decay, paperDiscount, paperWeight, cadence, seed,
        draws, priorAlpha, priorBeta, method, hrpWindowDays, kellyFraction, posterior);
  }

  /** The arm a bot belongs to under this policy's mode. */
  public String armOf(String botId, String template) {
    return mode == ArmMode.BY_BOT ? botId : template;
  }
}
