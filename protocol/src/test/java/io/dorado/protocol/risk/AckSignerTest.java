package io.dorado.protocol.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckSignerTest {
  private static final AckSigner SIGNER = AckSigner.ofSecret("test-secret-0123456789abcdef");
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final ClientOrderId ID = ClientOrderId.of("bot-a", 1);

  private static Order order(String venue, String symbol, Side side, OrderType type, String qty, String limit,
      String stop, TimeInForce tif, boolean reduceOnly) {
    return new Order(ID, venue, symbol, side, type, new BigDecimal(qty), limit == null ? null : new BigDecimal(limit),
        stop == null ? null : new BigDecimal(stop), tif, reduceOnly);
  }

  private static final Order SIGNED =
      order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101", "100", TimeInForce.GTC, false);

  private static AcknowledgedOrder ack() {
    return SIGNER.sign(SIGNED, "ack-1", "risk-guardian", T0, T0.plusSeconds(30));
  }

  @Test
  void aSignedAckVerifies() {
    assertTrue(SIGNER.verify(ack()));
    assertEquals(ack().signature(), ack().signature(), "signing is deterministic");
  }

  @Test
  void theSignatureIsTheHmacOfTheCanonicalEncodingOnEveryThreadAndEveryCall() throws Exception {
    javax.crypto.Mac fresh = javax.crypto.Mac.getInstance("HmacSHA256");
    fresh.init(new javax.crypto.spec.SecretKeySpec(
        "test-secret-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = java.util.Base64.getEncoder().encodeToString(
        fresh.doFinal(AckSigner.canonical(ack()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var signatures = pool.invokeAll(java.util.Collections.nCopies(400,
          (java.util.concurrent.Callable<String>) () -> ack().signature()));
      for (var s : signatures) assertEquals(expected, s.get(), "a kept Mac signs as a freshly keyed one");
    } finally {
      pool.shutdownNow();
    }
    assertFalse(AckSigner.ofSecret("another-secret-0123456789").verify(ack()), "each signer keeps its own key");
    assertTrue(SIGNER.verify(ack()));
  }

  @Test
  void changingAnyOrderFieldBreaksTheSignature() {
    List<Order> changed = List.of(
        new Order(ClientOrderId.of("bot-a", 2), "paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, BigDecimal.ONE,
            new BigDecimal("101"), new BigDecimal("100"), TimeInForce.GTC, false),
        new Order(ClientOrderId.of("bot-b", 1), "paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, BigDecimal.ONE,
            new BigDecimal("101"), new BigDecimal("100"), TimeInForce.GTC, false),
        order("live", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101", "100", TimeInForce.GTC, false),
        order("paper", "ETH-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101", "100", TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.SELL, OrderType.STOP_LIMIT, "1", "101", "100", TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.LIMIT, "1", "101", null, TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "2", "101", "100", TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1.0", "101", "100", TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101.5", "100", TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101", "99", TimeInForce.GTC, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101", "100", TimeInForce.DAY, false),
        order("paper", "BTC-USD", Side.BUY, OrderType.STOP_LIMIT, "1", "101", "100", TimeInForce.GTC, true));
    for (Order other : changed) {
      assertFalse(SIGNER.verify(ack().withOrder(other)), () -> "tampering went unnoticed: " + other);
    }
  }

  @Test
  void anAmendsReplacedOrderIsSignedSoItCannotBeAddedRemovedOrRedirected() {
    Order stop = order("paper", "BTC-USD", Side.SELL, OrderType.STOP, "1", null, "100", TimeInForce.GTC, true);
    AcknowledgedOrder amend = SIGNER.sign(stop.replacing(ClientOrderId.of("bot-a", 7)), "ack-2", "risk-guardian", T0,
        T0.plusSeconds(30));
    assertTrue(SIGNER.verify(amend));
    assertFalse(SIGNER.verify(amend.withOrder(stop)), "the amend sent as a new order");
    assertFalse(SIGNER.verify(amend.withOrder(stop.replacing(ClientOrderId.of("bot-a", 8)))), "another order replaced");
    assertFalse(SIGNER.verify(SIGNER.sign(stop, "ack-2", "risk-guardian", T0, T0.plusSeconds(30))
        .withOrder(stop.replacing(ClientOrderId.of("bot-a", 7)))), "a plain order turned into an amend");
    assertFalse(AckSigner.canonical(ack()).contains("replaces"), "an order that amends none encodes as before");
  }

  @Test
  void changingTheAckIdGuardianIssueTimeOrExpiryBreaksTheSignature() {
    AcknowledgedOrder a = ack();
    assertFalse(SIGNER.verify(new AcknowledgedOrder(a.order(), "ack-2", a.guardianId(), a.issuedAt(), a.expiresAt(), a.signature())));
    assertFalse(SIGNER.verify(new AcknowledgedOrder(a.order(), a.ackId(), "rogue", a.issuedAt(), a.expiresAt(), a.signature())));
    assertFalse(SIGNER.verify(new AcknowledgedOrder(a.order(), a.ackId(), a.guardianId(), T0.minusSeconds(1), a.expiresAt(), a.signature())));
    assertFalse(SIGNER.verify(a.withExpiry(a.expiresAt().plusSeconds(1))));
  }

  @Test
  void anotherSecretAMissingOrAMalformedSignatureDoesNotVerify() {
    assertFalse(AckSigner.ofSecret("another-secret-0123456789abcdef").verify(ack()));
    assertFalse(SIGNER.verify(ack().withSignature(null)));
    assertFalse(SIGNER.verify(ack().withSignature("")));
    assertFalse(SIGNER.verify(ack().withSignature("not base64 !!")));
    assertFalse(SIGNER.verify(ack().withSignature("AAAA")));
  }

  @Test
  void theCanonicalEncodingCannotBeShiftedBetweenFields() {
    var a = SIGNER.sign(SIGNED, "ack-1", "risk-guardian", T0, T0.plusSeconds(30));
    var b = SIGNER.sign(SIGNED, "ack-1;", "risk-guardian", T0, T0.plusSeconds(30));
    assertNotEquals(AckSigner.canonical(a), AckSigner.canonical(b));
    assertNotEquals(a.signature(), b.signature());
  }

  @Test
  void aShortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> AckSigner.ofSecret("short"));
    assertThrows(IllegalArgumentException.class, () -> AckSigner.ofSecret((String) null));
  }

  @Test
  void aComboAckCoversEveryLegSoChangingALegAfterwardsBreaksTheSignature() {
    Order combo = io.dorado.protocol.order.IronCondorFixture.entry(ID, "1", "1.20");
    AcknowledgedOrder signed = SIGNER.sign(combo, "ack-ic", "risk-guardian", T0, T0.plusSeconds(30));
    assertTrue(SIGNER.verify(signed));
    var legs = new java.util.ArrayList<>(combo.legs());
    legs.set(1, new io.dorado.protocol.order.OrderLeg(legs.get(1).symbol(), legs.get(1).side(), 2)); // a second long put
    Order tampered = Order.combo(ID, "paper", "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("1.20"), legs, false);
    assertFalse(SIGNER.verify(signed.withOrder(tampered)));
    Order dropped = Order.combo(ID, "paper", "AAPL", Side.SELL, BigDecimal.ONE, new BigDecimal("1.20"), combo.legs().subList(0, 2), false);
    assertFalse(SIGNER.verify(signed.withOrder(dropped)), "a leg left out");
  }
}
