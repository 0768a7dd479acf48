package io.dorado.cluster;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.cassandra.journal.CassandraJournal;
import scala.PartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The Cassandra journal, checking the node's {@link PauseGuard} before every message it handles. An entity
 * that persists just before its process is frozen (SIGSTOP, a stalled VM) leaves the write in this actor's
 * mailbox; on resume the journal's thread may run before anything else notices the pause and write it, after
 * the cluster has moved the entity to another node whose incarnation recovered and wrote the same sequence
 * number: two writers of one persistence id. With the check, the process halts first. A write received before the
 * pause is still on its way to the driver (serialized, chained behind the same id's write in flight):
 * {@link PauseGuardedSessionProvider} checks again there. Configured as the journal's class in cluster.conf, so
 * only fleet nodes use it.
 */
public final class PauseGuardedJournal extends CassandraJournal {

  public PauseGuardedJournal(Config config, String configPath) {
    super(config, configPath);
  }

  @Override
  public void aroundReceive(PartialFunction<Object, BoxedUnit> receive, Object message) {
    PauseGuard.checkAll();
    super.aroundReceive(receive, message);
  }
}
