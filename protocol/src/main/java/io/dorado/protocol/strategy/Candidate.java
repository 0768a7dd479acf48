package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A fully resolved trade candidate for one bot. Directional: {@code side}, {@code entry}, {@code stop},
 * {@code target} (ATR multiples). Options: {@code legs}, {@code credit} and {@code maxLoss} per unit,
 * {@code dte}; {@code synthetic} when the chain was built by Black-Scholes from realized volatility
 * because no real chain exists.
 *
 * @param riskPct the % of equity this candidate would put at risk (from the sizing rules)
 * @param score weighted score in [0, 1]; {@code features} holds the inputs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Candidate(
    String candidateId,
    String botId,
    String template,
    String symbol,
    AssetClass assetClass,
    Side side,
    BigDecimal entry,
    BigDecimal stop,
    BigDecimal target,
    List<OptionLeg> legs,
    Integer dte,
    BigDecimal credit,
    BigDecimal maxLoss,
    boolean synthetic,
    double spreadQuality,
    boolean missingGreeks,
    double riskPct,
    double score,
    Map<ScoreFeature, Double> features,
    String note)
    implements CborSerializable {

  public Candidate {
    legs = legs == null ? List.of() : List.copyOf(legs);
    features = features == null ? Map.of() : Map.copyOf(features);
  }

  public boolean directional() {
    return legs.isEmpty();
  }

  public Candidate withScore(double newScore, Map<ScoreFeature, Double> newFeatures) {
    return new Candidate(candidateId, botId, template, symbol, assetClass, side, entry, stop, target, legs, dte, credit,
        maxLoss, synthetic, spreadQuality, missingGreeks, riskPct, newScore, newFeatures, note);
  }

  public Candidate withRiskPct(double newRiskPct) {
    return new Candidate(candidateId, botId, template, symbol, assetClass, side, entry, stop, target, legs, dte, credit,
        maxLoss, synthetic, spreadQuality, missingGreeks, newRiskPct, score, features, note);
  }
}
