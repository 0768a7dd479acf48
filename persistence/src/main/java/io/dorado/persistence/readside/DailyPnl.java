package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;

/** The trades closed on one UTC day and their realized P&amp;L (zero trades: a day with nothing closed). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DailyPnl(LocalDate day, int trades, int wins, int losses, BigDecimal realizedPnl)
    implements CborSerializable {

  static DailyPnl of(LocalDate day, Collection<ClosedTrade> trades) {
    PnlSummary s = PnlSummary.of(null, day, day, trades);
    return new DailyPnl(day, s.trades(), s.wins(), s.losses(), s.realizedPnl());
  }
}
