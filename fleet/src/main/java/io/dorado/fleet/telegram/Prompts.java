package io.dorado.fleet.telegram;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The confirmations this bridge has asked for and not yet had answered. Every confirm / cancel button carries a
 * one-time nonce (random, so it cannot be guessed or made up from a time) bound to the chat that asked: a press is
 * honoured only while its prompt is live, only in that chat, and only once. A press without a live prompt (never
 * asked, already answered, asked before a restart) or from another chat is refused and changes nothing. Kept in
 * memory: a failover forgets the prompts, which only means the operator asks again.
 */
final class Prompts {
  private static final int CAPACITY = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  enum Action {
    KILL_SWITCH("/killswitch"),
    FORCE_EXIT("/forceexit"),
    /** A Pick button of /candidates: its argument is the scan id and the candidate id, separated by a space. */
    PICK("/candidates");

    final String command;

    Action(String command) {
      this.command = command;
    }
  }

  /**
   * What was asked, where and when; {@code argument} is the bot for a force exit, the scope of a kill switch,
   * "scanId candidateId" for a pick, else null.
   */
  record Prompt(String nonce, long chatId, Action action, String argument, Instant askedAt) {
    String again() {
      return action.command + (argument == null || action == Action.PICK ? "" : " " + argument);
    }
  }

  sealed interface Taken {}

  /** The prompt was live: it is used up now. */
  record Live(Prompt prompt) implements Taken {}

  /** Past the confirm window: used up, nothing to do. */
  record Expired(Prompt prompt) implements Taken {}

  /** Refused, with the reason the operator is shown. */
  record Refused(String reason) implements Taken {}

  static final String NOT_LIVE = "No live confirmation for this button: nothing was done. Send the command again.";
  static final String USED = "This confirmation was already answered: nothing was done again.";
  static final String OTHER_CHAT = "This confirmation was asked in another chat: nothing was done.";

  private final Duration window;
  private final Map<String, Prompt> live = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Prompt> eldest) {
      return size() > CAPACITY;
    }
  };
  private final Set<String> used = new LinkedHashSet<>();

  Prompts(Duration window) {
    this.window = window;
  }

  /** A new prompt in {@code chatId}; returns its nonce (16 URL-safe characters, 96 random bits). */
  synchronized String ask(long chatId, Action action, String argument, Instant now) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    live.put(nonce, new Prompt(nonce, chatId, action, argument, now));
    return nonce;
  }

  /**
   * The press of a button carrying {@code nonce} in {@code chatId}: the live prompt (now used up), or why not. A
   * press from another chat leaves the prompt live for the chat that asked.
   */
  synchronized Taken take(String nonce, long chatId, Instant now) {
    Prompt p = live.get(nonce);
    if (p == null) return new Refused(used.contains(nonce) ? USED : NOT_LIVE);
    if (p.chatId() != chatId) return new Refused(OTHER_CHAT);
    live.remove(nonce);
    used.add(nonce);
    if (used.size() > CAPACITY) used.remove(used.iterator().next());
    Duration age = Duration.between(p.askedAt(), now);
    if (age.isNegative() || age.compareTo(window) > 0) return new Expired(p);
    return new Live(p);
  }
}
