package io.dorado.actors.strategy.regime;

import io.dorado.actors.strategy.indicators.Hurst;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.strategy.CorrelationRegime;
import io.dorado.protocol.strategy.MacroRegime;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.TrendState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything the radar publishes, computed from bar histories: a pure function of its inputs. */
public final class RegimeModel {
  private RegimeModel() {}

  /** A snapshot and what could not be computed (too little history, no reference instrument). */
  public record Result(RegimeSnapshot snapshot, List<String> notes) {}

  public static Result compute(Map<String, List<Bar>> history, RegimeSettings settings, Instant now) {
    var notes = new ArrayList<String>();
    var trends = new TreeMap<String, TrendState>();
    Instant asOf = null;
    for (var e : history.entrySet()) {
      List<Bar> bars = e.getValue();
      if (bars.isEmpty()) {
        notes.add(e.getKey() + ": no bars yet");
        continue;
      }
      Instant last = bars.get(bars.size() - 1).end();
      if (asOf == null || last.isAfter(asOf)) asOf = last;
      double[] r = Hurst.logReturns(bars.stream().mapToDouble(b -> b.close().doubleValue()).toArray());
      if (r.length < Hurst.MIN_LENGTH) {
        notes.add(e.getKey() + ": " + bars.size() + " bars, the trend state needs " + (Hurst.MIN_LENGTH + 1));
        continue;
      }
      trends.put(e.getKey(), TrendState.of(e.getKey(), Hurst.rescaledRange(r), Hurst.dfa(r)));
    }
    MacroRegime macro = null;
    List<Bar> ref = history.get(settings.referenceSymbol());
    if (ref == null) {
      notes.add("macro: reference " + settings.referenceSymbol() + " has no market data");
    } else if (ref.size() < MacroRegimes.minBars(settings.states())) {
      notes.add("macro: reference " + settings.referenceSymbol() + " has " + ref.size() + " bars, the HMM needs "
          + MacroRegimes.minBars(settings.states()));
    } else {
      macro = MacroRegimes.of(ref, settings.states(), settings.seed());
    }
    CorrelationRegime correlation = CorrelationRegimes.ofBars(history).orElse(null);
    if (correlation == null) notes.add("correlation: fewer than two instruments share "
        + CorrelationRegimes.MIN_OBSERVATIONS + " bar times");
    return new Result(new RegimeSnapshot(asOf == null ? now : asOf, now, macro, trends, correlation), notes);
  }
}
