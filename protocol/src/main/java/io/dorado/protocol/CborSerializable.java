package io.dorado.protocol;

/**
 * The one marker for everything that crosses a process boundary or enters the journal.
 * Bound to {@code jackson-cbor} in {@code serialization.conf}; nothing else is allowed on the wire.
 */
public interface CborSerializable {}
