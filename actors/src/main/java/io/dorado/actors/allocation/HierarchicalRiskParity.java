package io.dorado.actors.allocation;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Hierarchical risk parity (López de Prado, "Building Diversified Portfolios that Outperform Out of Sample", 2016):
 *
 * <ol>
 *   <li>correlation distance {@code d_ij = sqrt((1 - ρ_ij) / 2)}, then the distance between the columns of that
 *       matrix, {@code d̃_ij = ||d_·i - d_·j||} (what the paper's code feeds to single linkage);
 *   <li>single-linkage agglomerative clustering on {@code d̃} (ties: the lowest pair of cluster ids first; each merge
 *       lists its lower cluster id first, as SciPy's linkage does);
 *   <li>quasi-diagonalisation: the leaves in dendrogram order, so correlated assets sit next to each other;
 *   <li>recursive bisection of that order into halves, splitting each half's weight by the inverse of its cluster
 *       variance {@code wᵀΣw} (with {@code w} the inverse-variance weights inside the half).
 * </ol>
 *
 * <p>Commons Math gives the correlation from the covariance and the Euclidean distance; Commons Math 3 has no
 * hierarchical clustering (only k-means, fuzzy k-means and DBSCAN), so linkage is written here.
 */
public final class HierarchicalRiskParity {
  private HierarchicalRiskParity() {}

  /** One merge of the dendrogram: clusters {@code left} and {@code right} (ids as in SciPy) at {@code distance}. */
  public record Merge(int left, int right, double distance, int size) {}

  /** The weights (summing to 1) and how they came about, in the covariance's asset order. */
  public record Result(double[] weights, List<Integer> order, List<Merge> linkage) {}

  /**
   * HRP weights of the assets of {@code covariance} (symmetric, positive variances). One asset gets weight 1.
   *
   * @throws IllegalArgumentException when the matrix is not square or a variance is not positive
   */
  public static Result weights(RealMatrix covariance) {
    int n = covariance.getRowDimension();
    if (n == 0 || covariance.getColumnDimension() != n) {
      throw new IllegalArgumentException("covariance must be a non-empty square matrix, was " + n + "x"
          + covariance.getColumnDimension());
    }
    for (int i = 0; i < n; i++) {
      double v = covariance.getEntry(i, i);
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("variance of asset " + i + " must be positive and finite, was " + v);
      }
    }
    if (n == 1) return new Result(new double[] {1.0}, List.of(0), List.of());
    RealMatrix corr = new PearsonsCorrelation().covarianceToCorrelation(covariance);
    List<Merge> linkage = singleLinkage(distanceOfDistances(corr));
    List<Integer> order = quasiDiagonal(linkage, n);
    return new Result(recursiveBisection(covariance, order), order, linkage);
  }

  /** {@code d̃}: the Euclidean distance between columns of the correlation distance matrix. */
  static double[][] distanceOfDistances(RealMatrix corr) {
    int n = corr.getRowDimension();
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double rho = Math.max(-1, Math.min(1, corr.getEntry(i, j)));
        d[i][j] = Math.sqrt(Math.max(0, (1 - rho) / 2));
      }
    }
    EuclideanDistance euclid = new EuclideanDistance();
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        out[i][j] = out[j][i] = euclid.compute(d[i], d[j]); // d is symmetric: row i is column i
      }
    }
    return out;
  }

  /**
   * Single linkage: repeatedly merges the two nearest clusters (distance: their nearest members). Clusters are
   * numbered as in SciPy: the leaves 0..n-1, the k-th merge n+k.
   */
  static List<Merge> singleLinkage(double[][] dist) {
    int n = dist.length;
    List<List<Integer>> members = new ArrayList<>();
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add(List.of(i));
      active.add(i);
    }
    List<Merge> merges = new ArrayList<>();
    while (active.size() > 1) {
      int bestA = -1, bestB = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int x = 0; x < active.size(); x++) {
        for (int y = x + 1; y < active.size(); y++) {
          double dxy = Double.POSITIVE_INFINITY;
          for (int p : members.get(active.get(x))) for (int q : members.get(active.get(y))) dxy = Math.min(dxy, dist[p][q]);
          if (dxy < best) {
            best = dxy;
            bestA = active.get(x);
            bestB = active.get(y);
          }
        }
      }
      int lo = Math.min(bestA, bestB), hi = Math.max(bestA, bestB);
      List<Integer> joined = new ArrayList<>(members.get(lo));
      joined.addAll(members.get(hi));
      merges.add(new Merge(lo, hi, best, joined.size()));
      members.add(joined);
      active.remove(Integer.valueOf(lo));
      active.remove(Integer.valueOf(hi));
      active.add(members.size() - 1);
    }
    return merges;
  }

  /** The leaves in dendrogram order: the last merge unfolded, its left cluster before its right. */
  static List<Integer> quasiDiagonal(List<Merge> linkage, int n) {
    List<Integer> order = new ArrayList<>();
    unfold(n + linkage.size() - 1, linkage, n, order);
    return order;
  }

  private static void unfold(int cluster, List<Merge> linkage, int n, List<Integer> out) {
    if (cluster < n) {
      out.add(cluster);
      return;
    }
    Merge m = linkage.get(cluster - n);
    unfold(m.left(), linkage, n, out);
    unfold(m.right(), linkage, n, out);
  }

  /** Splits {@code order} in halves recursively; each half's weight goes by the inverse of its cluster variance. */
  static double[] recursiveBisection(RealMatrix cov, List<Integer> order) {
    double[] w = new double[cov.getRowDimension()];
    for (int i : order) w[i] = 1.0;
    List<List<Integer>> clusters = new ArrayList<>();
    clusters.add(order);
    while (!clusters.isEmpty()) {
      List<List<Integer>> next = new ArrayList<>();
      for (List<Integer> c : clusters) {
        if (c.size() < 2) continue;
        List<Integer> left = c.subList(0, c.size() / 2);
        List<Integer> right = c.subList(c.size() / 2, c.size());
        double vLeft = clusterVariance(cov, left);
        double vRight = clusterVariance(cov, right);
        double alpha = 1 - vLeft / (vLeft + vRight);
        for (int i : left) w[i] *= alpha;
        for (int i : right) w[i] *= 1 - alpha;
        next.add(left);
        next.add(right);
      }
      clusters = next;
    }
    return w;
  }

  /** {@code wᵀΣw} over the cluster with inverse-variance weights {@code w} (normalised to sum 1). */
  static double clusterVariance(RealMatrix cov, List<Integer> cluster) {
    int k = cluster.size();
    int[] idx = cluster.stream().mapToInt(Integer::intValue).toArray();
    RealMatrix sub = cov.getSubMatrix(idx, idx);
    double[] ivp = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) total += ivp[i] = 1 / sub.getEntry(i, i);
    for (int i = 0; i < k; i++) ivp[i] /= total;
    double[] sw = sub.operate(ivp);
    double v = 0;
    for (int i = 0; i < k; i++) v += ivp[i] * sw[i];
    return v;
  }
}
