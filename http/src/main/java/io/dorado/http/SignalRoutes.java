package io.dorado.http;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.signal.Signal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal webhook. Authenticated by the shared secret (in the body, where TradingView can put it,
 * or in a header), idempotent by signal id: the bot remembers the ids it has seen, and a repeat is
 * answered 200 {@code already_processed} with nothing changed. An alert without a signal id gets one derived from
 * its content and time ({@link AlertIds}); its ticker is mapped onto the bot's underlying ({@link Tickers}).
 */
final class SignalRoutes {
  static final String SECRET_HEADER = "X-Dorado-Webhook-Secret";
  private static final Logger log = LoggerFactory.getLogger(SignalRoutes.class);

  private final FleetOperations ops;
  private final Responses r;
  private final HttpSettings settings;
  private final Clock clock;
  private final AlertIds ids;

  SignalRoutes(FleetOperations ops, Responses r, HttpSettings settings, Clock clock) {
    this.ops = ops;
    this.r = r;
    this.settings = settings;
    this.clock = clock;
    this.ids = new AlertIds(settings.webhookDedupeWindow());
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
      if (presented == null || presented.isEmpty()) {
        log.warn("webhook alert refused: no secret");
        return r.error(StatusCodes.UNAUTHORIZED, "no webhook secret: put it in the alert as "
            + WebhookAlert.SECRET_FIELDS + ", or in the " + SECRET_HEADER + " header");
      }
      if (!Secrets.matches(presented, settings.webhookSecret())) {
        log.warn("webhook alert refused: wrong secret");
        return r.error(StatusCodes.UNAUTHORIZED, "wrong webhook secret");
      }
      alert.validate();
      String botId = BotRoutes.botIdOf(alert.botId());
      Instant receivedAt = clock.instant();
      return r.await(ops.bot(botId), "the fleet", lookup -> {
        if (!(lookup instanceof Fleet.Found found)) return r.error(StatusCodes.NOT_FOUND, "no bot '" + botId + "'");
        BotConfig config = found.bot().config();
        if (!config.signalMode().acceptsWebhook()) {
          return r.error(StatusCodes.UNPROCESSABLE_CONTENT, "bot '" + botId + "' takes scan signals only");
        }
        String underlying = Tickers.underlyingOf(alert.symbol(), ops.symbolNames(config.universe(), config.underlying()),
            botId);
        String signalId = alert.hasSignalId() ? alert.signalId().trim()
            : ids.idFor(alert.content(), alert.time(), receivedAt);
        Signal signal = alert.toSignal(signalId, underlying, receivedAt);
        // as the scan's session gate: no new position while the market is closed; an exit is never held back
        var calendar = ops.calendarOf(config.universe(), underlying);
        if (signal.action() != io.dorado.protocol.signal.SignalAction.EXIT && calendar.isPresent()
            && !calendar.get().isOpen(receivedAt)) {
          log.info("webhook alert refused for bot {}: {} market closed", botId, underlying);
          return r.error(StatusCodes.UNPROCESSABLE_CONTENT, "market closed: " + underlying + ": "
              + calendar.get().describe(receivedAt) + "; an entry is refused, an exit is taken");
        }
        return r.await(ops.ingestSignal(botId, signal), "the bot", ack -> r.ack(ack, StatusCodes.ACCEPTED));
      });
    }, Responses.JSON_TYPE, "text/plain");
  }
}
