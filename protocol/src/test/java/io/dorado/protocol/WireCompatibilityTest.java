package io.dorado.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.protocol.testing.ProtocolScan;
import io.dorado.protocol.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the journal already holds must replay whatever the wire format becomes. {@code wire/written-2026-12-07.tsv}
 * holds every journalled protocol value (events and snapshot states) as the code of 2026-12-07 wrote it (timestamps as
 * ISO-8601 text): its serializer id, manifest and CBOR bytes, and the value as JSON. Today's serializer must read
 * each back to the same value.
 *
 * <p>Regenerate only when a format change is meant to leave old bytes behind (never for a release already run):
 * {@code -Ddorado.wire.write=protocol/src/test/resources/wire/written-<date>.tsv}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireCompatibilityTest {
  private static final String FIXTURE = "/wire/written-2026-12-07.tsv";
  /** The journalled protocols: entity events and the states their snapshots hold. */
  private static final List<String> JOURNALLED = List.of("Event", "State");

  private final ActorTestKit testKit = ActorTestKit.create("wire-compatibility");
  private final Serialization serialization = SerializationExtension.get(testKit.system());
  private final ObjectMapper json = JacksonObjectMapperProvider.get(testKit.system())
      .getOrCreate("jackson-json", Optional.empty());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private List<Object> journalledSamples() {
    Samples samples = new Samples(testKit.createTestProbe().ref());
    List<Object> values = new ArrayList<>();
    for (Class<?> protocol : ProtocolScan.sealedProtocols(CborSerializable.class, "io.dorado.protocol")) {
      if (JOURNALLED.stream().noneMatch(protocol.getSimpleName()::endsWith)) continue;
      for (Class<?> type : ProtocolScan.concreteSubtypes(protocol)) {
        values.add(samples.of(type));
      }
    }
    // The snapshot states that are plain records (the guardian's lives in actors).
    for (Class<?> state : List.of(io.dorado.protocol.venue.VenueState.class, io.dorado.protocol.fleet.FleetState.class,
        io.dorado.protocol.allocation.AllocatorState.class)) {
      values.add(samples.of(state));
    }
    return values;
  }

  private String json(Object value) {
    // Actor references (a venue's Submitted holds whom to report to) are written as their path.
    var system = (org.apache.pekko.actor.ExtendedActorSystem) org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(
        testKit.system());
    return Serialization$.MODULE$.withTransportInformation(system, () -> {
      try {
        return json.writeValueAsString(value);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void everyJournalledValueWrittenOn20261207ReadsBackAsTheSameValue() throws Exception {
    String target = System.getProperty("dorado.wire.write");
    if (target != null) write(Path.of(target));
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
      assertTrue(in != null, FIXTURE + " is missing");
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    }
    List<String> wrong = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t", 4);
      Object read = serialization.deserialize(Base64.getDecoder().decode(f[2]), Integer.parseInt(f[0]), f[1]).get();
      JsonNode then = json.readTree(f[3]);
      JsonNode now = json.readTree(json(read));
      if (!sameWithFieldsAddedSince(then, now)) wrong.add(f[1] + ": written " + then + ", read " + now);
    }
    System.out.println("wire: " + lines.size() + " journalled values written on 2026-12-07 read back, "
        + wrong.size() + " different");
    assertTrue(lines.size() >= 40, "the fixture holds " + lines.size() + " values");
    assertEquals(List.of(), wrong);
  }

  /**
   * Fields added since 2026-12-07 that an older value reads with a default other than null or empty, each with that
   * default (what the code gives a value that lacks it).
   */
  private static final Map<String, String> ADDED_WITH_A_DEFAULT = Map.of(
      // BotConfig: a bot configured before schedules is scanned on the fleet's interval
      "signal_source", "{\"type\":\"scheduled\",\"schedule\":\"\"}");

  /** Equal, except that a field added since (absent then) may read as null, empty, or its documented default. */
  private static boolean sameWithFieldsAddedSince(JsonNode then, JsonNode now) {
    if (then instanceof ObjectNode t && now instanceof ObjectNode n) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode old = t.get(e.getKey());
        if (old == null) {
          boolean byDefault = ADDED_WITH_A_DEFAULT.containsKey(e.getKey())
              && e.getValue().equals(readTree(ADDED_WITH_A_DEFAULT.get(e.getKey())));
          if (!(byDefault || e.getValue().isNull() || e.getValue().isEmpty() && e.getValue().isContainerNode())) {
            return false;
          }
        } else if (!sameWithFieldsAddedSince(old, e.getValue())) {
          return false;
        }
      }
      for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) if (!n.has(it.next())) return false;
      return true;
    }
    if (then.isArray() && now.isArray()) {
      if (then.size() != now.size()) return false;
      for (int i = 0; i < then.size(); i++) if (!sameWithFieldsAddedSince(then.get(i), now.get(i))) return false;
      return true;
    }
    return then.equals(now);
  }

  private static JsonNode readTree(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void write(Path target) throws IOException {
    StringBuilder out = new StringBuilder("# serializer id, manifest, CBOR bytes (base64), the value as JSON\n");
    for (Object value : journalledSamples()) {
      var serializer = serialization.findSerializerFor(value);
      out.append(serializer.identifier()).append('\t').append(Serializers.manifestFor(serializer, value)).append('\t')
          .append(Base64.getEncoder().encodeToString(serialization.serialize(value).get())).append('\t')
          .append(json(value)).append('\n');
    }
    Files.createDirectories(target.getParent());
    Files.writeString(target, out.toString());
  }
}
