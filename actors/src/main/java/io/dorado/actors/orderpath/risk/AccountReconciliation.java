package io.dorado.actors.orderpath.risk;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.venue.AccountSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How far an account's ledger may drift from its venue's snapshot before the account is held (REDUCING): a difference
 * is a mismatch when it exceeds both {@code absolute} (money) and {@code relative} × the venue's figure, for the cash
 * and for each symbol's position valued at its mark. Pure: the guardian's decisions call it.
 */
public record AccountReconciliation(BigDecimal absolute, BigDecimal relative) {

  public static final AccountReconciliation DEFAULT = new AccountReconciliation(BigDecimal.ONE, new BigDecimal("0.001"));

  public AccountReconciliation {
    if (absolute == null || absolute.signum() < 0) throw new IllegalArgumentException("absolute tolerance must be >= 0");
    if (relative == null || relative.signum() < 0) throw new IllegalArgumentException("relative tolerance must be >= 0");
  }

  /** {@code dorado.accounts.tolerance-absolute} and {@code dorado.accounts.tolerance-relative}. */
  public static AccountReconciliation fromConfig(Config config) {
    try {
      return new AccountReconciliation(new BigDecimal(config.getString("dorado.accounts.tolerance-absolute")),
          new BigDecimal(config.getString("dorado.accounts.tolerance-relative")));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(config.origin(), "dorado.accounts", e.getMessage());
    }
  }

  /** What differs between the account (its ledger and EXTERNAL positions) and the venue's snapshot; null: nothing. */
  public String mismatch(GuardianAccount account, AccountSnapshot venue) {
    Ledger l = account.book().ledger();
    List<String> found = new ArrayList<>();
    if (beyond(l.cash().subtract(venue.cash()), venue.cash())) {
      found.add("cash: ledger " + RiskEngine.money(l.cash()) + ", venue " + RiskEngine.money(venue.cash()));
    }
    var symbols = new TreeSet<>(account.symbolsHeld());
    venue.positions().forEach(p -> symbols.add(p.symbol()));
    for (String symbol : symbols) {
      BigDecimal atVenue = venue.positions().stream().filter(p -> p.symbol().equals(symbol)).map(Position::quantity)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal ours = l.position(symbol).quantity().add(account.externalPositions().getOrDefault(symbol, BigDecimal.ZERO));
      BigDecimal mark = l.lastPrice(symbol) == null ? BigDecimal.ONE : l.lastPrice(symbol);
      if (beyond(ours.subtract(atVenue).multiply(mark), atVenue.multiply(mark))) {
        found.add(symbol + ": ledger " + ours.stripTrailingZeros().toPlainString() + ", venue "
            + atVenue.stripTrailingZeros().toPlainString());
      }
    }
    return found.isEmpty() ? null : String.join("; ", found);
  }

  private boolean beyond(BigDecimal difference, BigDecimal venueFigure) {
    BigDecimal d = difference.abs();
    return d.compareTo(absolute) > 0 && d.compareTo(relative.multiply(venueFigure.abs())) > 0;
  }
}
