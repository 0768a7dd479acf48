package io.dorado.protocol.risk;

import io.dorado.protocol.CborSerializable;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a kill switch covers: every account ({@code ALL}, the fleet-wide kill switch), one venue ({@code venue}: every
 * account at it), one account ({@code account}: the guardian's account id, the venue's own {@code <venue>} or its paper
 * account {@code <venue>/paper}) or one bot ({@code botId}). Written as {@link #key()}: {@code all},
 * {@code venue:<id>}, {@code account:<venue>[/<name>]}, {@code bot:<id>}; {@link #parse} reads it back.
 */
public record KillScope(Kind kind, String venue, String account, String botId) implements CborSerializable {

  public enum Kind { ALL, VENUE, ACCOUNT, BOT }

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}(/[A-Za-z0-9._-]{1,32})?");

  public KillScope {
    Objects.requireNonNull(kind, "kind");
    switch (kind) {
      case ALL -> {
        venue = null;
        account = null;
        botId = null;
      }
      case VENUE -> {
        require(venue, ID, "venue");
        account = null;
        botId = null;
      }
      case ACCOUNT -> {
        require(account, ACCOUNT_ID, "account");
        venue = account.contains("/") ? account.substring(0, account.indexOf('/')) : account;
        botId = null;
      }
      case BOT -> {
        require(botId, ID, "bot id");
        venue = null;
        account = null;
      }
    }
  }

  public static KillScope all() {
    return new KillScope(Kind.ALL, null, null, null);
  }

  public static KillScope ofVenue(String venue) {
    return new KillScope(Kind.VENUE, venue, null, null);
  }

  /** {@code account}: the guardian's account id ({@code <venue>} or {@code <venue>/paper}). */
  public static KillScope ofAccount(String account) {
    return new KillScope(Kind.ACCOUNT, null, account, null);
  }

  public static KillScope ofBot(String botId) {
    return new KillScope(Kind.BOT, null, null, botId);
  }

  /**
   * {@code all}, {@code venue:<id>}, {@code account:<venue>[/<name>]} or {@code bot:<id>} (the kind in any case);
   * anything else is an {@link IllegalArgumentException} saying what is accepted.
   */
  public static KillScope parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("a scope is required: " + FORMS);
    String t = text.strip();
    if (t.equalsIgnoreCase("all")) return all();
    int colon = t.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("'" + t + "' is not a kill switch scope: " + FORMS);
    String kind = t.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    String id = t.substring(colon + 1);
    return switch (kind) {
      case "venue" -> ofVenue(id);
      case "account" -> ofAccount(id);
      case "bot" -> ofBot(id);
      default -> throw new IllegalArgumentException("'" + kind + "' is not a kill switch scope kind: " + FORMS);
    };
  }

  public static final String FORMS = "all, venue:<venue>, account:<venue> or account:<venue>/paper, bot:<bot id>";

  /** How it is written (and parsed): the key of the engaged scopes. */
  public String key() {
    return switch (kind) {
      case ALL -> "all";
      case VENUE -> "venue:" + venue;
      case ACCOUNT -> "account:" + account;
      case BOT -> "bot:" + botId;
    };
  }

  /** An order of {@code botId} at {@code orderVenue}, counted in the guardian's account {@code orderAccount}. */
  public boolean covers(String orderVenue, String orderAccount, String orderBot) {
    return switch (kind) {
      case ALL -> true;
      case VENUE -> venue.equals(orderVenue);
      case ACCOUNT -> account.equals(orderAccount);
      case BOT -> botId.equals(orderBot);
    };
  }

  /** A reading for people: "venue ibkr", "account ibkr/paper", "bot b1", "every account". */
  public String describe() {
    return switch (kind) {
      case ALL -> "every account";
      case VENUE -> "venue " + venue;
      case ACCOUNT -> "account " + account;
      case BOT -> "bot " + botId;
    };
  }

  /** The reason code of a denial in this scope. */
  public DenialReason denialReason() {
    return switch (kind) {
      case ALL -> DenialReason.KILL_SWITCH;
      case VENUE -> DenialReason.KILL_SWITCH_VENUE;
      case ACCOUNT -> DenialReason.KILL_SWITCH_ACCOUNT;
      case BOT -> DenialReason.KILL_SWITCH_BOT;
    };
  }

  @Override
  public String toString() {
    return key();
  }

  private static void require(String id, Pattern p, String what) {
    if (id == null || !p.matcher(id).matches()) {
      throw new IllegalArgumentException("'" + id + "' is not a " + what + " (letters, digits, '.', '_', '-')");
    }
  }

  /** An engaged scope: by whom, why, since when. */
  public record Engaged(KillScope scope, String by, String reason, Instant since) implements CborSerializable {}
}
