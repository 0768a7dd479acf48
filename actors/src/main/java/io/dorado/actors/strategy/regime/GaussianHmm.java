package io.dorado.actors.strategy.regime;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A hidden Markov model with multivariate Gaussian emissions (full covariance), fitted by Baum-Welch
 * and decoded by Viterbi. Written here because no maintained Java library does it (PRD §3.5.1 uses
 * hmmlearn's GaussianHMM). The forward-backward pass is scaled per step, Viterbi runs in log space,
 * and covariances get a small ridge so a state that collapses onto few points cannot go singular.
 *
 * <p>Fitting starts from k-means (several seeded restarts) and keeps the model with the best
 * likelihood, so a given seed always gives the same model.
 */
public final class GaussianHmm {
  private static final double RIDGE = 1e-6;
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final int k;
  private final int d;
  private final double[] start;
  private final double[][] transition;
  private final double[][] means;
  private final double[][][] covariances;
  private final Gaussian[] emissions;

  private GaussianHmm(double[] start, double[][] transition, double[][] means, double[][][] covariances) {
    this.k = start.length;
    this.d = means[0].length;
    this.start = start;
    this.transition = transition;
    this.means = means;
    this.covariances = covariances;
    this.emissions = new Gaussian[k];
    for (int s = 0; s < k; s++) emissions[s] = new Gaussian(means[s], covariances[s]);
  }

  /** The result of fitting: the model, its log-likelihood and how many EM iterations it took. */
  public record Fit(GaussianHmm model, double logLikelihood, int iterations) {}

  /**
   * Fits {@code states} states to observations {@code x[t][feature]} by Baum-Welch, from
   * {@code restarts} k-means starts seeded from {@code seed}; stops when the log-likelihood improves
   * by less than {@code tolerance} or after {@code maxIterations}.
   */
  public static Fit fit(double[][] x, int states, int maxIterations, double tolerance, int restarts, long seed) {
    if (states < 1) throw new IllegalArgumentException("states must be >= 1");
    if (x.length < states * 5) throw new IllegalArgumentException("need at least " + states * 5 + " observations, got " + x.length);
    Fit best = null;
    Random rng = new Random(seed);
    for (int r = 0; r < Math.max(1, restarts); r++) {
      GaussianHmm model = initial(x, states, rng.nextLong());
      double ll = Double.NEGATIVE_INFINITY;
      int it = 0;
      for (; it < maxIterations; it++) {
        Step step = model.emStep(x);
        double gain = step.logLikelihood - ll;
        ll = step.logLikelihood;
        model = step.next;
        if (gain >= 0 && gain < tolerance) break;
      }
      ll = model.logLikelihood(x);
      if (best == null || ll > best.logLikelihood) best = new Fit(model, ll, it + 1);
    }
    return best;
  }

  public int states() {
    return k;
  }

  public double[] mean(int state) {
    return means[state].clone();
  }

  public double[][] transitionMatrix() {
    double[][] out = new double[k][];
    for (int i = 0; i < k; i++) out[i] = transition[i].clone();
    return out;
  }

  /** Log-likelihood of the observations under this model. */
  public double logLikelihood(double[][] x) {
    return forwardBackward(x, false).logLikelihood;
  }

  /** P(state at t | all observations) for every t: rows sum to 1. */
  public double[][] posteriors(double[][] x) {
    return forwardBackward(x, true).gamma;
  }

  /** P(state at the last t | observations up to it): the filtered probability the radar publishes. */
  public double[] filtered(double[][] x) {
    ForwardBackward fb = forwardBackward(x, false);
    return fb.alpha[x.length - 1].clone();
  }

  /** The most likely state sequence (Viterbi, in log space). */
  public int[] viterbi(double[][] x) {
    int n = x.length;
    double[][] delta = new double[n][k];
    int[][] back = new int[n][k];
    double[][] logA = new double[k][k];
    for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) logA[i][j] = Math.log(transition[i][j]);
    for (int s = 0; s < k; s++) delta[0][s] = Math.log(start[s]) + emissions[s].logDensity(x[0]);
    for (int t = 1; t < n; t++) {
      for (int j = 0; j < k; j++) {
        double best = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int i = 0; i < k; i++) {
          double v = delta[t - 1][i] + logA[i][j];
          if (v > best) {
            best = v;
            arg = i;
          }
        }
        delta[t][j] = best + emissions[j].logDensity(x[t]);
        back[t][j] = arg;
      }
    }
    int[] path = new int[n];
    double best = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < k; s++) {
      if (delta[n - 1][s] > best) {
        best = delta[n - 1][s];
        path[n - 1] = s;
      }
    }
    for (int t = n - 1; t > 0; t--) path[t - 1] = back[t][path[t]];
    return path;
  }

  // ---- Baum-Welch -------------------------------------------------------------------------------

  private record Step(GaussianHmm next, double logLikelihood) {}

  private Step emStep(double[][] x) {
    int n = x.length;
    ForwardBackward fb = forwardBackward(x, true);
    double[][] gamma = fb.gamma;
    double[][] xiSum = new double[k][k];
    for (int t = 0; t < n - 1; t++) {
      double[] b = fb.scaledEmission[t + 1];
      for (int i = 0; i < k; i++) {
        double ai = fb.alpha[t][i];
        if (ai == 0) continue;
        for (int j = 0; j < k; j++) {
          xiSum[i][j] += ai * transition[i][j] * b[j] * fb.beta[t + 1][j] / fb.scale[t + 1];
        }
      }
    }
    double[] newStart = gamma[0].clone();
    double[][] newA = new double[k][k];
    for (int i = 0; i < k; i++) {
      double row = 0;
      for (int j = 0; j < k; j++) row += xiSum[i][j];
      for (int j = 0; j < k; j++) newA[i][j] = row > 0 ? Math.max(xiSum[i][j] / row, 1e-12) : 1.0 / k;
      normalize(newA[i]);
    }
    double[][] newMeans = new double[k][d];
    double[][][] newCov = new double[k][d][d];
    for (int s = 0; s < k; s++) {
      double w = 0;
      for (int t = 0; t < n; t++) {
        w += gamma[t][s];
        for (int f = 0; f < d; f++) newMeans[s][f] += gamma[t][s] * x[t][f];
      }
      if (w < 1e-9) { // an empty state keeps its old parameters
        newMeans[s] = means[s].clone();
        newCov[s] = copy(covariances[s]);
        continue;
      }
      for (int f = 0; f < d; f++) newMeans[s][f] /= w;
      for (int t = 0; t < n; t++) {
        double g = gamma[t][s];
        for (int a = 0; a < d; a++) {
          double da = x[t][a] - newMeans[s][a];
          for (int b = 0; b <= a; b++) newCov[s][a][b] += g * da * (x[t][b] - newMeans[s][b]);
        }
      }
      for (int a = 0; a < d; a++) {
        for (int b = 0; b <= a; b++) {
          newCov[s][a][b] /= w;
          newCov[s][b][a] = newCov[s][a][b];
        }
        newCov[s][a][a] += RIDGE;
      }
    }
    normalize(newStart);
    for (int s = 0; s < k; s++) newStart[s] = Math.max(newStart[s], 1e-12);
    normalize(newStart);
    return new Step(new GaussianHmm(newStart, newA, newMeans, newCov), fb.logLikelihood);
  }

  private static final class ForwardBackward {
    double[][] alpha;
    double[][] beta;
    double[][] gamma;
    double[][] scaledEmission;
    double[] scale;
    double logLikelihood;
  }

  /** Scaled forward (and backward) pass; emissions are scaled per step by their largest density. */
  private ForwardBackward forwardBackward(double[][] x, boolean backward) {
    int n = x.length;
    var fb = new ForwardBackward();
    fb.alpha = new double[n][k];
    fb.scale = new double[n];
    fb.scaledEmission = new double[n][k];
    double ll = 0;
    for (int t = 0; t < n; t++) {
      double[] logB = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < k; s++) {
        logB[s] = emissions[s].logDensity(x[t]);
        max = Math.max(max, logB[s]);
      }
      for (int s = 0; s < k; s++) fb.scaledEmission[t][s] = Math.exp(logB[s] - max);
      double c = 0;
      for (int j = 0; j < k; j++) {
        double v;
        if (t == 0) {
          v = start[j];
        } else {
          v = 0;
          for (int i = 0; i < k; i++) v += fb.alpha[t - 1][i] * transition[i][j];
        }
        fb.alpha[t][j] = v * fb.scaledEmission[t][j];
        c += fb.alpha[t][j];
      }
      if (c <= 0) { // every state impossible at this scale: restart from uniform rather than divide by 0
        Arrays.fill(fb.alpha[t], 1.0 / k);
        c = Double.MIN_NORMAL;
      } else {
        for (int j = 0; j < k; j++) fb.alpha[t][j] /= c;
      }
      fb.scale[t] = c;
      ll += Math.log(c) + max;
    }
    fb.logLikelihood = ll;
    if (!backward) return fb;
    fb.beta = new double[n][k];
    Arrays.fill(fb.beta[n - 1], 1.0);
    for (int t = n - 2; t >= 0; t--) {
      for (int i = 0; i < k; i++) {
        double v = 0;
        for (int j = 0; j < k; j++) v += transition[i][j] * fb.scaledEmission[t + 1][j] * fb.beta[t + 1][j];
        fb.beta[t][i] = v / fb.scale[t + 1];
      }
    }
    fb.gamma = new double[n][k];
    for (int t = 0; t < n; t++) {
      for (int s = 0; s < k; s++) fb.gamma[t][s] = fb.alpha[t][s] * fb.beta[t][s];
      normalize(fb.gamma[t]);
    }
    return fb;
  }

  // ---- initialisation ---------------------------------------------------------------------------

  /** k-means (20 rounds) from k distinct random observations; sticky transitions; pooled covariance. */
  private static GaussianHmm initial(double[][] x, int k, long seed) {
    int n = x.length, d = x[0].length;
    Random rng = new Random(seed);
    double[][] centres = new double[k][];
    // k-means++ seeding: far-apart starting centres
    centres[0] = x[rng.nextInt(n)].clone();
    double[] dist = new double[n];
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int t = 0; t < n; t++) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < c; j++) best = Math.min(best, sq(x[t], centres[j]));
        dist[t] = best;
        total += best;
      }
      double pick = rng.nextDouble() * total;
      int chosen = n - 1;
      for (int t = 0; t < n; t++) {
        pick -= dist[t];
        if (pick <= 0) {
          chosen = t;
          break;
        }
      }
      centres[c] = x[chosen].clone();
    }
    int[] label = new int[n];
    for (int round = 0; round < 20; round++) {
      for (int t = 0; t < n; t++) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          double v = sq(x[t], centres[j]);
          if (v < best) {
            best = v;
            label[t] = j;
          }
        }
      }
      double[][] sum = new double[k][d];
      int[] count = new int[k];
      for (int t = 0; t < n; t++) {
        count[label[t]]++;
        for (int f = 0; f < d; f++) sum[label[t]][f] += x[t][f];
      }
      for (int j = 0; j < k; j++) if (count[j] > 0) for (int f = 0; f < d; f++) centres[j][f] = sum[j][f] / count[j];
    }
    double[][] pooled = new double[d][d];
    double[] mean = new double[d];
    for (double[] row : x) for (int f = 0; f < d; f++) mean[f] += row[f] / n;
    for (double[] row : x) {
      for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) pooled[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / n;
    }
    for (int a = 0; a < d; a++) pooled[a][a] += RIDGE;
    double[][][] covs = new double[k][][];
    for (int j = 0; j < k; j++) covs[j] = copy(pooled);
    double[][] a = new double[k][k];
    for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) a[i][j] = k == 1 ? 1 : (i == j ? 0.9 : 0.1 / (k - 1));
    double[] pi = new double[k];
    Arrays.fill(pi, 1.0 / k);
    return new GaussianHmm(pi, a, centres, covs);
  }

  private static double sq(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
  }

  private static void normalize(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    if (s <= 0) {
      Arrays.fill(v, 1.0 / v.length);
      return;
    }
    for (int i = 0; i < v.length; i++) v[i] /= s;
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
    return out;
  }

  /** A multivariate normal density through its Cholesky factor (commons-math3). */
  private static final class Gaussian {
    private final RealVector mean;
    private final CholeskyDecomposition chol;
    private final double logNorm;

    Gaussian(double[] mean, double[][] cov) {
      this.mean = new ArrayRealVector(mean);
      RealMatrix m = new Array2DRowRealMatrix(cov);
      CholeskyDecomposition c;
      try {
        c = new CholeskyDecomposition(m, 1e-12, 1e-15);
      } catch (RuntimeException notPositive) {
        for (int i = 0; i < cov.length; i++) m.addToEntry(i, i, 1e-3);
        c = new CholeskyDecomposition(m, 1e-12, 1e-15);
      }
      this.chol = c;
      double logDet = 0;
      RealMatrix l = c.getL();
      for (int i = 0; i < mean.length; i++) logDet += 2 * Math.log(l.getEntry(i, i));
      this.logNorm = -0.5 * (mean.length * LOG_2PI + logDet);
    }

    double logDensity(double[] x) {
      RealVector diff = new ArrayRealVector(x).subtract(mean);
      // Mahalanobis distance through L: solve L y = diff, then |y|^2
      RealVector y = forwardSubstitute(chol.getL(), diff);
      return logNorm - 0.5 * y.dotProduct(y);
    }

    private static RealVector forwardSubstitute(RealMatrix l, RealVector b) {
      int n = b.getDimension();
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double s = b.getEntry(i);
        for (int j = 0; j < i; j++) s -= l.getEntry(i, j) * y[j];
        y[i] = s / l.getEntry(i, i);
      }
      return new ArrayRealVector(y, false);
    }
  }
}
