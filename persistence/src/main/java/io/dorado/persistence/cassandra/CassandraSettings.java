package io.dorado.persistence.cassandra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Cassandra the application talks to. An empty contact point list means "no external cluster":
 * the project starts its own local node ({@link CassandraNode}). Read from {@code dorado.cassandra.*}
 * in config (see persistence.conf) or straight from the environment for the JDK-only launcher:
 * {@code DORADO_CASSANDRA_CONTACT_POINTS} (comma-separated host:port), {@code DORADO_CASSANDRA_DATACENTER},
 * {@code DORADO_CASSANDRA_USERNAME}, {@code DORADO_CASSANDRA_PASSWORD}.
 */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints, String localDatacenter, String username, String password) {

  /** The data center name of a node using SimpleSnitch, i.e. our local node. */
  public static final String LOCAL_DATACENTER = "datacenter1";
  public static final int DEFAULT_CQL_PORT = 9042;

  public CassandraSettings {
    contactPoints = List.copyOf(contactPoints);
    localDatacenter = blankTo(localDatacenter, LOCAL_DATACENTER);
    username = blankTo(username, "");
    password = blankTo(password, "");
  }

  /** Settings for a node this process started (or a test node). */
  public static CassandraSettings local(InetSocketAddress contactPoint) {
    return new CassandraSettings(List.of(contactPoint), LOCAL_DATACENTER, "", "");
  }

  public static CassandraSettings fromEnv(Map<String, String> env) {
    return new CassandraSettings(
        parseContactPoints(env.getOrDefault("DORADO_CASSANDRA_CONTACT_POINTS", "")),
        env.get("DORADO_CASSANDRA_DATACENTER"),
        env.get("DORADO_CASSANDRA_USERNAME"),
        env.get("DORADO_CASSANDRA_PASSWORD"));
  }

  /** Reads {@code dorado.cassandra} (whose env overrides are declared in persistence.conf). */
  public static CassandraSettings fromConfig(Config config) {
    Config c = config.getConfig("dorado.cassandra");
    return new CassandraSettings(
        parseContactPoints(c.getString("contact-points")),
        c.getString("local-datacenter"),
        c.getString("username"),
        c.getString("password"));
  }

  /** True when no external cluster is named, so the project runs its own node. */
  public boolean startsLocalNode() {
    return contactPoints.isEmpty();
  }

  public boolean hasCredentials() {
    return !username.isEmpty();
  }

  /**
   * The {@code datastax-java-driver} settings for these contact points, to lay over the application
   * config: HOCON cannot turn one comma-separated env var into the list the driver wants.
   */
  public Config driverConfig() {
    if (contactPoints.isEmpty()) {
      throw new IllegalStateException("no contact points: start a local node first (CassandraNode)");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("datastax-java-driver.basic.contact-points",
        contactPoints.stream().map(CassandraSettings::hostPort).toList());
    values.put("datastax-java-driver.basic.load-balancing-policy.local-datacenter", localDatacenter);
    if (hasCredentials()) {
      values.put("datastax-java-driver.advanced.auth-provider.class", "PlainTextAuthProvider");
      values.put("datastax-java-driver.advanced.auth-provider.username", username);
      values.put("datastax-java-driver.advanced.auth-provider.password", password);
    }
    return ConfigFactory.parseMap(values, "CassandraSettings");
  }

  static List<InetSocketAddress> parseContactPoints(String text) {
    List<InetSocketAddress> points = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) continue;
      int colon = p.lastIndexOf(':');
      if (colon < 0) {
        points.add(InetSocketAddress.createUnresolved(p, DEFAULT_CQL_PORT));
      } else {
        try {
          int port = Integer.parseInt(p.substring(colon + 1));
          points.add(InetSocketAddress.createUnresolved(p.substring(0, colon), port));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad Cassandra contact point '" + p + "': expected host:port", e);
        }
      }
    }
    return points;
  }

  static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  private static String blankTo(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  @Override
  public String toString() {
    return "CassandraSettings[contactPoints=" + contactPoints.stream().map(CassandraSettings::hostPort).toList()
        + ", localDatacenter=" + localDatacenter + ", username=" + username
        + ", password=" + (password.isEmpty() ? "" : "***") + "]";
  }
}
