package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.order.DefinedRisk;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the option positions in a ledger can lose at most: grouped into structures (options of one root
 * and expiry), each group's worst case at expiry with the premium its fills took in or paid
 * ({@link DefinedRisk}); a group without a defined max loss counts its whole premium value. Pure.
 */
final class OptionRisk {
  private OptionRisk() {}

  /** By bot id: its option structures' max loss. */
  static Map<String, BigDecimal> byBot(Ledger l) {
    var groups = new TreeMap<String, List<Position>>();
    for (var e : l.botPositions().entrySet()) {
      Position p = e.getValue();
      Optional<OptionSymbol> o = OptionSymbol.parse(p.symbol());
      if (p.isFlat() || o.isEmpty()) continue;
      String botId = e.getKey().substring(0, e.getKey().length() - p.symbol().length() - 1);
      groups.computeIfAbsent(botId + "\n" + o.get().root() + "\n" + o.get().expiry(), k -> new ArrayList<>()).add(p);
    }
    var out = new TreeMap<String, BigDecimal>();
    groups.forEach((k, ps) -> out.merge(k.substring(0, k.indexOf('\n')), maxLoss(ps), BigDecimal::add));
    return out;
  }

  /** By underlying (the options' root), over the account's positions. */
  static Map<String, BigDecimal> byUnderlying(Ledger l) {
    var groups = new TreeMap<String, List<Position>>();
    for (Position p : l.positions().values()) {
      Optional<OptionSymbol> o = OptionSymbol.parse(p.symbol());
      if (p.isFlat() || o.isEmpty()) continue;
      groups.computeIfAbsent(o.get().root() + "\n" + o.get().expiry(), k -> new ArrayList<>()).add(p);
    }
    var out = new TreeMap<String, BigDecimal>();
    groups.forEach((k, ps) -> out.merge(k.substring(0, k.indexOf('\n')), maxLoss(ps), BigDecimal::add));
    return out;
  }

  private static BigDecimal maxLoss(List<Position> positions) {
    var holdings = new ArrayList<DefinedRisk.Holding>();
    BigDecimal cash = BigDecimal.ZERO;
    BigDecimal premium = BigDecimal.ZERO;
    for (Position p : positions) {
      holdings.add(new DefinedRisk.Holding(OptionSymbol.parse(p.symbol()).orElseThrow(), p.quantity()));
      cash = cash.subtract(p.quantity().multiply(p.averagePrice()));
      premium = premium.add(p.notional(p.averagePrice()));
    }
    return DefinedRisk.maxLoss(holdings, cash).orElse(premium);
  }
}
