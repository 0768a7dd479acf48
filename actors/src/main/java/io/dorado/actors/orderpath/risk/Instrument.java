package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What the engine needs to know of a tradable symbol: its underlying (for concentration and
 * cooldown), asset class (caps), venue, and the decimals its quantity is rounded down to.
 */
public record Instrument(String symbol, String underlying, AssetClass assetClass, String venue, int quantityScale) {

  /** Rounds a quantity down (towards zero) to this instrument's step. */
  public BigDecimal roundDown(BigDecimal quantity) {
    return quantity.setScale(quantityScale, RoundingMode.DOWN);
  }

  /** Looks instruments up by symbol. */
  @FunctionalInterface
  public interface Lookup {
    Optional<Instrument> find(String symbol);

    /**
     * Every underlying of the universe is an instrument of its own, scaled as the policy says, of the asset its
     * {@code underlying:} names (itself when absent).
     */
    static Lookup of(Universe universe, RiskPolicy policy) {
      return symbol ->
          universe
              .find(symbol)
              .map(u -> new Instrument(u.symbol(), u.underlying(), u.assetClass(), u.venue(),
                  policy.sizing().quantityScale(u.assetClass())));
    }
  }
}
