package io.dorado.cluster.ops;

import java.time.Instant;
import java.util.List;

/**
 * Every registered bot's newest closed trades as returns on their notional (realized P&amp;L over quantity × entry
 * price, newest first), as the track records last read them from the read side at {@code refreshedAt}: the trade
 * distributions the projector resamples (GET /api/v1/projections). A bot without a closed trade is listed with none.
 */
public record TradeReturns(Instant refreshedAt, int tradesPerBot, List<Bot> bots) {

  public TradeReturns {
    bots = List.copyOf(bots);
  }

  /** One bot's returns; {@code template} is its strategy template. */
  public record Bot(String botId, String template, List<Double> returns) {
    public Bot {
      returns = List.copyOf(returns);
    }
  }
}
