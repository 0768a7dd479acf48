package io.dorado.actors.orderpath.venue.kraken;

import io.dorado.protocol.order.ClientOrderId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our deterministic client order id ({@code botId-sequence}) as Kraken's {@code cl_ord_id}, and back.
 *
 * <p>Kraken accepts three {@code cl_ord_id} formats, told apart by length (docs.kraken.com, "Spot Client Order
 * Identifiers", "Format and performance details"): a long UUID (36 characters with hyphens), a short UUID (32 hex
 * characters) and free text of at most 18 characters. The mapping:
 *
 * <ul>
 *   <li>an id of at most 18 characters is sent verbatim as free text ({@code bot-1-42}); it parses back with
 *       {@link ClientOrderId#parse};
 *   <li>a longer id is sent as a long UUID: the first 8 bytes are the first 8 bytes of SHA-256(botId), the last 8 the
 *       sequence, big-endian ({@code 1f3a...-...-0000-00000000002a}). Deterministic (the same id always gives the same
 *       UUID); reversible for every bot id this process has seen — each place/cancel/query registers its bot id, and
 *       {@link #register} takes the fleet's known bot ids at start, so an open order found after a restart is still ours.
 * </ul>
 *
 * A UUID whose bot hash is not registered decodes to null (with the raw value kept as the venue's client order id):
 * the reconciliation matches it by {@link #encode} of the ids it owns before adopting anything as EXTERNAL.
 */
public final class KrakenClientOrderIds {
  /** Kraken's free-text limit for cl_ord_id. */
  public static final int MAX_FREE_TEXT = 18;

  private final Map<Long, String> botsByHash = new ConcurrentHashMap<>();

  public void register(String botId) {
    botsByHash.putIfAbsent(botHash(botId), botId);
  }

  /** The cl_ord_id Kraken gets for {@code id}; registers its bot id for {@link #decode}. */
  public String encode(ClientOrderId id) {
    register(id.botId());
    return format(id);
  }

  /** The pure mapping (no registration). */
  public static String format(ClientOrderId id) {
    String text = id.value();
    if (text.length() <= MAX_FREE_TEXT) return text;
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(botHash(id.botId())).putLong(id.sequence());
    String hex = HexFormat.of().formatHex(bytes.array());
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
        + "-" + hex.substring(20);
  }

  /** Our id for a cl_ord_id Kraken reports; null for none, for another format, or an unregistered bot hash. */
  public ClientOrderId decode(String clOrdId) {
    if (clOrdId == null || clOrdId.isBlank()) return null;
    if (clOrdId.length() == 36 && clOrdId.charAt(8) == '-') {
      try {
        byte[] raw = HexFormat.of().parseHex(clOrdId.replace("-", ""));
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        String bot = botsByHash.get(bytes.getLong());
        long sequence = bytes.getLong();
        return bot == null || sequence < 1 ? null : ClientOrderId.of(bot, sequence);
      } catch (IllegalArgumentException notHex) {
        return null;
      }
    }
    if (clOrdId.length() > MAX_FREE_TEXT) return null;
    try {
      return ClientOrderId.parse(clOrdId);
    } catch (IllegalArgumentException notOurs) {
      return null;
    }
  }

  static long botHash(String botId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(botId.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
