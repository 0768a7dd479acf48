package io.dorado.fleet.telegram;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The approval cards this bridge has shown and decided, by token: what a tag button needs (the trade
 * is no longer pending once decided) and what lets a late tap say who decided. Bounded; the pending
 * approvals of the fleet stay the authority on what may still be approved.
 */
final class ApprovalBook {
  private static final int CAPACITY = 1000;

  record Entry(String botId, String reviewId, Instant deadline, String decision) {
    Entry decided(String value) {
      return new Entry(botId, reviewId, deadline, value);
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > CAPACITY;
    }
  };

  synchronized String shown(String botId, String reviewId, Instant deadline) {
    String token = CallbackData.token(botId, reviewId);
    entries.putIfAbsent(token, new Entry(botId, reviewId, deadline, null));
    return token;
  }

  synchronized void decided(String token, String botId, String reviewId, Instant deadline, String decision) {
    entries.put(token, new Entry(botId, reviewId, deadline, decision));
  }

  synchronized Optional<Entry> get(String token) {
    return Optional.ofNullable(entries.get(token));
  }
}
