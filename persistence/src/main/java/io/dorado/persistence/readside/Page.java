package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;

/**
 * One page of a query, newest first. {@code nextCursor} is opaque (Cassandra's paging state, checked by
 * the driver against the query it came from); pass it back with the same query for the next page. Null
 * when there is nothing more.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Page<T>(List<T> items, String nextCursor) implements CborSerializable {

  /** The largest page a query serves; bigger requests are refused, not silently cut. */
  public static final int MAX_SIZE = 1000;

  public Page {
    items = List.copyOf(items);
  }

  public static <T> Page<T> empty() {
    return new Page<>(List.of(), null);
  }

  static int checkSize(int pageSize) {
    if (pageSize < 1 || pageSize > MAX_SIZE) {
      throw new IllegalArgumentException("page size must be 1.." + MAX_SIZE + ", was " + pageSize);
    }
    return pageSize;
  }
}
