package io.dorado.http;

import io.dorado.cluster.ops.FleetOperations;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the node's {@link HttpApi} on {@code dorado.http.host:port}; unbinds on coordinated shutdown. */
public final class HttpServer {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, FleetOperations ops) {
    return start(system, ops, HttpSettings.fromConfig(system.settings().config()));
  }

  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, FleetOperations ops, HttpSettings settings) {
    HttpApi api = HttpApi.create(system, ops, settings);
    return Http.get(system).newServerAt(settings.host(), settings.port()).bind(api.route())
        .thenApply(binding -> {
          log.info("HTTP API and dashboard on http://{}:{}/ ({})", binding.localAddress().getHostString(),
              binding.localAddress().getPort(), settings);
          return binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
        });
  }
}
