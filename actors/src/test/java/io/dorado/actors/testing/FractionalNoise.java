package io.dorado.actors.testing;

import java.util.Random;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Exact fractional Gaussian noise of a chosen Hurst exponent, by circulant embedding (Davies-Harte):
 * the increments of fractional Brownian motion, white noise at H = 0.5, persistent above,
 * anti-persistent below. {@code n} must be a power of two.
 */
public final class FractionalNoise {
  private FractionalNoise() {}

  public static double[] generate(int n, double hurst, long seed) {
    if (Integer.bitCount(n) != 1) throw new IllegalArgumentException("n must be a power of two, was " + n);
    int m = 2 * n;
    double[] row = new double[m];
    for (int k = 0; k <= n; k++) row[k] = autocovariance(k, hurst);
    for (int k = n + 1; k < m; k++) row[k] = row[m - k];
    var fft = new FastFourierTransformer(DftNormalization.STANDARD);
    Complex[] eigen = fft.transform(row, TransformType.FORWARD);
    Random rng = new Random(seed);
    Complex[] w = new Complex[m];
    for (int k = 0; k <= n; k++) {
      double lambda = eigen[k].getReal();
      if (lambda < -1e-9) throw new IllegalStateException("circulant embedding not positive for H = " + hurst);
      lambda = Math.max(lambda, 0);
      if (k == 0 || k == n) {
        w[k] = new Complex(Math.sqrt(lambda / m) * rng.nextGaussian(), 0);
      } else {
        double s = Math.sqrt(lambda / (2.0 * m));
        w[k] = new Complex(s * rng.nextGaussian(), s * rng.nextGaussian());
        w[m - k] = w[k].conjugate();
      }
    }
    Complex[] z = fft.transform(w, TransformType.FORWARD);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = z[i].getReal();
    return x;
  }

  private static double autocovariance(int k, double h) {
    return 0.5 * (Math.pow(k + 1, 2 * h) - 2 * Math.pow(k, 2 * h) + Math.pow(Math.abs(k - 1), 2 * h));
  }
}
