package io.dorado.actors.orderpath;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;

/** The events a journal holds for a persistence id, in order, as the actor persisted them (tags removed). */
@FunctionalInterface
public interface StoredEvents {

  List<Object> of(String persistenceId);

  /** The in-memory journal of Pekko's persistence testkit. */
  static StoredEvents inMemory(PersistenceTestKit journal) {
    return persistenceId -> {
      var out = new ArrayList<>();
      for (Object o : journal.persistedInStorage(persistenceId)) {
        Object e = o instanceof PersistentRepr r ? r.payload() : o;
        out.add(e instanceof Tagged t ? t.payload() : e);
      }
      return out;
    };
  }
}
