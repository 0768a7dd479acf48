package io.dorado.protocol.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Instants on the wire and in the journal as one CBOR integer, nanoseconds since the epoch, instead of ISO-8601 text:
 * formatting and parsing the text was about 5 % of the fleet's CPU per order (issue 24's profile), and the integer is
 * 9 bytes where the text is 25.
 *
 * <p>Reading accepts both: an integer is this format; text (every journal written before 2026-12-07) and anything
 * else go to jsr310's own reader, so old journals and snapshots replay ({@code WireCompatibilityTest}). An instant
 * outside the ~1677–2262 range a long of nanoseconds holds is written as text, as before.
 *
 * <p>Bound to the {@code jackson-cbor} binding only ({@code reference.conf}): JSON at the edges keeps ISO-8601.
 */
public final class CompactInstants extends SimpleModule {
  private static final long MIN_SECONDS = Long.MIN_VALUE / 1_000_000_000L;
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  public CompactInstants() {
    super("dorado-compact-instants");
    addSerializer(Instant.class, new Writer());
    addDeserializer(Instant.class, new Reader());
  }

  /** Epoch nanoseconds, or the ISO text where a long cannot hold them. */
  static final class Writer extends StdScalarSerializer<Instant> {
    Writer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      long seconds = value.getEpochSecond();
      if (seconds > MIN_SECONDS && seconds < MAX_SECONDS) {
        gen.writeNumber(seconds * 1_000_000_000L + value.getNano());
      } else {
        gen.writeString(value.toString());
      }
    }
  }

  /** An integer is epoch nanoseconds; text and the rest are read as jsr310 reads them (older journals). */
  static final class Reader extends StdScalarDeserializer<Instant> {
    Reader() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        long nanos = p.getLongValue();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
      }
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
  }
}
