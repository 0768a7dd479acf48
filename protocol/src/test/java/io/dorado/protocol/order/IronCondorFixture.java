package io.dorado.protocol.order;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** An AAPL iron condor, expiring 2013-06-21: 380/385 put spread, 430/435 call spread (5 wide each). */
public final class IronCondorFixture {
  private IronCondorFixture() {}

  public static final LocalDate EXPIRY = LocalDate.of(2013, 6, 21);
  public static final String LONG_PUT = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.PUT, new BigDecimal("380")).occ();
  public static final String SHORT_PUT = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.PUT, new BigDecimal("385")).occ();
  public static final String SHORT_CALL = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.CALL, new BigDecimal("430")).occ();
  public static final String LONG_CALL = OptionSymbol.of("AAPL", EXPIRY, OptionSymbol.Right.CALL, new BigDecimal("435")).occ();

  public static List<OrderLeg> legs() {
    return List.of(new OrderLeg(SHORT_PUT, Side.SELL, 1), new OrderLeg(LONG_PUT, Side.BUY, 1),
        new OrderLeg(SHORT_CALL, Side.SELL, 1), new OrderLeg(LONG_CALL, Side.BUY, 1));
  }

  /** Sell {@code structures} condors for at least {@code credit} per share. */
  public static Order entry(ClientOrderId id, String structures, String credit) {
    return Order.combo(id, "paper", "AAPL", Side.SELL, new BigDecimal(structures), new BigDecimal(credit), legs(), false);
  }
}
