package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;

/**
 * Realized P&amp;L of the trades closed in a range of UTC days (both ends included), for one bot or the
 * whole fleet ({@code botId} null). A win made money net of commissions; a trade at exactly zero is
 * neither. {@code best}/{@code worst} are null when no trade closed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PnlSummary(
    String botId,
    LocalDate from,
    LocalDate to,
    int trades,
    int wins,
    int losses,
    BigDecimal realizedPnl,
    BigDecimal commission,
    BigDecimal best,
    BigDecimal worst)
    implements CborSerializable {

  static PnlSummary of(String botId, LocalDate from, LocalDate to, Collection<ClosedTrade> trades) {
    int wins = 0;
    int losses = 0;
    BigDecimal pnl = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    BigDecimal best = null;
    BigDecimal worst = null;
    for (ClosedTrade t : trades) {
      BigDecimal p = t.realizedPnl();
      if (p.signum() > 0) wins++;
      if (p.signum() < 0) losses++;
      pnl = pnl.add(p);
      commission = commission.add(t.commission());
      best = best == null || p.compareTo(best) > 0 ? p : best;
      worst = worst == null || p.compareTo(worst) < 0 ? p : worst;
    }
    return new PnlSummary(botId, from, to, trades.size(), wins, losses, pnl, commission, best, worst);
  }
}
