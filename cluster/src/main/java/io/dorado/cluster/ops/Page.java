package io.dorado.cluster.ops;

import java.util.List;
import java.util.Optional;

/** One page of a listing, newest first; {@code nextCursor} is absent on the last page. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  public Page {
    items = List.copyOf(items);
    nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
  }

  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }
}
