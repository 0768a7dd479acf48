package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void aFullBucketAllowsItsBurstAndThenNothingAtTheSameInstant() {
    TokenBucket b = TokenBucket.full(100, 100, T0);
    for (int i = 0; i < 100; i++) b = b.take(T0);
    assertFalse(b.canTake(T0));
    TokenBucket empty = b;
    assertThrows(IllegalStateException.class, () -> empty.take(T0));
  }

  @Test
  void tokensRefillAtTheRateAndNeverAboveCapacity() {
    TokenBucket b = TokenBucket.full(100, 100, T0);
    for (int i = 0; i < 100; i++) b = b.take(T0);
    assertFalse(b.canTake(T0.plus(Duration.ofMillis(9))));
    assertTrue(b.canTake(T0.plus(Duration.ofMillis(10)))); // 100/s: one token per 10 ms
    assertEquals(0, new BigDecimal("50").compareTo(b.available(T0.plus(Duration.ofMillis(500)))));
    assertEquals(0, new BigDecimal("100").compareTo(b.available(T0.plus(Duration.ofDays(365)))));
  }

  @Test
  void aClockGoingBackwardsRefillsNothing() {
    TokenBucket b = TokenBucket.full(1, 1, T0).take(T0);
    assertFalse(b.canTake(T0.minusSeconds(10)));
    assertTrue(b.canTake(T0.plusSeconds(1)));
  }
}
