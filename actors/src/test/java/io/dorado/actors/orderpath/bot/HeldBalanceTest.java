package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaApiException;
import io.dorado.actors.orderpath.venue.binance.BinanceApiException;
import io.dorado.actors.orderpath.venue.kraken.KrakenApiException;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.venue.InstrumentRules;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only a venue's refusal for a held balance lets an exit take the protection down; anything else keeps it resting. Each
 * adapter reads it from the vendor's error code into the rejection's kind; the bot reads the kind, never the text.
 */
class HeldBalanceTest {
  private static final ClientOrderId ID = ClientOrderId.of("bot-1", 3);

  @Test
  void binanceMinus2010InsufficientBalanceIsABalanceHeldButNotItsOtherMinus2010s() {
    assertEquals(RejectionKind.BALANCE_HELD,
        new BinanceApiException(400, -2010, "Account has insufficient balance for requested action.", null).rejectionKind());
    assertEquals(RejectionKind.OTHER, new BinanceApiException(400, -2010, "Duplicate order sent.", null).rejectionKind());
    assertEquals(RejectionKind.OTHER, new BinanceApiException(400, -1013, "Filter failure: LOT_SIZE", null).rejectionKind());
  }

  @Test
  void krakenInsufficientFundsIsABalanceHeldButNotAMinimumNotMet() {
    assertEquals(RejectionKind.BALANCE_HELD, new KrakenApiException(List.of("EOrder:Insufficient funds")).rejectionKind());
    assertEquals(RejectionKind.OTHER, new KrakenApiException(List.of("EOrder:Order minimum not met")).rejectionKind());
  }

  @Test
  void alpacaInsufficientQtyAvailableIsABalanceHeldButNotInsufficientBuyingPower() {
    assertEquals(RejectionKind.BALANCE_HELD, new AlpacaApiException(403, 40310000,
        "insufficient qty available for order (requested: 10, available: 0)").rejectionKind());
    assertEquals(RejectionKind.BALANCE_HELD, new AlpacaApiException(403, 40310000,
        "insufficient balance for BTC (requested: 0.03, available: 0)").rejectionKind(), "crypto names the asset");
    assertEquals(RejectionKind.OTHER, new AlpacaApiException(403, 40310000, "insufficient buying power").rejectionKind());
    assertEquals(RejectionKind.OTHER, new AlpacaApiException(422, 40010001, "insufficient qty available").rejectionKind());
  }

  @Test
  void thePaperVenueRefusesABalanceItsRestingSellHoldsAsHeldAndOneItNeverHadAsOther() {
    var paper = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS);
    paper.instrument(InstrumentRules.none("BTC"), "BTC", "USD");
    paper.balance("BTC", BigDecimal.ONE);
    paper.balance("USD", BigDecimal.ZERO);
    paper.place(Order.limit(ClientOrderId.of("bot-1", 1), "paper", "BTC", Side.SELL, BigDecimal.ONE, new BigDecimal("45000")));

    var held = paper.place(Order.market(ClientOrderId.of("bot-1", 2), "paper", "BTC", Side.SELL, new BigDecimal("0.5"), true))
        .toCompletableFuture().join();
    var never = paper.place(Order.market(ID, "paper", "BTC", Side.SELL, new BigDecimal("2"), true)).toCompletableFuture().join();

    assertEquals(RejectionKind.BALANCE_HELD, ((OrderReport.Rejected) held).kind(), held.toString());
    assertEquals(RejectionKind.OTHER, ((OrderReport.Rejected) never).kind(), never.toString());
  }

  @Test
  void theBotTakesTheKindNeverTheText() {
    assertTrue(HeldBalance.refused(new OrderReport.Rejected(ID, "Binance refused the order: -2010 …",
        RejectionKind.BALANCE_HELD)));
    assertFalse(HeldBalance.refused(new OrderReport.Rejected(ID, "-2010 Account has insufficient balance")),
        "a rejection with no kind (written before kinds) is not read for its text");
    assertFalse(HeldBalance.refused(new OrderReport.Denied(ID, DenialReason.KILL_SWITCH, "insufficient balance")));
    assertFalse(HeldBalance.refused(new OrderReport.Cancelled(ID, BigDecimal.ZERO, "insufficient balance")));
  }
}
