package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.risk.RiskGuardian;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Every account of a guardian state as the API and Telegram show it. */
final class AccountViews {
  private AccountViews() {}

  static List<RiskGuardian.AccountView> of(GuardianState s) {
    var out = new ArrayList<RiskGuardian.AccountView>();
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) out.add(of(a));
    return out;
  }

  static RiskGuardian.AccountView of(GuardianAccount a) {
    RiskBook decides = a.effectiveBook();
    Ledger l = a.book().ledger();
    var positions = new TreeMap<String, BigDecimal>();
    l.positions().forEach((sym, p) -> { if (!p.isFlat()) positions.put(sym, p.quantity()); });
    String reconciliation = !a.reconciled() ? "NOT_REPORTED" : a.hold() != null ? "MISMATCH" : "OK";
    String reducing = a.hold() != null ? a.hold()
        : a.book().tradingState() != io.dorado.protocol.risk.TradingState.ACTIVE ? a.book().stateReason() : null;
    BigDecimal buyingPower = a.snapshot() != null ? a.snapshot().buyingPower() : RiskEngine.availableCash(decides);
    return new RiskGuardian.AccountView(a.id(), a.venue(), a.mode(), a.tradingState(), reducing, l.cash(), l.equity(),
        buyingPower, RiskEngine.heatPct(decides, BigDecimal.ZERO), l.realizedPnl(), positions,
        new TreeMap<>(a.externalPositions()), a.externalOrders().values().stream()
            .sorted(java.util.Comparator.comparing(io.dorado.protocol.venue.VenueOrderView::venueOrderId)).toList(),
        reconciliation, a.lastCheck(), a.mismatch(),
        a.snapshot() == null ? null : new TreeMap<>(a.snapshot().financing()));
  }

  static RiskGuardian.AccountsView view(GuardianState s, Instant at) {
    return new RiskGuardian.AccountsView(of(s), at);
  }
}
