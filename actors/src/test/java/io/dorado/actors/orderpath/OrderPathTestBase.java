package io.dorado.actors.orderpath;

import io.dorado.actors.testing.TestConfigs;
import java.math.BigDecimal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What an order-path test class holds besides its {@link OrderPathRig}s: one event-sourced test kit, shut down after
 * the class (a subclass's own {@code @AfterAll} runs first, e.g. to close a fake venue).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrderPathTestBase {
  final ActorTestKit testKit;

  OrderPathTestBase(String systemName) {
    testKit = ActorTestKit.create(systemName, TestConfigs.eventSourced());
  }

  @AfterAll
  void shutdownTestKit() {
    testKit.shutdownTestKit();
  }

  static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }
}
