package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an order costs the guardian's state (issue 24, "no full-map copies on the guardian's hot path"). Measured, not
 * asserted: with 100, 1,000 and 10,000 bots each holding a position and a resting order, the same acknowledgements and
 * fills are folded into {@link GuardianState} (the persistent maps: an event changes an entry), and folded again while
 * also making the whole-map copies the former records made for each such event ({@code new HashMap<>(m)} then
 * {@code Map.copyOf} in the compact constructor, of working orders, approvals, stops, accounts and the throttle's bots per
 * acknowledgement; of positions by symbol and by bot, last prices, trips, exits, working orders, stops and accounts per
 * fill; and the throttle's two scans of the bot positions, up to the bot's, per fill). Both in this JVM, after a warm-up; prints
 * {@code guardian state: <n> bots, copy <x> us/event, persistent <y> us/event, <r>x}. Only the final states are checked.
 */
class GuardianStateCostTest {
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "BTC-USD"};
  private static final int EVENTS = 2_000;

  @Test
  void foldingOrdersAndFillsNoLongerCopiesTheBooksWhole() {
    GuardianState warm = withBots(1_000);
    for (int i = 0; i < 3; i++) { // the JIT compiles both ways before anything is measured
      fold(warm, orders(1_000, EVENTS), null);
      fold(warm, orders(1_000, EVENTS), new OldCopies(warm));
    }
    for (int bots : new int[] {100, 1_000, 10_000}) {
      GuardianState start = withBots(bots);
      List<GuardianEvent> events = orders(bots, EVENTS);
      OldCopies old = new OldCopies(start);
      long t0 = System.nanoTime();
      GuardianState persistent = fold(start, events, null);
      long t1 = System.nanoTime();
      GuardianState copied = fold(start, events, old);
      long t2 = System.nanoTime();
      double persistentUs = (t1 - t0) / 1_000.0 / events.size();
      double copyUs = (t2 - t1) / 1_000.0 / events.size();
      System.out.printf("guardian state: %d bots, copy %.1f us/event, persistent %.1f us/event, %.1fx%n", bots, copyUs,
          persistentUs, copyUs / persistentUs);
      assertEquals(persistent, copied);
      assertEquals(bots, persistent.book().ledger().botPositions().size());
      assertEquals(2L * bots + EVENTS / 2, persistent.acknowledgedCount());
      assertEquals(bots, persistent.book().working().size(), "each bot's resting order still works, the others filled");
      if (old.sink == 42) System.out.print(""); // (the copies' sizes are summed so the JIT keeps them)
    }
  }

  private static GuardianState fold(GuardianState s, List<GuardianEvent> events, OldCopies old) {
    for (GuardianEvent e : events) {
      if (old != null) old.copiesFor(e);
      s = s.apply(e);
    }
    return s;
  }

  /** Each bot holds 10 of its symbol (bought at 100) and rests a limit buy far below the market. */
  private static GuardianState withBots(int bots) {
    var s = GuardianState.open(RiskPolicy.DEFAULT, d("100000000"), T0);
    var events = new ArrayList<GuardianEvent>();
    events.add(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100"), "MSFT", d("100"), "BTC-USD", d("100")), T0));
    for (int i = 0; i < bots; i++) {
      String bot = "bot-" + i;
      Order entry = Order.market(ClientOrderId.of(bot, 1), Fixtures.VENUE, symbol(i), Side.BUY, d("10"), false);
      Order resting = new Order(ClientOrderId.of(bot, 2), Fixtures.VENUE, symbol(i), Side.BUY, OrderType.LIMIT, d("1"),
          d("50"), null, TimeInForce.GTC, false);
      events.add(acknowledged(entry, T0));
      events.add(new GuardianEvent.FillRecorded(fill(entry, "f-" + bot + "-1", T0), T0, Fixtures.VENUE));
      events.add(acknowledged(resting, T0));
    }
    for (GuardianEvent e : events) s = s.apply(e);
    return s;
  }

  /** {@code n} events: bot after bot, an order acknowledged then filled, buying 1 and selling it on its next turn. */
  private static List<GuardianEvent> orders(int bots, int n) {
    var events = new ArrayList<GuardianEvent>(n);
    for (int k = 0; events.size() < n; k++) {
      int i = k % bots;
      String bot = "bot-" + i;
      Instant at = T0.plusMillis(k);
      Side side = (k / bots) % 2 == 0 ? Side.BUY : Side.SELL;
      Order o = Order.market(ClientOrderId.of(bot, 3 + k / bots), Fixtures.VENUE, symbol(i), side, d("1"), false);
      events.add(acknowledged(o, at));
      events.add(new GuardianEvent.FillRecorded(fill(o, "f-" + o.clientOrderId().value(), at), at, Fixtures.VENUE));
    }
    return events;
  }

  private static String symbol(int bot) {
    return SYMBOLS[bot % SYMBOLS.length];
  }

  private static GuardianEvent acknowledged(Order o, Instant at) {
    return new GuardianEvent.OrdersAcknowledged(
        List.of(GuardianRig.SIGNER.sign(o, "ack-" + o.clientOrderId(), "g", at, at.plusSeconds(30))), at);
  }

  private static Fill fill(Order o, String id, Instant at) {
    return new Fill(id, o.clientOrderId(), o.symbol(), o.side(), o.quantity(), d("100"), BigDecimal.ZERO, at);
  }

  /**
   * The copies the former records made per event, of maps as large as the state's (taken once from it, in the form the
   * former records held them: {@code Map.copyOf}'s).
   */
  private static final class OldCopies {
    final Map<String, ?> working, approvals, stops, accounts, throttleBots, venueAcks;
    final Map<String, ?> positions, lastPrices, trips, exits;
    final Map<String, Position> botPositions;
    long sink;

    OldCopies(GuardianState s) {
      RiskBook b = s.book();
      Ledger l = b.ledger();
      working = Map.copyOf(b.working());
      approvals = Map.copyOf(b.approvals());
      stops = Map.copyOf(b.stops());
      accounts = Map.copyOf(s.accounts());
      throttleBots = Map.copyOf(s.throttles().bots());
      venueAcks = Map.copyOf(s.recent().venueAcks());
      positions = Map.copyOf(l.positions());
      botPositions = Map.copyOf(l.botPositions());
      lastPrices = Map.copyOf(l.lastPrices());
      trips = Map.copyOf(l.tripStartRealized());
      exits = Map.copyOf(l.lastExits());
    }

    void copiesFor(GuardianEvent e) {
      if (e instanceof GuardianEvent.OrdersAcknowledged) {
        twice(approvals); // RiskBook.acknowledged: new HashMap<>(…) of each, Map.copyOf in its constructor
        twice(stops);
        twice(working);
        twice(accounts); // GuardianState.withAccount
        sink += new HashMap<>(accounts).size(); // the OrdersAcknowledged branch's own copy
        twice(throttleBots); // BotThrottles.requested
        twice(venueAcks); // RecentActivity.apply
      } else if (e instanceof GuardianEvent.FillRecorded f) {
        twice(positions); // Ledger.apply
        twice(botPositions);
        twice(lastPrices);
        twice(trips);
        twice(exits);
        twice(working); // RiskBook.filled
        twice(stops);
        twice(accounts); // GuardianState.withAccount
        String prefix = Ledger.botKey(f.fill().clientOrderId().botId(), "");
        for (int i = 0; i < 2; i++) { // BotThrottles.holds, before and after the fill: a scan up to the bot's position
          for (var p : botPositions.entrySet()) {
            if (p.getKey().startsWith(prefix) && !p.getValue().isFlat()) {
              sink++;
              break;
            }
          }
        }
      }
    }

    /** The two copies of {@code m}: into a HashMap, then the record's Map.copyOf. */
    private void twice(Map<String, ?> m) {
      sink += Map.copyOf(new HashMap<>(m)).size();
    }
  }
}
