package io.dorado.protocol.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/** Round-trips values through Pekko's real serialization, as the wire and the journal would. */
public final class RoundTrip {
  private final Serialization serialization;

  public RoundTrip(ActorSystem<?> system) {
    this.serialization = SerializationExtension.get(system);
  }

  public Object through(Object value) {
    var serializer = serialization.findSerializerFor(value);
    assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(),
        value.getClass().getName() + " must be bound to jackson-cbor");
    byte[] bytes = serialization.serialize(value).get();
    String manifest = Serializers.manifestFor(serializer, value);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  /**
   * Reads {@code value} as it was written before a field existed: serialized as today, the CBOR tree edited by
   * {@code older} (remove the new fields), read back through Pekko: what a journal or a peer of the previous release
   * hands over.
   */
  public Object throughOlder(Object value, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> older) {
    var serializer = serialization.findSerializerFor(value);
    String manifest = Serializers.manifestFor(serializer, value);
    try {
      // the mapper Pekko's jackson-cbor serializer uses: BigDecimals come back exactly as written
      var cbor = org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(serialization.system())
          .getOrCreate("jackson-cbor", java.util.Optional.empty()).copy()
          .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serialization.serialize(value).get());
      older.accept(tree);
      return serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), manifest).get();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every concrete subtype of a polymorphic sealed interface must be registered for Jackson. */
  public static void assertSubtypesRegistered(Class<?> sealed) {
    // A sealed sub-interface (a view such as BotState.WithOrder) inherits its parent's registration.
    Class<?> declaring = declaringTypeInfo(sealed);
    assertTrue(declaring != null, sealed.getName() + " needs @JsonTypeInfo(use = NAME) and @JsonSubTypes");
    assertEquals(JsonTypeInfo.Id.NAME, declaring.getAnnotation(JsonTypeInfo.class).use(),
        declaring.getName() + ": type ids must be names, not class names, so the journal survives refactoring");
    JsonSubTypes subTypes = declaring.getAnnotation(JsonSubTypes.class);
    Set<Class<?>> registered = subTypes == null ? Set.of()
        : Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::value).collect(Collectors.toSet());
    Set<Class<?>> missing = ProtocolScan.concreteSubtypes(sealed).stream()
        .filter(c -> !registered.contains(c)).collect(Collectors.toSet());
    assertTrue(missing.isEmpty(), declaring.getName() + " @JsonSubTypes misses " + missing);
  }

  private static Class<?> declaringTypeInfo(Class<?> type) {
    if (type.isAnnotationPresent(JsonTypeInfo.class)) return type;
    for (Class<?> parent : type.getInterfaces()) {
      Class<?> found = declaringTypeInfo(parent);
      if (found != null) return found;
    }
    return null;
  }
}
