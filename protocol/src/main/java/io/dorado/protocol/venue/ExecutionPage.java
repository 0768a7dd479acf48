package io.dorado.protocol.venue;

import io.dorado.protocol.CborSerializable;
import java.util.List;

/**
 * Executions after a cursor, oldest first, and the cursor to ask with next. The cursor is the adapter's own
 * (a trade id, a timestamp, an offset): opaque to the caller, stored as is. A null cursor asks from the
 * adapter's look-back (the gap-fill after a start or a stream reconnect).
 */
public record ExecutionPage(List<VenueExecution> executions, String cursor) implements CborSerializable {
  public ExecutionPage {
    executions = executions == null ? List.of() : List.copyOf(executions);
  }
}
