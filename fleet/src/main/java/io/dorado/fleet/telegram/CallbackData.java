package io.dorado.fleet.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * What an inline button carries back (Telegram allows 64 bytes, too few for a bot id and a review
 * id): {@code a:<token>} approve, {@code r:<token>} reject, {@code t:<token>:<n>} annotation tag n,
 * {@code c:<nonce>} confirm and {@code x:<nonce>} cancel the prompt with that one-time nonce ({@link Prompts}).
 * A token is a hash of the bot id and review id, so it can be matched against the pending approvals
 * on any node, after any failover.
 */
final class CallbackData {
  private CallbackData() {}

  sealed interface Parsed {}

  record Approve(String token) implements Parsed {}

  record Reject(String token) implements Parsed {}

  record Tag(String token, int index) implements Parsed {}

  record Confirm(String nonce) implements Parsed {}

  record Cancel(String nonce) implements Parsed {}

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

  static String confirm(String nonce) {
    return "c:" + nonce;
  }

  static String cancel(String nonce) {
    return "x:" + nonce;
  }

  static Optional<Parsed> parse(String data) {
    if (data == null) return Optional.empty();
    String[] p = data.split(":", -1);
    try {
      return switch (p[0]) {
        case "a" -> p.length == 2 ? Optional.of(new Approve(p[1])) : Optional.empty();
        case "r" -> p.length == 2 ? Optional.of(new Reject(p[1])) : Optional.empty();
        case "t" -> p.length == 3 ? Optional.of(new Tag(p[1], Integer.parseInt(p[2]))) : Optional.empty();
        case "c" -> p.length == 2 && !p[1].isEmpty() ? Optional.of(new Confirm(p[1])) : Optional.empty();
        case "x" -> p.length == 2 && !p[1].isEmpty() ? Optional.of(new Cancel(p[1])) : Optional.empty();
        default -> Optional.empty();
      };
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
