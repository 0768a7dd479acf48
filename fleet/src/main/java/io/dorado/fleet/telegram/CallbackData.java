package io.dorado.fleet.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * What an inline button carries back (Telegram allows 64 bytes, too few for a bot id and a review
 * id): {@code a:<token>} approve, {@code r:<token>} reject, {@code t:<token>:<n>} annotation tag n,
 * {@code k:<epoch-second>} confirm the kill switch asked for at that second ({@code k:<epoch-second>:<scope>} for
 * one venue, account or bot: {@code io.dorado.protocol.risk.KillScope#key}), {@code x} cancel.
 * A token is a hash of the bot id and review id, so it can be matched against the pending approvals
 * on any node, after any failover.
 */
final class CallbackData {
  private CallbackData() {}

  sealed interface Parsed {}

  record Approve(String token) implements Parsed {}

  record Reject(String token) implements Parsed {}

  record Tag(String token, int index) implements Parsed {}

  /** {@code scope}: a venue, account or bot scope's key; null: every account (the fleet-wide kill switch). */
  record ConfirmKill(long askedAtEpochSecond, String scope) implements Parsed {
    ConfirmKill(long askedAtEpochSecond) {
      this(askedAtEpochSecond, null);
    }
  }

  /** Telegram's limit on what a button carries back, in bytes. */
  static final int MAX_BYTES = 64;

  record Cancel() implements Parsed {}

  static String token(String botId, String reviewId) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((botId + "\n" + reviewId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String approve(String token) {
    return "a:" + token;
  }

  static String reject(String token) {
    return "r:" + token;
  }

  static String tag(String token, int index) {
    return "t:" + token + ":" + index;
  }

  static String confirmKill(long epochSecond) {
    return "k:" + epochSecond;
  }

  /** Empty when the scope's key makes it longer than Telegram allows. */
  static Optional<String> confirmKill(long epochSecond, String scopeKey) {
    String data = confirmKill(epochSecond) + ":" + scopeKey;
    return data.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES ? Optional.of(data) : Optional.empty();
  }

  static String cancel() {
    return "x";
  }

  static Optional<Parsed> parse(String data) {
    if (data == null) return Optional.empty();
    String[] p = data.split(":", -1);
    try {
      return switch (p[0]) {
        case "a" -> p.length == 2 ? Optional.of(new Approve(p[1])) : Optional.empty();
        case "r" -> p.length == 2 ? Optional.of(new Reject(p[1])) : Optional.empty();
        case "t" -> p.length == 3 ? Optional.of(new Tag(p[1], Integer.parseInt(p[2]))) : Optional.empty();
        case "k" -> p.length == 2 ? Optional.of(new ConfirmKill(Long.parseLong(p[1])))
            : p.length == 4 ? Optional.of(new ConfirmKill(Long.parseLong(p[1]), p[2] + ":" + p[3])) : Optional.empty();
        case "x" -> p.length == 1 ? Optional.of(new Cancel()) : Optional.empty();
        default -> Optional.empty();
      };
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
