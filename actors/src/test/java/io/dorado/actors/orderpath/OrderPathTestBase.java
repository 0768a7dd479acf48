package io.dorado.actors.orderpath;

import io.dorado.actors.testing.TestConfigs;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What an order-path test class holds besides its {@link OrderPathRig}s: one event-sourced test kit, shut down after
 * the class, and what the tests gave {@link #closeAfterAll} (a fake venue, its adapter), closed just before it (a
 * subclass's own {@code @AfterAll} runs earlier still).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrderPathTestBase {
  final ActorTestKit testKit;
  private final Deque<AutoCloseable> closing = new ArrayDeque<>();

  OrderPathTestBase(String systemName) {
    testKit = ActorTestKit.create(systemName, TestConfigs.eventSourced());
  }

  /** Closes {@code resource} after the class, the last given first (an adapter before the fake it talks to). */
  void closeAfterAll(AutoCloseable resource) {
    closing.push(resource);
  }

  @AfterAll
  void shutdownTestKit() throws Exception {
    while (!closing.isEmpty()) closing.pop().close();
    testKit.shutdownTestKit();
  }

  static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }
}
