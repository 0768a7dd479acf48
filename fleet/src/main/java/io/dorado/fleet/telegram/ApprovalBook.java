package io.dorado.fleet.telegram;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The approval cards this bridge has shown and decided, by token: what a tag button needs (the trade
 * is no longer pending once decided), what lets a late tap say who decided, and where each card went
 * (chat and message, per allowed chat) so a decision taken in one chat is shown on the card in every
 * other. Bounded; the pending approvals of the fleet stay the authority on what may still be approved.
 */
final class ApprovalBook {
  private static final int CAPACITY = 1000;

  /**
   * @param text the card as sent
   * @param decision "approved by @x", null while undecided
   * @param outcome the lines the decision appends to the card, null while undecided
   * @param decidedIn the chat where it was decided (its card offers the tags), null while undecided
   * @param cards message id by chat, for the cards sent so far
   */
  record Entry(String botId, String reviewId, Instant deadline, String text, String decision, String outcome,
      Long decidedIn, Map<Long, Integer> cards) {
    Entry {
      cards = Map.copyOf(cards);
    }

    /** The card as every chat should see it once decided. */
    String decidedText() {
      return text + "\n\n" + outcome;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > CAPACITY;
    }
  };

  synchronized String shown(String botId, String reviewId, Instant deadline, String text) {
    String token = CallbackData.token(botId, reviewId);
    entries.putIfAbsent(token, new Entry(botId, reviewId, deadline, text, null, null, null, Map.of()));
    return token;
  }

  /**
   * Records the decision and answers the cards to edit: every chat's card but the deciding one's (that one gets
   * the tags). A card not yet sent is edited when {@link #cardSent} learns where it went.
   */
  synchronized Map<Long, Integer> decided(String token, String botId, String reviewId, Instant deadline,
      String fallbackText, String decision, String outcome, long decidingChat) {
    Entry old = entries.get(token);
    Map<Long, Integer> cards = old == null ? Map.of() : old.cards();
    String text = old == null || old.text() == null ? fallbackText : old.text();
    entries.put(token, new Entry(botId, reviewId, deadline, text, decision, outcome, decidingChat, cards));
    Map<Long, Integer> others = new TreeMap<>(cards);
    others.remove(decidingChat);
    return others;
  }

  /** A card reached a chat as message {@code messageId}; answers the entry when it was decided elsewhere meanwhile. */
  synchronized Optional<Entry> cardSent(String token, long chatId, int messageId) {
    Entry e = entries.get(token);
    if (e == null) return Optional.empty();
    Map<Long, Integer> cards = new LinkedHashMap<>(e.cards());
    cards.put(chatId, messageId);
    Entry updated = new Entry(e.botId(), e.reviewId(), e.deadline(), e.text(), e.decision(), e.outcome(), e.decidedIn(),
        cards);
    entries.put(token, updated);
    boolean editNow = updated.decision() != null && !Long.valueOf(chatId).equals(updated.decidedIn());
    return editNow ? Optional.of(updated) : Optional.empty();
  }

  synchronized Optional<Entry> get(String token) {
    return Optional.ofNullable(entries.get(token));
  }
}
