package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.allocation.AllocatorEvent;
import io.dorado.protocol.allocation.AllocatorState;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.BetaPosterior;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocatorSerializationTest {
  @JUnit5TestKit
  public ActorTestKit testKit =
      new JUnit5TestKitBuilder().withCustomConfig(ConfigFactory.parseString("pekko.loglevel = WARNING")).build();


  @Test
  @DisplayName("every allocator message, event and state survives a round trip through CBOR")
  void everyMessageSurvivesACborRoundTrip() {
    SerializationTestKit serialization = testKit.serializationTestKit();
    ActorRef<Allocator.Ack> acks = testKit.<Allocator.Ack>createTestProbe().ref();
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    BetaPosterior posterior = BetaPosterior.prior(1, 1).observe(0.4, 1);
    List<Object> messages = List.of(
        new Allocator.RegisterArm("a", "condor", acks),
        new Allocator.RetireArm("a", "done", acks),
        new Allocator.RecordOutcome("t", "a", "condor", new BigDecimal("12.50"), new BigDecimal("-100"), true, now, acks),
        new Allocator.Reallocate("operator", acks),
        new Allocator.ReallocationDue(now),
        new Allocator.GetBudget("a", testKit.<Allocator.BudgetReply>createTestProbe().ref()),
        new Allocator.GetAllocation(testKit.<Allocator.Allocation>createTestProbe().ref()),
        new Allocator.Accepted("ok"),
        new Allocator.Rejected("no"),
        new Allocator.AlreadyRecorded("t"),
        new Allocator.Budget("a", "a", 0.25, new BigDecimal("25000.00"), now),
        new Allocator.NoBudget("a", "retired"),
        new Allocator.Allocation(ArmMode.BY_BOT, new BigDecimal("100000"), 3, now, now, List.of(
            new Allocator.ArmView("a", null, List.of("a"), 1.7, 1.3, 0.13, 1, 1, 0, 0.25, new BigDecimal("25000.00")))),
        new AllocatorEvent.ArmRegistered("a", "a", null, 1, 1, now),
        new AllocatorEvent.ArmRetired("a", "a", "done", now),
        new AllocatorEvent.OutcomeRecorded("t", "a", "a", new BigDecimal("1"), new BigDecimal("2"), false, 0.5, 1, now, now),
        new AllocatorEvent.Reallocated(2, AllocatorEvent.Trigger.SCHEDULED, "cadence", Map.of("a", 1.0), Map.of("a", 0.6),
            0.995, now, now),
        new AllocatorState(Map.of("a", new AllocatorState.Arm("a", null, posterior, 1, 0)),
            Map.of("a", new AllocatorState.Seat("a", "a", null, true)), Map.of("a", 0.6), 2, now, now,
            Map.of("t", now)),
        new AllocatorEvent.TradesForgotten(now, now),
        new Allocator.ForgetTrades(),
        AllocationPolicy.defaults(ArmMode.BY_TEMPLATE, new BigDecimal("5000"), 9));
    for (Object message : messages) {
      assertEquals(message, serialization.verifySerialization(message, true), message.getClass().getName());
    }
  }
}
