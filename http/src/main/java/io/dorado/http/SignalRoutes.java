package io.dorado.http;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.signal.Signal;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal webhook. Authenticated by the shared secret (in the body, where TradingView can put it,
 * or in a header), idempotent by signal id: the bot remembers the ids it has seen, and a repeat is
 * answered 200 {@code already_processed} with nothing changed.
 */
final class SignalRoutes {
  static final String SECRET_HEADER = "X-Dorado-Webhook-Secret";
  private static final Logger log = LoggerFactory.getLogger(SignalRoutes.class);

  private final FleetOperations ops;
  private final Responses r;
  private final HttpSettings settings;
  private final Clock clock;

  SignalRoutes(FleetOperations ops, Responses r, HttpSettings settings, Clock clock) {
    this.ops = ops;
    this.r = r;
    this.settings = settings;
    this.clock = clock;
  }

  List<Endpoint> endpoints() {
    return List.of(Endpoint.post("/api/v1/signals", Access.WEBHOOK, this::webhook));
  }

  private Route webhook(Call c) {
    // TradingView sends text/plain when the message is not strict JSON to its eyes: accept both.
    return r.body(c, body -> {
      if (body.isEmpty()) throw ApiProblem.badRequest("an alert JSON body is required");
      WebhookAlert alert = Responses.parse(HttpJson.JSON, body.text(), WebhookAlert.class);
      String presented = c.request().getHeader(SECRET_HEADER).map(HttpHeader::value).orElse(alert.secret());
      if (!Secrets.matches(presented, settings.webhookSecret())) {
        log.warn("webhook alert refused: missing or wrong secret");
        return r.error(StatusCodes.UNAUTHORIZED, "missing or wrong webhook secret");
      }
      Signal signal = alert.toSignal(clock.instant());
      String botId = BotRoutes.botIdOf(signal.botId());
      return r.await(ops.bot(botId), "the fleet", lookup -> {
        if (!(lookup instanceof Fleet.Found found)) return r.error(StatusCodes.NOT_FOUND, "no bot '" + botId + "'");
        if (!found.bot().config().signalMode().acceptsWebhook()) {
          return r.error(StatusCodes.UNPROCESSABLE_CONTENT, "bot '" + botId + "' takes scan signals only");
        }
        return r.await(ops.ingestSignal(botId, signal), "the bot", ack -> r.ack(ack, StatusCodes.ACCEPTED));
      });
    }, Responses.JSON_TYPE, "text/plain");
  }
}
