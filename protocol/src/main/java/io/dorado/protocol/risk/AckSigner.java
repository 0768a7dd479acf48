package io.dorado.protocol.risk;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@link AcknowledgedOrder}s with HMAC-SHA256 and a secret shared by the risk
 * guardian (which signs) and the venue actors (which verify). The MAC covers a canonical encoding of
 * every order field (a combo's legs and an amend's replaced order included), the ack id, the guardian id,
 * the issue time and the expiry ({@link #canonical}), so changing any of them invalidates the signature.
 *
 * <p>Thread-safe: each thread keeps its own keyed {@link Mac} (a {@code Mac} is not thread-safe, and
 * {@code Mac.getInstance} per call cost ~1 % of the order path's CPU), reset by {@code doFinal}.
 *
 * <pre>{@code
 * AckSigner signer = AckSigner.ofSecret(config.getString("dorado.risk.ack-secret"));
 * AcknowledgedOrder ack = signer.sign(order, ackId, "risk-guardian", now, now.plusSeconds(30));
 * boolean genuine = signer.verify(ack);          // constant-time comparison
 * }</pre>
 */
public final class AckSigner {
  public static final String ALGORITHM = "HmacSHA256";
  /** Shorter secrets are refused: 16 bytes is the least an HMAC key should have. */
  public static final int MIN_SECRET_BYTES = 16;
  private static final String VERSION = "dorado-ack-v1";

  private final byte[] secret;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private AckSigner(byte[] secret) {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the acknowledgement secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.secret = secret.clone();
  }

  public static AckSigner ofSecret(byte[] secret) {
    return new AckSigner(secret);
  }

  public static AckSigner ofSecret(String secret) {
    return new AckSigner(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Acknowledges {@code order}: the returned ack carries the signature over all of its fields. */
  public AcknowledgedOrder sign(Order order, String ackId, String guardianId, Instant issuedAt, Instant expiresAt) {
    var unsigned = new AcknowledgedOrder(order, ackId, guardianId, issuedAt, expiresAt, null);
    return unsigned.withSignature(signatureOf(unsigned));
  }

  /** The Base64 signature the ack should carry (its own {@code signature} field is ignored). */
  public String signatureOf(AcknowledgedOrder ack) {
    return Base64.getEncoder().encodeToString(mac(canonical(ack)));
  }

  /**
   * True when the ack carries this secret's signature over exactly its current fields. Compares in
   * constant time; a missing or malformed signature is simply false.
   */
  public boolean verify(AcknowledgedOrder ack) {
    if (ack == null || ack.signature() == null || ack.signature().isBlank()) return false;
    byte[] given;
    try {
      given = Base64.getDecoder().decode(ack.signature());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    byte[] expected = mac(canonical(ack));
    return MessageDigest.isEqual(expected, given);
  }

  /**
   * The bytes that are signed: a version tag, then every field as {@code name=length:value;} (null as
   * {@code name=-1;}), so no choice of values can make two different acks encode alike. Decimals are
   * written with their scale ({@code 10} and {@code 10.0} differ, as they do for {@code Order.equals}).
   */
  public static String canonical(AcknowledgedOrder ack) {
    Order o = ack.order();
    var b = new StringBuilder(256).append(VERSION).append(';');
    field(b, "ack_id", ack.ackId());
    field(b, "guardian_id", ack.guardianId());
    field(b, "issued_at", ack.issuedAt().toString());
    field(b, "expires_at", ack.expiresAt().toString());
    field(b, "client_order_id", o.clientOrderId().value());
    field(b, "venue", o.venue());
    field(b, "symbol", o.symbol());
    field(b, "side", o.side().name());
    field(b, "type", o.type().name());
    field(b, "quantity", decimal(o.quantity()));
    field(b, "limit_price", decimal(o.limitPrice()));
    field(b, "stop_price", decimal(o.stopPrice()));
    field(b, "time_in_force", o.timeInForce().name());
    field(b, "reduce_only", Boolean.toString(o.reduceOnly()));
    // Legs only for combos, so the encoding (and every signature) of a single-instrument order is unchanged.
    if (o.isCombo()) {
      field(b, "legs", Integer.toString(o.legs().size()));
      for (OrderLeg leg : o.legs()) {
        field(b, "leg_symbol", leg.symbol());
        field(b, "leg_side", leg.side().name());
        field(b, "leg_ratio_qty", Integer.toString(leg.ratioQty()));
      }
    }
    // Only for an amend, likewise: which resting order the venue replaces is signed, so no one can redirect it.
    if (o.isAmend()) field(b, "replaces", o.replaces().value());
    return b.toString();
  }

  private static String decimal(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append(name).append('=');
    if (value == null) {
      b.append("-1;");
    } else {
      b.append(value.length()).append(':').append(value).append(';');
    }
  }

  private byte[] mac(String canonical) {
    return macs.get().doFinal(canonical.getBytes(StandardCharsets.UTF_8));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  @Override
  public String toString() {
    return "AckSigner[" + ALGORITHM + ", secret of " + secret.length + " bytes]";
  }
}
