package io.dorado.actors.orderpath.venue.binance;

import io.dorado.protocol.order.ClientOrderId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Our deterministic client order ids ({@code botId-seq}) as Binance's {@code newClientOrderId}, which must match
 * {@code ^[\.A-Z\:/a-z0-9_-]{1,36}$} (rest-api.md, "New order (TRADE)"; errors.md -1100 ILLEGAL_CHARS).
 *
 * <p>The mapping is deterministic (a re-send after a crash carries the same venue id) and reversible:
 * {@code "dor:" + escape(botId) + "-" + seq}, where {@code escape} keeps {@code [A-Za-z0-9_-]} and writes every
 * other UTF-8 byte as {@code .HH} (upper-case hex; a '.' itself is {@code .2E}). The {@code dor:} prefix tells our
 * orders from those placed outside the fleet (Binance's site generates ids like {@code web_...} or random 22
 * characters): an id without it is EXTERNAL.
 *
 * <p>An id whose escaped form exceeds 36 characters becomes {@code "dorh:" + 31 hex digits of SHA-256(id)}: still
 * deterministic, but reversible only through the ids this process has mapped (it remembers them). Keep bot ids
 * short (about 24 ASCII characters) to stay on the reversible form.
 */
public final class BinanceClientOrderIds {

  static final String PREFIX = "dor:";
  static final String HASHED_PREFIX = "dorh:";
  static final int MAX_LENGTH = 36;
  private static final Pattern ALLOWED = Pattern.compile("^[\\.A-Z\\:/a-z0-9_-]{1,36}$");

  /** The stop leg ({@code STOP_LOSS}) and the target leg ({@code LIMIT_MAKER}) of an OCO order list. */
  public static final char STOP_LEG = 's';
  public static final char TARGET_LEG = 't';

  private final Map<String, ClientOrderId> hashed = new ConcurrentHashMap<>();
  private final Map<String, Character> legs = new ConcurrentHashMap<>();

  /** The venue's id for ours. */
  public String toVenue(ClientOrderId id) {
    String escaped = PREFIX + escape(id.botId()) + "-" + id.sequence();
    if (escaped.length() <= MAX_LENGTH) return escaped;
    String venueId = HASHED_PREFIX + sha256Hex(id.value()).substring(0, MAX_LENGTH - HASHED_PREFIX.length());
    hashed.put(venueId, id);
    return venueId;
  }

  /**
   * The client order id of one leg of our OCO order list {@code id} ({@link #toVenue} is the list's
   * {@code listClientOrderId}): {@code toVenue(id) + "/" + leg}, {@code leg} {@link #STOP_LEG} or {@link #TARGET_LEG}.
   * A '/' never appears in an escaped id, so the suffix is unambiguous; too long, it is hashed like an id.
   */
  public String leg(ClientOrderId id, char leg) {
    String escaped = PREFIX + escape(id.botId()) + "-" + id.sequence() + "/" + leg;
    if (escaped.length() <= MAX_LENGTH) return escaped;
    String venueId = HASHED_PREFIX + sha256Hex(id.value() + "/" + leg).substring(0, MAX_LENGTH - HASHED_PREFIX.length());
    hashed.put(venueId, id);
    legs.put(venueId, leg);
    return venueId;
  }

  /** Which leg of one of our OCO order lists {@code venueId} is ({@link #leg}); empty for an order of its own. */
  public Optional<Character> legOf(String venueId) {
    if (venueId == null) return Optional.empty();
    if (venueId.startsWith(HASHED_PREFIX)) return Optional.ofNullable(legs.get(venueId));
    int slash = venueId.length() - 2;
    return venueId.startsWith(PREFIX) && slash > 0 && venueId.charAt(slash) == '/'
        ? Optional.of(venueId.charAt(slash + 1)) : Optional.empty();
  }

  /** Ours for the venue's id (a leg's: its order list's); empty for an order placed outside the fleet (or a hashed id this process never mapped). */
  public Optional<ClientOrderId> fromVenue(String venueId) {
    if (venueId == null) return Optional.empty();
    if (venueId.startsWith(HASHED_PREFIX)) return Optional.ofNullable(hashed.get(venueId));
    if (legOf(venueId).isPresent()) venueId = venueId.substring(0, venueId.length() - 2);
    if (!venueId.startsWith(PREFIX)) return Optional.empty();
    try {
      String rest = venueId.substring(PREFIX.length());
      int dash = rest.lastIndexOf('-');
      if (dash <= 0) return Optional.empty();
      return Optional.of(ClientOrderId.of(unescape(rest.substring(0, dash)), Long.parseLong(rest.substring(dash + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether Binance accepts {@code venueId} as a client order id. */
  public static boolean isValid(String venueId) {
    return venueId != null && ALLOWED.matcher(venueId).matches();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (keep) {
        out.append(c);
      } else {
        out.append('.').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static String unescape(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (i + 2 >= text.length()) throw new IllegalArgumentException("bad escape in " + text);
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
