package io.dorado.actors.orderpath.risk;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PSortedMap;
import org.pcollections.PVector;
import org.pcollections.TreePMap;
import org.pcollections.TreePVector;

/**
 * The guardian's state keeps its maps persistent: an event changes one entry with {@code plus}/{@code minus} and shares
 * the rest with the state before, instead of copying the whole map (O(bots or orders) per event). A map that is not
 * persistent yet (a state read from a snapshot, a map built by a caller) is converted once, here.
 */
final class Persistent {
  private Persistent() { }

  /** {@code m} itself when persistent, else a persistent copy (empty for null). */
  static <K, V> PMap<K, V> map(Map<K, V> m) {
    if (m instanceof PMap<K, V> p) return p;
    return m == null || m.isEmpty() ? HashTreePMap.empty() : HashTreePMap.from(m);
  }

  /** As {@link #map}, sorted by key (so the keys with one prefix are a range). */
  static <V> PSortedMap<String, V> sorted(Map<String, V> m) {
    if (m instanceof PSortedMap<String, V> p) return p; // only ours are persistent: TreePMap, by String's order
    return m == null || m.isEmpty() ? TreePMap.empty() : TreePMap.from(m);
  }

  /** {@code l} itself when persistent, else a persistent copy (empty for null). */
  static <E> PVector<E> list(List<E> l) {
    if (l instanceof PVector<E> p) return p;
    return l == null || l.isEmpty() ? TreePVector.empty() : TreePVector.from(l);
  }

  /** The entries of {@code m} whose key starts with {@code prefix}. */
  static <V> SortedMap<String, V> withPrefix(PSortedMap<String, V> m, String prefix) {
    // entry by entry from the first at or after the prefix (a subMap of the tree costs more than the few entries)
    var out = new java.util.TreeMap<String, V>();
    for (var e = m.ceilingEntry(prefix); e != null && e.getKey().startsWith(prefix); e = m.higherEntry(e.getKey())) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
