package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The group commit the guardian and the venues share, on a toy state: a running sum of its events. */
class WriteBatchTest {

  private final WriteBatch<Integer, Integer> batch = new WriteBatch<>(Integer::sum);

  @Test
  void decisionsAreMadeOnTheWrittenStatePlusEverythingPending() {
    assertEquals(10, batch.current(10));
    batch.add(10, List.of(1, 2), s -> {});
    batch.add(10, List.of(4), s -> {});
    assertEquals(17, batch.current(10));
  }

  @Test
  void onlyTheFirstDecisionOfABatchAsksForAFlush() {
    assertTrue(batch.add(0, List.of(1), s -> {}));
    assertFalse(batch.add(0, List.of(2), s -> {}));
    assertFalse(batch.add(0, List.of(), s -> {}));
    batch.take();
    assertTrue(batch.add(3, List.of(), s -> {}), "an effect alone still needs its flush");
  }

  @Test
  void aFlushTakesEveryEventAndEffectInDecisionOrderAndStartsEmpty() {
    var ran = new ArrayList<String>();
    batch.add(0, List.of(1), s -> ran.add("first saw " + s));
    batch.add(0, List.of(2, 3), s -> ran.add("second saw " + s));

    WriteBatch.Batch<Integer, Integer> taken = batch.take();
    assertEquals(List.of(1, 2, 3), taken.events());
    assertTrue(batch.isEmpty());
    assertEquals(6, batch.current(6), "no projection left over");

    taken.runEffects(6);
    assertEquals(List.of("first saw 6", "second saw 6"), ran);
  }

  @Test
  void effectsDecidedWithoutEventsWaitForTheWriteBeforeThem() {
    var ran = new ArrayList<String>();
    batch.add(0, List.of(5), s -> ran.add("write"));
    batch.add(0, List.of(), s -> ran.add("answer after the write"));
    WriteBatch.Batch<Integer, Integer> taken = batch.take();
    assertTrue(ran.isEmpty());
    taken.runEffects(5);
    assertEquals(List.of("write", "answer after the write"), ran);
  }

  @Test
  void theUnstashMarkGoesWithTheBatchThatEndsARecovery() {
    batch.add(0, List.of(1), s -> {});
    batch.unstashAfterWrite();
    assertTrue(batch.unstashPending());
    assertTrue(batch.take().unstash());
    assertFalse(batch.unstashPending());
    assertTrue(batch.take().isEmpty());
  }
}
