package io.dorado.fleet.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.persistence.cassandra.NodeClasspath;
import io.dorado.persistence.cassandra.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * There is no Docker engine here, so docker/ is checked statically against the application's real
 * config (the .conf files and their defaults), its Java code and the Maven build: the variables the
 * files set, the ports, the health endpoints, the image and jar names, and the Kubernetes objects'
 * references to each other. A rename on either side fails here instead of in someone's cluster.
 */
class DockerFilesTest {
  private static final Pattern CONF_ENV = Pattern.compile("\\$\\{\\?(DORADO_[A-Z0-9_]+)}");
  private static final Pattern JAVA_ENV = Pattern.compile("\"(DORADO_[A-Z0-9_]+)\"");
  private static final ObjectMapper YAML = new YAMLMapper();

  private final Path root = NodeClasspath.projectRoot();
  private final Path docker = root.resolve("docker");
  private final Config config = ConfigFactory.load("dorado"); // the application's config with its defaults
  private final int remotePort = config.getInt("pekko.remote.artery.canonical.port");
  private final int httpPort = config.getInt("dorado.http.port");
  private final int managementPort = config.getInt("pekko.management.http.port");
  private final String ready = "/" + config.getString("pekko.management.health-checks.readiness-path");
  private final String alive = "/" + config.getString("pekko.management.health-checks.liveness-path");

  DockerFilesTest() throws IOException {}

  @Test
  void every_dorado_variable_the_files_set_is_one_the_application_reads() throws Exception {
    Set<String> read = variablesTheApplicationReads();
    assertTrue(read.containsAll(Set.of("DORADO_SEED_NODES", "DORADO_MANAGEMENT_PORT", "DORADO_CASSANDRA_CQL_PORT")),
        "the scan finds variables in .conf files and in Java: " + read);
    Map<String, Set<String>> set = new LinkedHashMap<>();
    for (var node : composeNodes().entrySet()) set.put("compose " + node.getKey(), fieldNames(node.getValue().get("environment")));
    Set<String> k8s = new TreeSet<>();
    container().get("env").forEach(e -> k8s.add(e.get("name").asText()));
    set.put("k8s deployment", k8s);
    Set<String> image = new TreeSet<>();
    Matcher env = Pattern.compile("\\b(DORADO_[A-Z0-9_]+)=").matcher(Files.readString(docker.resolve("Dockerfile")));
    while (env.find()) image.add(env.group(1));
    set.put("Dockerfile", image);

    set.forEach((where, names) -> {
      Set<String> unknown = new TreeSet<>();
      names.stream().filter(n -> n.startsWith("DORADO_") && !read.contains(n))
          .forEach(unknown::add);
      assertEquals(Set.of(), unknown, where + " sets variables nothing reads");
    });
  }

  @Test
  void the_compose_nodes_form_one_cluster_on_the_configs_ports_and_are_healthy_when_management_says_ready()
      throws Exception {
    Map<String, JsonNode> nodes = composeNodes();
    assertEquals(3, nodes.size(), "three fleet nodes: " + nodes.keySet());
    JsonNode services = compose().get("services");
    assertTrue(services.has("cassandra") && services.has("prometheus") && services.has("grafana"), services.toString());
    Set<String> hostPorts = new TreeSet<>();
    for (var entry : nodes.entrySet()) {
      String name = entry.getKey();
      JsonNode node = entry.getValue();
      JsonNode env = node.get("environment");
      assertEquals(name, env.get("DORADO_REMOTE_HOST").asText(), name + " announces its own service name");
      assertEquals(name, env.get("DORADO_MANAGEMENT_HOST").asText(), name + " serves management on its service name");
      assertEquals("cassandra:" + NodeConfig.DEFAULT_CQL_PORT, env.get("DORADO_CASSANDRA_CONTACT_POINTS").asText());
      for (String seed : env.get("DORADO_SEED_NODES").asText().split(",")) {
        Matcher m = Pattern.compile("pekko://([a-z]+)@([a-z0-9]+):(\\d+)").matcher(seed.trim());
        assertTrue(m.matches(), seed);
        assertEquals(FleetNode.SYSTEM_NAME, m.group(1), "the ActorSystem's name");
        assertTrue(nodes.containsKey(m.group(2)), "a seed is a compose node: " + seed);
        assertEquals(remotePort, Integer.parseInt(m.group(3)), "the seed's port is the cluster port");
      }
      assertTrue(env.has("DORADO_ACK_SECRET"), name + " needs the shared acknowledgement key");
      String check = String.join(" ", texts(node.get("healthcheck").get("test")));
      assertTrue(check.contains("http://" + name + ":" + managementPort + ready), name + ": " + check);
      assertEquals("service_healthy", node.get("depends_on").get("cassandra").get("condition").asText());
      Set<Integer> containerPorts = new TreeSet<>();
      for (String mapping : texts(node.get("ports"))) {
        String[] parts = mapping.split(":");
        assertTrue(hostPorts.add(parts[0]), "host port " + parts[0] + " used twice");
        containerPorts.add(Integer.parseInt(parts[1]));
      }
      assertEquals(Set.of(httpPort, managementPort), containerPorts, name + " publishes the HTTP API and management");
      assertEquals(imageName(), node.get("image").asText(), name + " runs the image the Dockerfile builds");
    }
    assertEquals("docker/Dockerfile", nodes.get("node1").get("build").get("dockerfile").asText());
    for (String service : List.of("cassandra", "prometheus", "grafana")) {
      assertTrue(services.get(service).has("healthcheck"), service + " has a health check");
    }
  }

