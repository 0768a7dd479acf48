package io.dorado.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CqlSessionProvider;
import org.apache.pekko.stream.connectors.cassandra.DriverConfigLoaderFromConfig;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The persistence plugin's Cassandra session, whose connections check the node's {@link PauseGuard} each time
 * they write to or flush their socket ({@link PauseGuardedChannels}). {@link PauseGuardedJournal} checks when the
 * journal receives a write, but the plugin then serializes it and chains it behind the same persistence id's
 * write in flight, on other threads, and the driver queues it for its connection's event loop: a write received
 * just before a freeze could still reach the socket on resume, after the entity's next incarnation on another
 * node had written the same sequence number (ClusterFailoverTest caught one: the guardian's seq 349, stamped at
 * the freeze, written after the survivors' own 349). At the socket nothing is left between the check and the
 * bytes leaving but the flush itself. Bytes written before the freeze are the kernel's to send while the
 * process is stopped, so they land before the cluster can take over. Configured as the plugin's session
 * provider in cluster.conf (journal, snapshots and queries share the session); the plugin's default settings
 * otherwise (the driver configuration it names), without Pekko Discovery of contact points.
 */
public final class PauseGuardedSessionProvider implements CqlSessionProvider {
  private final ActorSystem system;
  private final Config config;

  public PauseGuardedSessionProvider(ActorSystem system, Config config) {
    this.system = system;
    this.config = config;
    if (!config.getString("service-discovery.name").isEmpty()) {
      throw new IllegalStateException("the pause-guarded Cassandra session finds its contact points in the driver "
          + "configuration, not through Pekko Discovery: remove service-discovery.name from " + config.origin().description());
    }
  }

  @Override
  public Future<CqlSession> connect(ExecutionContext ec) {
    DriverConfigLoader loader = new DriverConfigLoaderFromConfig(CqlSessionProvider.driverConfig(system, config));
    return FutureConverters.asScala(new GuardedBuilder().withConfigLoader(loader).buildAsync());
  }

  /** The driver's session builder, with a context whose connections are pause guarded. */
  private static final class GuardedBuilder extends CqlSessionBuilder {
    @Override
    protected DriverContext buildContext(DriverConfigLoader loader, ProgrammaticArguments arguments) {
      return new PauseGuardedChannels.Context(loader, arguments);
    }
  }
}
