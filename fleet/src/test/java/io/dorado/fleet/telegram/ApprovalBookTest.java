package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApprovalBookTest {
  private static final Instant DEADLINE = Instant.parse("2026-11-21T16:00:00Z");

  @Test
  @DisplayName("a decision answers the other chats' cards; a card that lands after it is to be edited, the deciding chat's never")
  void cardsOfEveryChat() {
    ApprovalBook book = new ApprovalBook();
    String token = book.shown("btc-1", "btc-1/sig-1", DEADLINE, "📋 card");
    assertEquals(Optional.empty(), book.cardSent(token, 1001, 7), "undecided: nothing to edit");
    assertEquals(Optional.empty(), book.cardSent(token, 1002, 8));

    Map<Long, Integer> others = book.decided(token, "btc-1", "btc-1/sig-1", DEADLINE, "📋 card", "approved by @a",
        "✅ Approved by @a", 1001L);
    assertEquals(Map.of(1002L, 8), others);

    assertEquals("📋 card\n\n✅ Approved by @a",
        book.cardSent(token, 1003, 9).orElseThrow().decidedText(), "a card sent after the decision is edited at once");
    assertEquals(Optional.empty(), book.cardSent(token, 1001, 7), "the deciding chat's card keeps its tags");
  }
}
