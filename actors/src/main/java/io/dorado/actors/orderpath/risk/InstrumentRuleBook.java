package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.venue.InstrumentRules;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instrument rules each venue reported ({@code RiskGuardian.InstrumentRulesReported}), by venue and
 * universe symbol, and the venues that must have reported before their orders are signed (every real venue:
 * a missing rule there means a venue reject we could have prevented, or worse, an order we cannot size).
 * Immutable: a report makes a new book. Kept in the guardian's memory, not its journal; the venues report
 * again on every refresh, so a restarted guardian denies a requiring venue's orders (INSTRUMENT_RULES) for at
 * most one refresh interval.
 */
public final class InstrumentRuleBook {
  public static final InstrumentRuleBook NONE = new InstrumentRuleBook(Map.of(), Set.of());

  private final Map<String, Map<String, InstrumentRules>> byVenue;
  private final Set<String> required;

  private InstrumentRuleBook(Map<String, Map<String, InstrumentRules>> byVenue, Set<String> required) {
    this.byVenue = byVenue;
    this.required = required;
  }

  /** An empty book whose {@code requiredVenues} must report a symbol's rules before its orders are signed. */
  public static InstrumentRuleBook requiring(Set<String> requiredVenues) {
    return new InstrumentRuleBook(Map.of(), Set.copyOf(requiredVenues));
  }

  /** This book with {@code venue}'s rules replaced by {@code rules}. */
  public InstrumentRuleBook with(String venue, List<InstrumentRules> rules) {
    var symbols = new HashMap<String, InstrumentRules>();
    for (InstrumentRules r : rules) symbols.put(r.symbol(), r);
    var next = new HashMap<>(byVenue);
    next.put(venue, Map.copyOf(symbols));
    return new InstrumentRuleBook(Map.copyOf(next), required);
  }

  public InstrumentRules rules(String venue, String symbol) {
    return byVenue.getOrDefault(venue, Map.of()).get(symbol);
  }

  public boolean requires(String venue) {
    return required.contains(venue);
  }

  /** The order rounded to its venue's rules, or denied; as asked for a venue with no rules that does not require them. */
  public InstrumentRuleCheck.Outcome check(Order order, BigDecimal lastPrice) {
    InstrumentRules rules = rules(order.venue(), order.symbol());
    if (rules == null && requires(order.venue()) && !order.isCombo()) {
      return new InstrumentRuleCheck.Outcome(order, RiskDenial.of(DenialReason.INSTRUMENT_RULES, "venue " + order.venue()
          + " has not reported instrument rules for " + order.symbol() + (byVenue.containsKey(order.venue())
          ? " (it trades " + byVenue.get(order.venue()).keySet() + ")" : " yet")));
    }
    return InstrumentRuleCheck.check(order, rules, lastPrice);
  }
}
