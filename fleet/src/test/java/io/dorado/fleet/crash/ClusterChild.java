package io.dorado.fleet.crash;

import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.persistence.cassandra.CassandraSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * One fleet node of {@link ClusterFailoverTest} in its own JVM, so it can be killed, frozen and
 * restarted: joins the cluster through the given seed node with the "fleet" role, runs bots, venues
 * and singletons like any node (the durable exchange as venue), serves Pekko Management on the given
 * port, writes its activations, and exits the JVM when it is downed (exit-jvm on, as in production).
 *
 * <p>Arguments: cassandra host, cassandra port, exchange file, activation log, seed node address,
 * management port, split-brain resolver stable-after.
 */
public final class ClusterChild {

  public static void main(String[] args) {
    CrashChild.dieWithParent();
    var cassandra = CassandraSettings.local(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    var config = CrashFleet.config(cassandra, ConfigFactory.parseString("""
        pekko.coordinated-shutdown.exit-jvm = on
        pekko.loglevel = INFO
        dorado.cluster.management = on
        """
        + "dorado.cluster.activation-log = \"" + args[3] + "\"\n"
        + "dorado.cluster.seed-nodes = \"" + args[4] + "\"\n"
        + "pekko.management.http.port = " + args[5] + "\n"
        + "pekko.cluster.split-brain-resolver.stable-after = " + args[6] + "\n"));
    FleetNode node = CrashFleet.start(config, Path.of(args[2]), line -> {});
    System.out.println("STARTED " + node.system().address());
    System.out.flush();
    node.system().getWhenTerminated().toCompletableFuture().join();
    System.out.println("TERMINATED");
    System.exit(0);
  }
}
