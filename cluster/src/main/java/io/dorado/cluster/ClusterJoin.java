package io.dorado.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node becomes a cluster member (cluster.conf, {@code dorado.cluster}): by Cluster Bootstrap when a
 * discovery method is configured (Kubernetes), else by the configured seed nodes, else alone (a fleet of
 * one joins itself). Pekko Management serves the health checks and the cluster HTTP routes on every node.
 */
final class ClusterJoin {
  private static final Logger log = LoggerFactory.getLogger(ClusterJoin.class);

  private ClusterJoin() {}

  /**
   * {@code config} with {@code pekko.cluster.roles} and {@code seed-nodes} taken from the comma-separated
   * {@code dorado.cluster.roles} and {@code seed-nodes} (environment variables cannot hold lists); seed nodes
   * are ignored when Cluster Bootstrap is configured.
   */
  static Config withMembership(Config config) {
    Config result = config;
    List<String> roles = commaList(config, "dorado.cluster.roles");
    if (!roles.isEmpty()) {
      result = result.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
    }
    List<String> seeds = commaList(config, "dorado.cluster.seed-nodes");
    boolean bootstrap = config.hasPath("dorado.cluster.bootstrap") && !config.getString("dorado.cluster.bootstrap").isBlank();
    if (!seeds.isEmpty() && !bootstrap) { // with bootstrap, seed nodes would race it to form a cluster
      result = result.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
    }
    return result;
  }

  /** Starts management (when on) and joins: bootstrap, the seed nodes (Pekko joins them by itself), or itself. */
  static void join(ActorSystem<?> system) {
    Config config = system.settings().config();
    boolean bootstrap = !config.getString("dorado.cluster.bootstrap").isBlank();
    if (bootstrap || config.getBoolean("dorado.cluster.management")) {
      PekkoManagement.get(system).start().whenComplete((uri, e) -> {
        // Not fatal: the node still works; a Kubernetes liveness probe on this port would restart it.
        if (e != null) log.error("Pekko Management did not start (health checks and bootstrap are off)", e);
        else log.info("Pekko Management on {}", uri);
      });
    }
    Cluster cluster = Cluster.get(system);
    if (bootstrap) {
      ClusterBootstrap.get(system).start();
    } else if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  private static List<String> commaList(Config config, String path) {
    if (!config.hasPath(path)) return List.of();
    return Arrays.stream(config.getString(path).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
