package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The journalled update offset. The test kit also round-trips every command, event and state through CBOR. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateLogTest {
  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(TestSettings.system()).withName("update-log-test").build();

  private static final AtomicInteger IDS = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

  private EventSourcedBehaviorTestKit<UpdateLog.Command, UpdateLog.Event, UpdateLog.State> log() {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        UpdateLog.create(PersistenceId.ofUniqueId("TelegramBridge|offset-" + IDS.incrementAndGet()), clock));
  }

  private static Inbound text(long id) {
    return new Inbound.Text(id, 1001L, "telegram:@op", "/status " + id);
  }

  private static UpdateLog.State receive(EventSourcedBehaviorTestKit<UpdateLog.Command, UpdateLog.Event, UpdateLog.State> kit,
      Inbound... updates) {
    return kit.<UpdateLog.State>runCommand(r -> new UpdateLog.Receive(List.of(updates), r)).reply();
  }

  @Test
  @DisplayName("received updates are pending and move the offset one past the last")
  void receiveMovesTheOffset() {
    var kit = log();
    UpdateLog.State s = receive(kit, text(7), text(5), text(6));
    assertEquals(8, s.nextOffset());
    assertEquals(List.of(5L, 6L, 7L), s.pending().stream().map(Inbound::updateId).toList(), "oldest first");
  }

  @Test
  @DisplayName("a batch Telegram repeats is not received twice")
  void repeatedBatchChangesNothing() {
    var kit = log();
    receive(kit, text(5), text(6));
    var result = kit.<UpdateLog.State>runCommand(r -> new UpdateLog.Receive(List.of(text(5), text(6)), r));
    assertTrue(result.hasNoEvents());
    assertEquals(2, result.reply().pending().size());
    UpdateLog.State s = receive(kit, text(6), text(7));
    assertEquals(List.of(5L, 6L, 7L), s.pending().stream().map(Inbound::updateId).toList());
  }

  @Test
  @DisplayName("a handled update leaves the pending list; marking it again changes nothing")
  void markHandled() {
    var kit = log();
    receive(kit, text(5), text(6));
    var first = kit.<UpdateLog.State>runCommand(r -> new UpdateLog.MarkHandled(5, r));
    assertInstanceOf(UpdateLog.UpdateHandled.class, first.event());
    assertEquals(List.of(6L), first.reply().pending().stream().map(Inbound::updateId).toList());
    assertTrue(kit.<UpdateLog.State>runCommand(r -> new UpdateLog.MarkHandled(5, r)).hasNoEvents());
    assertEquals(7, first.reply().nextOffset(), "handling never moves the offset back");
  }

  @Test
  @DisplayName("after a restart the offset and the unhandled updates are as they were")
  void recovery() {
    var kit = log();
    receive(kit, text(5), new Inbound.Button(6, 1001L, "telegram:@op", "cb-1", 3, "card", "a:token"),
        new Inbound.Other(7, null), new Inbound.Unreadable(8, "JsonSyntaxException: Expected an int"));
    kit.<UpdateLog.State>runCommand(r -> new UpdateLog.MarkHandled(5, r));
    UpdateLog.State before = kit.getState();
    kit.restart();
    assertEquals(before, kit.getState());
    assertEquals(9, kit.getState().nextOffset());
    assertEquals(List.of(6L, 7L, 8L), kit.getState().pending().stream().map(Inbound::updateId).toList());
  }
}
