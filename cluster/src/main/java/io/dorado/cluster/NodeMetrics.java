package io.dorado.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import kamon.Kamon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kamon for the node: its instrumentation of Pekko (actors, sharding, cluster, dispatchers), Pekko HTTP,
 * the JVM and the host, the fleet's own metrics ({@code io.dorado.actors.metrics.FleetMetrics}), and the
 * Prometheus endpoint, configured by {@code metrics.conf} ({@code dorado.metrics.enabled},
 * {@code kamon.prometheus.embedded-server}). Kamon is one per JVM: the first start initialises it, later
 * ones find it running; it runs until the JVM exits. It instruments classes as they load, so it must start
 * before anything loads Pekko: {@link FleetNode#start} starts it before the ActorSystem, and an
 * application's main should start it first thing.
 */
public final class NodeMetrics {

  private static final Logger log = LoggerFactory.getLogger(NodeMetrics.class);
  private static boolean started;

  private NodeMetrics() {}

  /** Starts Kamon and the endpoint if {@code dorado.metrics.enabled} (absent: off); true if metrics run. */
  public static synchronized boolean start(Config config) {
    if (!enabled(config)) return false;
    if (!started) {
      Kamon.init(config.withFallback(ConfigFactory.defaultReference()).resolve());
      started = true;
      log.info("Metrics: Prometheus endpoint on {}", endpoint(config));
    }
    return true;
  }

  public static boolean enabled(Config config) {
    return config.hasPath("dorado.metrics.enabled") && config.getBoolean("dorado.metrics.enabled");
  }

  /**
   * Kamon's jar adds its remoting instrument to every ActorSystem's reference config; without Kamon
   * started it has nothing to report to, so a node without metrics leaves it out.
   */
  static Config withoutKamonRemoting(Config config) {
    return ConfigFactory.parseString("pekko.remote.artery.advanced.instruments = []").withFallback(config);
  }

  /** Where Prometheus scrapes this node, e.g. {@code http://127.0.0.1:9095/metrics}. */
  public static String endpoint(Config config) {
    Config server = config.withFallback(ConfigFactory.defaultReference()).getConfig("kamon.prometheus.embedded-server");
    return "http://" + server.getString("hostname") + ":" + server.getInt("port") + server.getString("metrics-path");
  }
}
