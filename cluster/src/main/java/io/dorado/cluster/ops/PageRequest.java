package io.dorado.cluster.ops;

import java.util.Optional;

/**
 * Which page of a read-side listing: at most {@code limit} rows after {@code cursor} (absent for the
 * first page). Cursors are opaque: a front end passes back the {@link Page#nextCursor()} it was given.
 */
public record PageRequest(int limit, Optional<String> cursor) {
  public static final int MAX_LIMIT = 500;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
    }
    cursor = cursor == null ? Optional.empty() : cursor.filter(c -> !c.isBlank());
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, Optional.empty());
  }
}
