package io.dorado.actors.orderpath.venue.ibkr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Market data snapshots, option chains and the iron condor as one BAG order, against {@link FakeIbkr}. */
class IbkrOptionsTest {
  private static final LocalDate JAN27 = LocalDate.of(2027, 1, 15);
  private FakeIbkr fake;
  private IbkrAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeIbkr();
    fake.quote(d("189.99"), d("190.01"));
    fake.balance("USD", d("100000"));
    adapter = new IbkrAdapter(IbkrVenueUnderTest.settings(fake, Duration.ofSeconds(1)), IbkrVenueUnderTest.generousLimiter());
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    fake.close();
  }

  @Test
  void aSnapshotIsAskedAgainAfterTheSubscribingFirstAnswerAndReadsBidAskLast() throws Exception {
    IbkrOptions.Quote q = get(adapter.options().snapshot(FakeIbkr.SYMBOL));
    assertEquals(FakeIbkr.CONID, q.conid());
    assertEquals(0, d("189.99").compareTo(q.bid()));
    assertEquals(0, d("190.01").compareTo(q.ask()));
    assertEquals(0, d("190.00").compareTo(q.last()));
    assertEquals(2, fake.calls("/iserver/marketdata/snapshot"));
  }

  @Test
  void theChainIsTheSearchsMonthsTheMonthsStrikesAndTheContractOfTheExactExpiryCached() throws Exception {
    assertEquals(List.of("JAN27", "FEB27", "MAR27"), get(adapter.options().expirations(FakeIbkr.SYMBOL)));
    IbkrOptions.Strikes strikes = get(adapter.options().strikes(FakeIbkr.SYMBOL, "JAN27"));
    assertEquals(5, strikes.calls().size());
    assertEquals(0, d("190").compareTo(strikes.puts().get(2)));
    OptionSymbol call = OptionSymbol.of("AAPL", JAN27, OptionSymbol.Right.CALL, d("200"));
    IbkrOptions.Contract c = get(adapter.options().contract(call));
    assertEquals(FakeIbkr.optionConid(d("200"), true, false), c.conid(), "the weekly of the same month was taken");
    assertEquals(100, c.multiplier());
    get(adapter.options().contract(call));
    assertEquals(1, fake.calls("/iserver/secdef/info"));
  }

  @Test
  void anIronCondorGoesAsOneBagOrderWithANetLimitAndFillsLegByLegPartiallyThenWholly() throws Exception {
    List<OrderReport> reports = new CopyOnWriteArrayList<>();
    adapter.connect(reports::add);
    await(() -> adapter.info().connection() == VenueInfo.Connection.CONNECTED);
    OrderLeg longPut = leg(OptionSymbol.Right.PUT, "170", Side.BUY);
    OrderLeg shortPut = leg(OptionSymbol.Right.PUT, "180", Side.SELL);
    OrderLeg shortCall = leg(OptionSymbol.Right.CALL, "200", Side.SELL);
    OrderLeg longCall = leg(OptionSymbol.Right.CALL, "210", Side.BUY);
    ClientOrderId id = ClientOrderId.of("condor", 1);
    Order condor = Order.combo(id, "ibkr", FakeIbkr.SYMBOL, Side.SELL, d("2"), d("1.25"),
        List.of(longPut, shortPut, shortCall, longCall), false);

    assertInstanceOf(OrderReport.Accepted.class, get(adapter.place(condor)));
    long lp = FakeIbkr.optionConid(d("170"), false, false);
    long sp = FakeIbkr.optionConid(d("180"), false, false);
    long sc = FakeIbkr.optionConid(d("200"), true, false);
    long lc = FakeIbkr.optionConid(d("210"), true, false);
    // IBKR's ratios describe buying the BAG and selling it reverses every leg: sold the condor's short legs are +1
    assertEquals(List.of("28812380;;;" + lp + "/-1," + sp + "/1," + sc + "/1," + lc + "/-1 SELL 2 @ 1.25"), fake.combos());

    Map<Long, BigDecimal> prices = Map.of(lp, d("0.40"), sp, d("1.10"), sc, d("1.05"), lc, d("0.50"));
    fake.fillCombo(id, d("1"), prices);
    await(() -> fills(reports).size() == 4);
    OrderReport.Status half = get(adapter.query(id));
    assertEquals(OrderStatus.PARTIALLY_FILLED, half.status());
    assertEquals(0, d("400").compareTo(half.filledQuantity()), "one structure of four legs is 400 units: " + half);
    Fill shortCallFill = fills(reports).stream().filter(f -> f.symbol().equals(shortCall.symbol())).findFirst().orElseThrow();
    assertEquals(Side.SELL, shortCallFill.side());
    assertEquals(0, d("100").compareTo(shortCallFill.quantity()));
    assertEquals(0, d("1.05").compareTo(shortCallFill.price()));

    fake.fillCombo(id, d("1"), prices);
    await(() -> fills(reports).size() == 8);
    OrderReport.Status done = get(adapter.query(id));
    assertEquals(OrderStatus.FILLED, done.status());
    assertEquals(0, condor.fillQuantity().compareTo(done.filledQuantity()));
    assertEquals(8, done.fills().size());
    assertTrue(reports.stream().filter(r -> r instanceof OrderReport.Filled).map(r -> (OrderReport.Filled) r)
        .anyMatch(OrderReport.Filled::complete), "the last leg fill completes the order");
  }

  private static OrderLeg leg(OptionSymbol.Right right, String strike, Side side) {
    return new OrderLeg(OptionSymbol.of("AAPL", JAN27, right, d(strike)).occ(), side, 1);
  }

  private static List<Fill> fills(List<OrderReport> reports) {
    return reports.stream().filter(r -> r instanceof OrderReport.Filled).map(r -> ((OrderReport.Filled) r).fill()).toList();
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out");
      Thread.sleep(20);
    }
  }
}
