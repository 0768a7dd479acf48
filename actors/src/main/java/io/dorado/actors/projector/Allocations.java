package io.dorado.actors.projector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A dollar amount in, ranked allocations out. The rule: candidates (bots) are ranked by their quarter Kelly (the score;
 * ties by id); each is given its quarter-Kelly fraction of the amount, so allocations are proportional to quarter
 * Kelly and none exceeds 25% of the amount (f* ≤ 1); when the fractions add up to more than the whole amount they are
 * scaled down together to fit. What is not allocated stays cash. A candidate with fewer than {@code minTrades}
 * trades, or without an edge, gets 0 and a note saying why. Amounts are in cents, rounded down.
 */
public final class Allocations {
  private Allocations() {}

  /** A bot (or any id) and its realised trades as returns. */
  public record Candidate(String id, String template, double[] returns) {}

  /** One ranked allocation: {@code score} is the quarter Kelly it is ranked by. */
  public record Allocation(int rank, String id, String template, KellyFractions kelly, double score, BigDecimal amount,
      String note) {}

  /** The ranked allocations of {@code amount} and what stays unallocated. */
  public record Plan(BigDecimal amount, List<Allocation> allocations, BigDecimal unallocated, String rule) {
    public Plan {
      allocations = List.copyOf(allocations);
    }
  }

  public static final String RULE = "ranked by quarter Kelly; each gets its quarter-Kelly fraction of the amount "
      + "(at most 25%), scaled down together if they add up to more than the amount; the rest stays cash; fewer than "
      + "the minimum trades or no edge: 0";

  public static Plan rank(BigDecimal amount, List<Candidate> candidates, int minTrades) {
    record Scored(Candidate c, KellyFractions kelly, double score, String note) {}
    var scored = new ArrayList<Scored>();
    double total = 0;
    for (Candidate c : candidates) {
      KellyFractions k = KellyFractions.of(c.returns());
      String note;
      double score = 0;
      if (k.trades() < minTrades) {
        note = k.trades() + " closed trades, needs " + minTrades;
      } else if (k.quarter() <= 0) {
        note = "no allocation: " + k.basis();
      } else {
        score = k.quarter();
        note = "quarter Kelly " + String.format(java.util.Locale.ROOT, "%.4f", score) + " (" + k.basis() + ")";
      }
      total += score;
      scored.add(new Scored(c, k, score, note));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.c().id()));
    double scale = total > 1 ? 1 / total : 1;
    var out = new ArrayList<Allocation>();
    BigDecimal allocated = BigDecimal.ZERO;
    for (Scored s : scored) {
      BigDecimal a = amount.multiply(BigDecimal.valueOf(s.score() * scale)).setScale(2, RoundingMode.DOWN);
      allocated = allocated.add(a);
      out.add(new Allocation(out.size() + 1, s.c().id(), s.c().template(), s.kelly(), s.score(), a, s.note()));
    }
    return new Plan(amount.setScale(2, RoundingMode.DOWN), out, amount.subtract(allocated).setScale(2, RoundingMode.DOWN),
        RULE);
  }
}
