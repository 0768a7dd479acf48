package io.dorado.persistence.readside;

import static io.dorado.persistence.readside.ReadSideFixture.await;
import static io.dorado.persistence.readside.ReadSideFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fill quality on a real Cassandra: the bots' events give each order its decision price and average fill, the
 * guardian's its arrival price (its mark when it acknowledged the order); slippage in bps, positive = worse for us.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FillQualityProjectionTest {

  private ReadSideFixture fx;
  private ReadSide readSide;

  @BeforeAll
  void start() {
    fx = new ReadSideFixture("fill-quality-test");
    readSide = fx.startReadSide();
  }

  @AfterAll
  void stop() {
    ReadSideFixture.stop(readSide);
    fx.close();
  }

  private static AcknowledgedOrder ack(Order o, Instant at) {
    return new AcknowledgedOrder(o, "ack-" + o.clientOrderId(), "main", at, at.plusSeconds(30), "sig");
  }

  @Test
  void a_buy_above_and_a_sell_below_their_decision_price_slip_positive_bps_a_market_order_by_its_weighted_average() {
    String bot = BotStory.newBotId("quality");
    BotStory story = new BotStory(bot, Instant.parse("2026-05-04T14:30:00Z"));
    List<BotEvent> events = new ArrayList<>(story.created());
    events.addAll(story.entryApproved(Side.BUY, "10", "100")); // decided at 100
    events.addAll(story.fill(Side.BUY, "4", "100.10", "0", false)); // two partial fills: 4 @ 100.10, 6 @ 100.20
    events.addAll(story.fill(Side.BUY, "6", "100.20", "0", true)); // average 100.16: 16 bps worse than 100
    events.addAll(story.exitStarted(Side.SELL, "10")); // a close: decided at no price (none is journalled)
    events.addAll(story.closingFill(Side.SELL, "10", "101", "0"));
    events.addAll(story.entryApproved(Side.SELL, "5", "110")); // decided at 110
    events.addAll(story.fill(Side.SELL, "5", "109.89", "0", true)); // a sell 10 bps below: worse for us
    long last = fx.writeInChunks(bot, events, 4);

    // The guardian marked AAPL at 100.05 before it acknowledged the buy, at 109.78 before the sell.
    Instant t = story.now();
    Order buy = Order.market(ClientOrderId.of(bot, 1), BotStory.VENUE, BotStory.SYMBOL, Side.BUY, BigDecimal.TEN, false);
    Order sell = Order.market(ClientOrderId.of(bot, 3), BotStory.VENUE, BotStory.SYMBOL, Side.SELL, new BigDecimal("5"),
        false);
    fx.writeGuardian(fx.guardian, List.of(
        new GuardianEvent.PricesMarked(Map.of(BotStory.SYMBOL, new BigDecimal("100.05")), t),
        new GuardianEvent.OrdersAcknowledged(List.of(ack(buy, t)), t),
        new GuardianEvent.PricesMarked(Map.of(BotStory.SYMBOL, new BigDecimal("109.78")), t.plusSeconds(1)),
        new GuardianEvent.OrdersAcknowledged(List.of(ack(sell, t.plusSeconds(1))), t.plusSeconds(1))));
    fx.awaitApplied(bot, last);

    List<FillQuality.Measured> orders = eventually(
        () -> fx.queries.fillQuality().orders(Optional.of(BotStory.VENUE), Optional.of(bot)),
        l -> l.stream().filter(m -> m.arrivalPrice() != null).count() == 2);
    assertEquals(List.of(bot + "-1", bot + "-2", bot + "-3"), orders.stream().map(FillQuality.Measured::clientOrderId).toList());
    FillQuality.Measured entry = orders.get(0);
    assertEquals(0, new BigDecimal("100.16").compareTo(entry.averagePrice()), "quantity-weighted: " + entry.averagePrice());
    assertEquals(16.0, entry.vsDecisionBps(), 1e-9);
    assertEquals(10.99, entry.vsArrivalBps(), 0.01); // (100.16 - 100.05) / 100.05
    assertNull(orders.get(1).vsDecisionBps(), "a close is decided at no price the journal keeps");
    assertEquals(10.0, orders.get(2).vsDecisionBps(), 1e-9);
    assertEquals(-10.02, orders.get(2).vsArrivalBps(), 0.01); // sold above the 109.78 mark: better for us

    List<FillQuality.Group> groups = await(fx.queries.fillQuality().summary(Optional.of(BotStory.VENUE), Optional.of(bot)));
    assertEquals(1, groups.size());
    FillQuality.Group market = groups.get(0);
    assertEquals("MARKET", market.orderType());
    assertEquals(3, market.orders());
    assertEquals(new FillQuality.Stats(2, 13.0, 10.0, 16.0), market.vsDecision());
    assertEquals(new FillQuality.Stats(2, 0.49, -10.02, 10.99), market.vsArrival());
    System.out.printf("fill quality: %d orders (4 fills), %s/%s vs decision %s bps, vs arrival %s bps%n",
        market.orders(), market.venue(), market.orderType(), market.vsDecision().meanBps(), market.vsArrival().meanBps());

    // The intended order keeps its decision price in the orders view as well.
    assertEquals(0, new BigDecimal("100").compareTo(
        await(fx.queries.orders().byClientOrderId(bot + "-1")).orElseThrow().decisionPrice()));
  }

  @Test
  void an_order_never_filled_is_not_measured_and_an_unknown_venue_has_no_groups() {
    String bot = BotStory.newBotId("unfilled");
    BotStory story = new BotStory(bot, Instant.parse("2026-05-05T14:30:00Z"));
    List<BotEvent> events = new ArrayList<>(story.created());
    events.addAll(story.entryApproved(Side.BUY, "10", "100"));
    fx.awaitApplied(bot, fx.writeInChunks(bot, events, 4));

    assertEquals(List.of(), await(fx.queries.fillQuality().summary(Optional.of(BotStory.VENUE), Optional.of(bot))));
    assertEquals(List.of(), await(fx.queries.fillQuality().summary(Optional.of("no-such-venue"), Optional.empty())));
  }
}