  @Test
  void the_dockerfile_builds_every_module_of_the_maven_build_and_runs_main_on_java_17_exposing_the_configs_ports()
      throws Exception {
    String dockerfile = Files.readString(docker.resolve("Dockerfile"));
    Document parent = pom(root.resolve("pom.xml"));
    List<String> modules = texts(parent.getElementsByTagName("module"));
    String release = parent.getElementsByTagName("maven.compiler.release").item(0).getTextContent();
    assertEquals("17", release);
    assertTrue(dockerfile.contains("FROM maven:3.9-eclipse-temurin-" + release + " AS build"), "build on Java " + release);
    assertTrue(dockerfile.contains("FROM eclipse-temurin:" + release + "-jre"), "run on Java " + release);
    for (String module : modules) {
      assertTrue(dockerfile.contains("COPY " + module + " " + module), "copies module " + module);
      String artifactId = ((Element) pom(root.resolve(module).resolve("pom.xml")).getDocumentElement()
          .getElementsByTagName("artifactId").item(1)).getTextContent(); // item(0) is the parent's
      assertEquals("dorado-" + module, artifactId, "the Dockerfile copies target/dorado-<module>-*.jar");
    }
    Matcher loop = Pattern.compile("for m in ([a-z ]+); do cp \\$m/target/dorado-\\$m-\\*\\.jar").matcher(dockerfile);
    assertTrue(loop.find(), "copies each module's jar");
    assertEquals(modules, List.of(loop.group(1).trim().split(" ")), "every module's jar, in the build's order");
    assertTrue(dockerfile.contains("-pl fleet -am package"), "builds the application module and what it needs");
    Matcher main = Pattern.compile("(io\\.dorado\\.[a-z.]+\\.Main)").matcher(dockerfile);
    assertTrue(main.find());
    assertEquals("main", Class.forName(main.group(1)).getMethod("main", String[].class).getName());
    Matcher expose = Pattern.compile("EXPOSE ([0-9 ]+)").matcher(dockerfile);
    assertTrue(expose.find());
    Set<Integer> exposed = new TreeSet<>();
    for (String p : expose.group(1).trim().split(" ")) exposed.add(Integer.parseInt(p));
    assertTrue(exposed.containsAll(Set.of(remotePort, httpPort, managementPort)), "exposes " + exposed);
    assertTrue(Files.readString(root.resolve(".gitignore")).contains("target/"), "the build's output is not copied in");
    assertTrue(Files.readString(docker.resolve("README.md")).contains("docker compose -f docker/compose.yaml up --build"));
  }

