package io.dorado.actors.strategy.scan;

import io.dorado.actors.pricing.BlackScholes.Right;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The option chain candidates are struck from: synthetic ({@link SyntheticChain}) or quoted by a venue. */
public interface OptionChain {
  String underlying();

  /** The underlying's price the chain was taken at (a quote without its own underlying price is judged at this). */
  double spot();

  /** What the chain is, first in every candidate's note. */
  String label();

  /** Built by a model rather than quoted: candidates from it are labelled synthetic. */
  boolean synthetic();

  List<ChainQuote> quotes();

  default List<LocalDate> expiries() {
    return quotes().stream().map(ChainQuote::expiry).distinct().sorted().toList();
  }

  default List<ChainQuote> of(Right right, LocalDate expiry) {
    return quotes().stream().filter(q -> q.right() == right && q.expiry().equals(expiry)).toList();
  }

  /** The usual strike increment of one right and expiry: the (lower) median gap between its listed strikes (NaN: < 2). */
  static double increment(List<ChainQuote> quotes) {
    List<Double> ks = quotes.stream().map(ChainQuote::strike).distinct().sorted().toList();
    if (ks.size() < 2) return Double.NaN;
    var gaps = new ArrayList<Double>();
    for (int i = 1; i < ks.size(); i++) gaps.add(ks.get(i) - ks.get(i - 1));
    gaps.sort(null);
    return gaps.get((gaps.size() - 1) / 2);
  }

  /** A chain a venue quoted (or a test built). */
  record Quoted(String underlying, double spot, String label, List<ChainQuote> quotes) implements OptionChain {
    public Quoted {
      quotes = List.copyOf(quotes);
    }

    @Override
    public boolean synthetic() {
      return false;
    }
  }
}
