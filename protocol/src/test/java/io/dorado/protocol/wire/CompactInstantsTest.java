package io.dorado.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.testing.RoundTrip;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Instants travel as epoch nanoseconds in CBOR: one integer, exact to the nanosecond, on both sides of the epoch; an
 * instant no long can hold still travels as text. The serializer as configured ({@code reference.conf}) uses it; the
 * JSON binding does not. Prints the size and the time of a fill's round trip against the ISO-text format of before,
 * measured in the same JVM (a ratio, not a timed assertion).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompactInstantsTest {
  private static final Instant AT = Instant.parse("2026-12-07T18:41:05.123456789Z");
  private final ActorTestKit testKit = ActorTestKit.create("compact-instants");
  /** The format of before: the cbor binding with jsr310's modules only. */
  private final ActorTestKit before = ActorTestKit.create("iso-instants", ConfigFactory.parseString(
      "pekko.serialization.jackson.jackson-cbor.jackson-modules = ${pekko.serialization.jackson.jackson-modules}")
      .withFallback(ConfigFactory.defaultReference()).resolve());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
    before.shutdownTestKit();
  }

  private static BotEvent.FillApplied fill(Instant at) {
    return new BotEvent.FillApplied("btc-1", new Fill("btc-1-7-f1", ClientOrderId.of("btc-1", 7), "BTCUSDT", Side.BUY,
        new BigDecimal("0.125"), new BigDecimal("42001.25"), new BigDecimal("0.52"), at), at);
  }

  @Test
  void anInstantIsWrittenAsOneIntegerOfNanosecondsAndReadBackExactly() throws Exception {
    var serialization = SerializationExtension.get(testKit.system());
    byte[] bytes = serialization.serialize(fill(AT)).get();
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.empty());
    var at = cbor.readTree(bytes).path("fill").path("at");
    assertTrue(at.isIntegralNumber(), "the fill's time is written as " + at.getNodeType() + " " + at);
    assertEquals(AT.getEpochSecond() * 1_000_000_000L + AT.getNano(), at.longValue());
    RoundTrip roundTrip = new RoundTrip(testKit.system());
    for (Instant t : List.of(AT, Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
        Instant.parse("2262-04-11T23:47:15Z"), Instant.MAX, Instant.MIN)) {
      assertEquals(fill(t), roundTrip.through(fill(t)), t.toString());
    }
  }

  @Test
  void jsonAtTheEdgesKeepsIsoText() throws Exception {
    ObjectMapper json = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-json", Optional.empty());
    assertTrue(json.writeValueAsString(fill(AT)).contains("\"2026-12-07T18:41:05.123456789Z\""));
  }

  @Test
  void aFillIsSmallerAndCheaperThanWithIsoText() {
    Serialization now = SerializationExtension.get(testKit.system());
    Serialization then = SerializationExtension.get(before.system());
    var value = fill(AT);
    int small = now.serialize(value).get().length;
    int large = then.serialize(value).get().length;
    assertTrue(small < large, small + " bytes now, " + large + " before");
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < 6; round++) {
      best[0] = Math.min(best[0], nanosPerRoundTrip(now, value));
      best[1] = Math.min(best[1], nanosPerRoundTrip(then, value));
    }
    System.out.printf("wire: a fill %d bytes (ISO text %d), serialize+deserialize %.1f us (ISO text %.1f us): %.2fx%n",
        small, large, best[0] / 1000.0, best[1] / 1000.0, (double) best[1] / best[0]);
  }

  private static long nanosPerRoundTrip(Serialization serialization, Object value) {
    var serializer = serialization.findSerializerFor(value);
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, value);
    int n = 5_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      byte[] bytes = serialization.serialize(value).get();
      if (serialization.deserialize(bytes, serializer.identifier(), manifest).get() == null) throw new AssertionError();
    }
    return (System.nanoTime() - start) / n;
  }
}
