package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comma-separated DORADO_ROLES and DORADO_SEED_NODES become Pekko's lists. */
class ClusterJoinTest {

  private static Config clusterConf(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseResources("cluster.conf"))
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void by_default_a_node_has_the_fleet_role_and_no_seed_nodes_so_it_joins_itself() {
    Config node = ClusterJoin.withMembership(clusterConf(""));
    assertEquals(List.of("fleet"), node.getStringList("pekko.cluster.roles"));
    assertEquals(List.of(), node.getStringList("pekko.cluster.seed-nodes"));
    assertEquals("fleet", node.getString("pekko.cluster.sharding.role"));
    assertEquals("fleet", node.getString("pekko.cluster.singleton.role"));
  }

  @Test
  void comma_separated_roles_and_seed_nodes_become_lists() {
    Config node = ClusterJoin.withMembership(clusterConf("""
        dorado.cluster.roles = "fleet, api"
        dorado.cluster.seed-nodes = "pekko://dorado@10.0.0.1:25520 ,pekko://dorado@10.0.0.2:25520,"
        """));
    assertEquals(List.of("fleet", "api"), node.getStringList("pekko.cluster.roles"));
    assertEquals(List.of("pekko://dorado@10.0.0.1:25520", "pekko://dorado@10.0.0.2:25520"),
        node.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void with_cluster_bootstrap_configured_seed_nodes_are_not_used() {
    Config node = ClusterJoin.withMembership(clusterConf("""
        dorado.cluster.bootstrap = kubernetes-api
        dorado.cluster.seed-nodes = "pekko://dorado@10.0.0.1:25520"
        """));
    assertEquals(List.of(), node.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void management_is_bound_to_loopback_on_pekkos_port_and_bootstrap_discovers_pods_through_the_kubernetes_api() {
    Config node = clusterConf("");
    assertEquals("127.0.0.1", node.getString("pekko.management.http.hostname"));
    assertEquals(7626, node.getInt("pekko.management.http.port"));
    assertEquals("kubernetes-api",
        node.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    assertEquals("org.apache.pekko.discovery.kubernetes.KubernetesApiServiceDiscovery",
        node.getString("pekko.discovery.kubernetes-api.class"), "the discovery module is on the classpath");
    assertEquals("", node.getString("dorado.cluster.bootstrap"), "bootstrap only when DORADO_BOOTSTRAP is set");
  }
}
