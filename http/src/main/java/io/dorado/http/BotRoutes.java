package io.dorado.http;

import static io.dorado.http.Endpoint.get;
import static io.dorado.http.Endpoint.post;
import static io.dorado.http.Endpoint.put;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** Bots: the registry, one bot, its live state and journal, and the operator's commands. */
final class BotRoutes {
  /** The same rule as {@link BotConfig}'s id: anything else cannot name a bot. */
  private static final Pattern BOT_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

  private final FleetOperations ops;
  private final Responses r;

  BotRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  /** A bot's live in-memory state, or {@code running=false} when it is passivated and was not woken. */
  record LiveState(String botId, boolean running, Phase phase, BotState state) {}

  /** Body of retire, close, fleet pause: why (for the audit trail). */
  record Reason(String reason) {
    static final Reason NONE = new Reason(null);

    String or(String fallback) {
      return reason == null || reason.isBlank() ? fallback : reason;
    }
  }

  /**
   * Body of {@code PUT /bots/{id}/config}: what changes (absent: unchanged); at least one. Applied by the bot at its
   * next IDLE, as a promotion is.
   */
  record ConfigChange(String strategyTemplate, io.dorado.protocol.bot.Sizing sizing,
      io.dorado.protocol.bot.SignalSource signalSource) {}

  List<Endpoint> endpoints() {
    return List.of(
        get("/api/v1/bots", Access.READ, c -> r.okWhenDone(ops::bots, "the fleet")),
        post("/api/v1/bots", Access.OPERATE, this::create),
        get("/api/v1/bots/{botId}", Access.READ, c -> r.await(ops.bot(botId(c)), "the fleet", lookup -> {
          if (lookup instanceof Fleet.Found f) return r.ok(f.bot());
          return r.error(StatusCodes.NOT_FOUND, "no bot '" + botId(c) + "'");
        })),
        get("/api/v1/bots/{botId}/live", Access.READ, this::live),
        put("/api/v1/bots/{botId}/config", Access.OPERATE, this::reconfigure),
        post("/api/v1/bots/{botId}/scan", Access.OPERATE, this::scan),
        get("/api/v1/bots/{botId}/history", Access.READ, c -> r.okWhenDone(
            () -> ops.botHistory(botId(c), page(c, 100)), "the bot's journal")),
        post("/api/v1/bots/{botId}/pause", Access.OPERATE, c -> r.await(ops.pauseBot(botId(c), c.by()), "the fleet",
            reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.CONFLICT))),
        post("/api/v1/bots/{botId}/resume", Access.OPERATE, c -> r.await(ops.resumeBot(botId(c), c.by()), "the fleet",
            reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.CONFLICT))),
        post("/api/v1/bots/{botId}/retire", Access.OPERATE, c -> r.jsonBody(c, Reason.class, Reason.NONE,
            why -> r.await(ops.retireBot(botId(c), c.by(), why.or("retired by operator")), "the fleet",
                reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.CONFLICT)))),
        post("/api/v1/bots/{botId}/close", Access.OPERATE, c -> r.jsonBody(c, Reason.class, Reason.NONE,
            why -> r.await(ops.closePosition(botId(c), c.by(), why.or("closed by operator")), "the bot",
                ack -> r.ack(ack, StatusCodes.OK)))),
        post("/api/v1/fleet/pause", Access.OPERATE, c -> r.jsonBody(c, Reason.class, Reason.NONE,
            why -> r.await(ops.pauseAll(c.by(), why.or("paused by operator")), "the fleet",
                reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.CONFLICT)))),
        post("/api/v1/fleet/resume", Access.OPERATE, c -> r.await(ops.resumeAll(c.by()), "the fleet",
            reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.CONFLICT))));
  }

  /** A config in JSON or YAML; its own validation names the field (400), the fleet's (universe, template) is 422. */
  private Route create(Call c) {
    return r.body(c, body -> {
      if (body.isEmpty()) throw ApiProblem.badRequest("a bot config is required (JSON or YAML)");
      BotConfig config = Responses.parse(body.isYaml() ? HttpJson.YAML : HttpJson.JSON, body.text(), BotConfig.class);
      return r.await(ops.createBot(config, c.by()), "the fleet",
          reply -> r.fleetReply(reply, StatusCodes.CREATED, StatusCodes.UNPROCESSABLE_CONTENT));
    }, Responses.JSON_TYPE, "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");
  }

  /** A new template, sizing and/or signal source: 400 for a malformed one, 422 for one the fleet refuses, 404 for no bot. */
  private Route reconfigure(Call c) {
    String id = botId(c);
    return r.jsonBody(c, ConfigChange.class, null, change -> {
      if (change.strategyTemplate() == null && change.sizing() == null && change.signalSource() == null) {
        throw ApiProblem.badRequest("nothing to change: give strategy_template, sizing and/or signal_source");
      }
      if (change.strategyTemplate() != null && change.strategyTemplate().isBlank()) {
        throw ApiProblem.badRequest("strategy_template: must not be blank");
      }
      return r.await(ops.reconfigureBot(id, change.strategyTemplate(), change.sizing(), change.signalSource(), c.by()),
          "the fleet", reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.UNPROCESSABLE_CONTENT));
    });
  }

  /** A scan of the bot now (202): 404 for a bot the scanner does not know, 409 for one it does not scan. */
  private Route scan(Call c) {
    String id = botId(c);
    return r.await(ops.scanBot(id, c.by()), "the scanner", answer -> switch (answer.outcome()) {
      case STARTED, QUEUED -> r.json(StatusCodes.ACCEPTED, new Responses.Outcome(
          answer.outcome().name().toLowerCase(java.util.Locale.ROOT), id, null, answer.detail()));
      case UNKNOWN_BOT -> r.error(StatusCodes.NOT_FOUND, answer.detail());
      case NOT_SCANNED -> r.json(StatusCodes.CONFLICT, new Responses.Refusal("refused", answer.detail(), id, null));
    });
  }

  /** Asks the registry first, so an unknown id is a 404 and never creates an entity by asking. */
  private Route live(Call c) {
    String id = botId(c);
    boolean wake = c.boolQuery("wake");
    return r.await(ops.bot(id), "the fleet", lookup -> {
      if (!(lookup instanceof Fleet.Found)) return r.error(StatusCodes.NOT_FOUND, "no bot '" + id + "'");
      return r.await(ops.liveState(id, wake), "the bot", state -> r.ok(state
          .map(s -> new LiveState(id, true, s.phase(), s))
          .orElse(new LiveState(id, false, null, null))));
    });
  }

  static String botId(Call c) {
    return botIdOf(c.param("botId"));
  }

  static String botIdOf(String id) {
    if (id == null || !BOT_ID.matcher(id).matches()) {
      throw ApiProblem.badRequest("'" + abbreviate(String.valueOf(id)) + "' is not a bot id");
    }
    return id;
  }

  static PageRequest page(Call c, int defaultLimit) {
    return new PageRequest(c.intQuery("limit", defaultLimit, 1, PageRequest.MAX_LIMIT), c.query("cursor"));
  }

  static Optional<String> botFilter(Call c) {
    Optional<String> bot = c.query("bot");
    bot.ifPresent(BotRoutes::botIdOf);
    return bot;
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
