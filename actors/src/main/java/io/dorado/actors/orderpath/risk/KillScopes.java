package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.KillScope;
import io.dorado.protocol.risk.RiskDenial;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The venue, account and bot scopes whose kill switch is engaged, by {@link KillScope#key()} (the fleet-wide one is
 * the books' own kill switch: HALTED). Folded from {@link GuardianEvent.KillScopeEngaged} and
 * {@link GuardianEvent.KillScopeReleased} in {@link GuardianState#apply}; part of the guardian's snapshot (absent from
 * older ones: none engaged).
 */
public record KillScopes(Map<String, KillScope.Engaged> engaged) implements CborSerializable {
  public static final KillScopes NONE = new KillScopes(Map.of());

  public KillScopes {
    engaged = engaged == null ? Map.of() : Map.copyOf(engaged);
  }

  public KillScopes apply(GuardianEvent event) {
    if (event instanceof GuardianEvent.KillScopeEngaged e) {
      var next = new TreeMap<>(engaged);
      next.putIfAbsent(e.scope().key(), new KillScope.Engaged(e.scope(), e.by(), e.reason(), e.at()));
      return new KillScopes(next);
    }
    if (event instanceof GuardianEvent.KillScopeReleased e && engaged.containsKey(e.scope().key())) {
      var next = new TreeMap<>(engaged);
      next.remove(e.scope().key());
      return new KillScopes(next);
    }
    return this;
  }

  public boolean isEngaged(KillScope scope) {
    return engaged.containsKey(scope.key());
  }

  /** Every engaged scope, by key. */
  public List<KillScope.Engaged> list() {
    return List.copyOf(new TreeMap<>(engaged).values());
  }

  /** The first engaged scope (by key) covering an order of {@code botId} at {@code venue} counted in {@code account}. */
  public Optional<KillScope.Engaged> covering(String venue, String account, String botId) {
    if (engaged.isEmpty()) return Optional.empty();
    return new TreeMap<>(engaged).values().stream().filter(e -> e.scope().covers(venue, account, botId)).findFirst();
  }

  /**
   * The denial of new exposure by a bot at a venue: the reason code names the scope's kind, the detail the scope, who
   * engaged it and why. Empty when no engaged scope covers it. Callers let reduce-only orders pass before asking.
   */
  public Optional<RiskDenial> denial(String venue, String botId) {
    String account = GuardianAccount.accountOf(venue, botId);
    return covering(venue, account, botId).map(e -> RiskDenial.of(e.scope().denialReason(), "kill switch engaged for "
        + e.scope().describe() + " by " + e.by() + " (" + e.reason() + "): no new exposure, reduce-only exits pass"));
  }
}