  @Test
  void the_kubernetes_deployment_bootstraps_by_pod_discovery_that_rbac_allows_and_probes_managements_health()
      throws Exception {
    JsonNode deployment = k8s("deployment.yaml").get(0);
    JsonNode container = container();
    Map<String, JsonNode> env = new LinkedHashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e));

    // Bootstrap: the discovery method exists in the config, and finds these pods by label and port name.
    String method = env.get("DORADO_BOOTSTRAP").get("value").asText();
    assertTrue(config.hasPath("pekko.discovery." + method + ".class"), "a discovery method the config knows: " + method);
    String service = env.get("DORADO_BOOTSTRAP_SERVICE").get("value").asText();
    String selector = String.format(config.getString("pekko.discovery.kubernetes-api.pod-label-selector"), service);
    JsonNode labels = deployment.at("/spec/template/metadata/labels");
    assertEquals(selector, "app=" + labels.get("app").asText(), "bootstrap's label selector matches the pods");
    String portName = config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name");
    Map<String, Integer> ports = new LinkedHashMap<>();
    container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    assertEquals(managementPort, ports.get(portName), "bootstrap probes the port named " + portName);
    assertEquals(remotePort, ports.get("remoting"));
    assertEquals(httpPort, ports.get("http"));
    for (String host : List.of("DORADO_REMOTE_HOST", "DORADO_MANAGEMENT_HOST")) {
      assertEquals("status.podIP", env.get(host).at("/valueFrom/fieldRef/fieldPath").asText(), host + " is the pod's IP");
    }
    assertTrue(container.get("image").asText().startsWith(imageName().split(":")[0] + ":"), "the Dockerfile's image");

    // Probes: management's health checks on its named port.
    assertEquals(ready, container.at("/readinessProbe/httpGet/path").asText());
    assertEquals(alive, container.at("/livenessProbe/httpGet/path").asText());
    assertEquals(portName, container.at("/readinessProbe/httpGet/port").asText());
    assertEquals(portName, container.at("/livenessProbe/httpGet/port").asText());

    // RBAC: the deployment's service account may list and watch pods (what kubernetes-api discovery does).
    String account = deployment.at("/spec/template/spec/serviceAccountName").asText();
    List<JsonNode> rbac = k8s("rbac.yaml");
    JsonNode role = kind(rbac, "Role");
    JsonNode binding = kind(rbac, "RoleBinding");
    assertEquals(account, kind(rbac, "ServiceAccount").at("/metadata/name").asText());
    assertEquals(account, binding.at("/subjects/0/name").asText());
    assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
    assertTrue(texts(role.at("/rules/0/resources")).contains("pods"));
    assertTrue(texts(role.at("/rules/0/verbs")).containsAll(List.of("get", "list", "watch")));

    // Service and disruption budget select these pods; the budget keeps a majority of the replicas.
    JsonNode svc = kind(k8s("service.yaml"), "Service");
    assertEquals(labels.get("app").asText(), svc.at("/spec/selector/app").asText());
    List<String> targets = new ArrayList<>();
    svc.at("/spec/ports").forEach(p -> targets.add(p.get("targetPort").asText()));
    assertTrue(ports.keySet().containsAll(targets), "service targets named container ports: " + targets);
    JsonNode pdb = kind(k8s("pdb.yaml"), "PodDisruptionBudget");
    assertEquals(labels.get("app").asText(), pdb.at("/spec/selector/matchLabels/app").asText());
    int replicas = deployment.at("/spec/replicas").asInt();
    assertEquals(replicas / 2 + 1, pdb.at("/spec/minAvailable").asInt(), "a majority of " + replicas);
    assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(), "rolling updates keep a majority");
  }

  @Test
  void prometheus_scrapes_every_compose_node() throws Exception {
    JsonNode prometheus = YAML.readTree(docker.resolve("prometheus/prometheus.yml").toFile());
    Set<String> scraped = new TreeSet<>();
    prometheus.at("/scrape_configs/0/static_configs/0/targets").forEach(t -> scraped.add(t.asText().split(":")[0]));
    assertEquals(composeNodes().keySet(), scraped);
  }

  // --- reading the files ---

  private JsonNode compose() throws IOException {
    return YAML.readTree(docker.resolve("compose.yaml").toFile());
  }

  /** The services that run the fleet image (built from docker/Dockerfile or using its image). */
  private Map<String, JsonNode> composeNodes() throws IOException {
    Map<String, JsonNode> nodes = new java.util.TreeMap<>();
    compose().get("services").fields().forEachRemaining(s -> {
      if (s.getValue().path("image").asText().startsWith("dorado-fleet") || s.getValue().has("build")) {
        nodes.put(s.getKey(), s.getValue());
      }
    });
    return nodes;
  }

  private String imageName() throws IOException {
    Matcher tag = Pattern.compile("docker build -f docker/Dockerfile -t ([a-z-]+)").matcher(Files.readString(docker.resolve("Dockerfile")));
    assertTrue(tag.find(), "the Dockerfile says how it is built and tagged");
    return tag.group(1) + ":latest";
  }

  private List<JsonNode> k8s(String file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(docker.resolve("k8s").resolve(file).toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    assertFalse(docs.isEmpty(), file);
    return docs;
  }

  private JsonNode container() throws IOException {
    return k8s("deployment.yaml").get(0).at("/spec/template/spec/containers/0");
  }

  private static JsonNode kind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node instanceof ArrayNode array) array.forEach(n -> texts.add(n.asText()));
    else texts.add(node.asText());
    return texts;
  }

  private static List<String> texts(NodeList nodes) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) texts.add(nodes.item(i).getTextContent().trim());
    return texts;
  }

  private static Document pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** ${?DORADO_...} in every module's .conf files, and "DORADO_..." in its Java (read with System.getenv). */
  private Set<String> variablesTheApplicationReads() throws IOException {
    Set<String> names = new TreeSet<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main : modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> walk = Files.walk(main)) {
          walk.filter(Files::isRegularFile).forEach(files::add);
        }
      }
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      Pattern pattern = name.endsWith(".conf") ? CONF_ENV : name.endsWith(".java") ? JAVA_ENV : null;
      if (pattern == null) continue;
      Matcher m = pattern.matcher(Files.readString(f));
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }
}
