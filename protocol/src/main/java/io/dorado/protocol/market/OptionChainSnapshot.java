package io.dorado.protocol.market;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An option chain as a scan used it for one bot's decision: every contract's RAW prices (bid, ask, last) as quoted, the
 * greeks beside them and where they came from, and the underlying's price. Kept in {@link ChainHistory} so the chain a
 * decision was made on can be looked at later. A value the source did not give is null.
 *
 * @param label what the chain is ("synthetic ...", a venue's name)
 * @param synthetic built by a model, not quoted by a venue
 */
public record OptionChainSnapshot(String underlying, String scanId, String botId, Instant takenAt, double spot, String label,
    boolean synthetic, List<Contract> contracts) {

  public OptionChainSnapshot {
    contracts = List.copyOf(contracts);
  }

  /**
   * One contract as quoted.
   *
   * @param right {@code put} or {@code call}
   * @param greeksSource {@code venue} (quoted with the prices) or {@code model} ({@code greeksModel} says which); null:
   *     none
   */
  public record Contract(String right, LocalDate expiry, int dte, double strike, Double bid, Double ask, Double last,
      Instant quotedAt, Double underlyingAtQuote, Double delta, Double impliedVol, String greeksSource, String greeksModel) {}
}
