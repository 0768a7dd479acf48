package io.dorado.fleet.crash;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.cassandra.journal.CassandraJournal;
import scala.PartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The Cassandra journal, with every write issued {@code write-delay} late: a loaded Cassandra (the CI machine's),
 * where a write is in flight for a while. Writes keep their order (one delay for all). A write is issued by the
 * node's journal whether or not the actor that asked for it still runs (not if the journal itself stopped).
 */
public final class SlowCassandraJournal extends CassandraJournal {
  private final java.time.Duration delay;

  private record Delayed(Object write) {}

  public SlowCassandraJournal(Config cfg, String cfgPath) {
    super(cfg, cfgPath);
    this.delay = cfg.getDuration("write-delay");
  }

  @Override
  public void aroundReceive(PartialFunction<Object, BoxedUnit> receive, Object msg) {
    if (msg instanceof JournalProtocol.WriteMessages) {
      context().system().scheduler().scheduleOnce(delay, self(), new Delayed(msg), context().dispatcher(), sender());
    } else if (msg instanceof Delayed d) {
      super.aroundReceive(receive, d.write());
    } else {
      super.aroundReceive(receive, msg);
    }
  }
}
