package io.dorado.http;

import io.dorado.actors.projector.Allocations;
import io.dorado.actors.projector.Projection;
import io.dorado.actors.projector.Projector;
import io.dorado.actors.strategy.scan.TrackRecord;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.TradeReturns;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Projections (the projector seed): a bot's, a template's or the fleet's realised trades resampled into equity bands
 * over a horizon, the chance of a drawdown limit, Kelly, and a dollar amount allocated across the bots by quarter
 * Kelly ({@link Allocations#RULE}). The trades are the track records' ({@link FleetOperations#tradeReturns}), so a
 * projection never waits for Cassandra.
 */
final class ProjectionRoutes {
  private static final Pattern TEMPLATE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final int DEFAULT_HORIZON = 100;
  static final int DEFAULT_PATHS = 10_000;
  static final BigDecimal DEFAULT_AMOUNT = new BigDecimal("10000");
  static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
  static final double DEFAULT_DRAWDOWN = 0.20;
  static final long DEFAULT_SEED = 1;
  /** Fewer realised trades than this are not a distribution worth resampling (the same bar as Kelly's). */
  static final int MIN_TRADES = TrackRecord.MIN_TRADES_FOR_KELLY;

  private final FleetOperations ops;
  private final Responses r;

  ProjectionRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  /**
   * The answer: {@code scope} is bot, template or fleet; {@code returns} says what a trade's return is; {@code tradesAsOf}
   * when the trades were read; the projection of {@code amount} over the pooled trades; the amount's allocation.
   */
  record ProjectionAnswer(String scope, String id, String returns, Instant tradesAsOf, int tradesPerBot, long seed,
      Projection projection, Allocations.Plan allocation) {}

  List<Endpoint> endpoints() {
    return List.of(Endpoint.get("/api/v1/projections", Access.READ, this::projection));
  }

  private Route projection(Call c) {
    Optional<String> bot = c.query("bot").map(BotRoutes::botIdOf);
    Optional<String> template = c.query("template").map(ProjectionRoutes::templateId);
    if (bot.isPresent() && template.isPresent()) throw ApiProblem.badRequest("bot and template: ask for one of them");
    int horizon = c.intQuery("horizon", DEFAULT_HORIZON, 1, Projector.MAX_HORIZON);
    int paths = c.intQuery("paths", DEFAULT_PATHS, 1, Projector.MAX_PATHS);
    if ((long) paths * horizon > Projector.MAX_DRAWS) {
      throw ApiProblem.badRequest("paths x horizon must be at most " + Projector.MAX_DRAWS + ", was " + (long) paths * horizon);
    }
    BigDecimal amount = amount(c);
    double drawdown = drawdown(c);
    long seed = seed(c);
    return r.await(ops.tradeReturns(), "the track records", all -> {
      if (all.refreshedAt() == null) {
        return r.error(StatusCodes.UNPROCESSABLE_ENTITY, "no trades read yet: the track records have not been refreshed");
      }
      List<TradeReturns.Bot> bots = all.bots().stream()
          .filter(b -> bot.map(b.botId()::equals).orElse(true) && template.map(t -> t.equals(b.template())).orElse(true))
          .toList();
      String scope = bot.isPresent() ? "bot" : template.isPresent() ? "template" : "fleet";
      String id = bot.or(() -> template).orElse(null);
      if (bots.isEmpty() && id != null) return r.error(StatusCodes.NOT_FOUND, "no " + scope + " '" + id + "' in the fleet");
      double[] pooled = bots.stream().flatMap(b -> b.returns().stream()).mapToDouble(Double::doubleValue).toArray();
      if (pooled.length < MIN_TRADES) {
        return r.error(StatusCodes.UNPROCESSABLE_ENTITY, (id == null ? "the fleet" : scope + " '" + id + "'") + " has "
            + pooled.length + " closed trades; a projection needs at least " + MIN_TRADES);
      }
      Projection projection = Projector.project(new Projector.Inputs(pooled, horizon, amount.doubleValue(), drawdown,
          paths, seed));
      Allocations.Plan plan = Allocations.rank(amount, bots.stream()
          .map(b -> new Allocations.Candidate(b.botId(), b.template(),
              b.returns().stream().mapToDouble(Double::doubleValue).toArray()))
          .toList(), MIN_TRADES);
      return r.ok(new ProjectionAnswer(scope, id, "realized P&L / (quantity x entry price) per closed trade",
          all.refreshedAt(), all.tradesPerBot(), seed, projection, plan));
    });
  }

  private static String templateId(String raw) {
    if (!TEMPLATE_ID.matcher(raw).matches()) throw ApiProblem.badRequest("'" + BotRoutes.abbreviate(raw) + "' is not a template id");
    return raw;
  }

  /** The starting capital and the amount to allocate, in dollars: above 0, at most a trillion. */
  private static BigDecimal amount(Call c) {
    Optional<String> raw = c.query("amount");
    if (raw.isEmpty()) return DEFAULT_AMOUNT;
    BigDecimal v = decimal(raw.get(), "amount");
    if (v.signum() <= 0 || v.compareTo(MAX_AMOUNT) > 0) {
      throw ApiProblem.badRequest("amount must be above 0 and at most " + MAX_AMOUNT.toPlainString() + " dollars");
    }
    return v;
  }

  /** The drawdown limit as a fraction of the running peak, (0, 1]: 0.2 = 20%. */
  private static double drawdown(Call c) {
    Optional<String> raw = c.query("drawdown");
    if (raw.isEmpty()) return DEFAULT_DRAWDOWN;
    double v = decimal(raw.get(), "drawdown").doubleValue();
    if (!(v > 0 && v <= 1)) throw ApiProblem.badRequest("drawdown must be a fraction in (0, 1] (0.2 = 20%), was " + v);
    return v;
  }

  private static long seed(Call c) {
    Optional<String> raw = c.query("seed");
    if (raw.isEmpty()) return DEFAULT_SEED;
    try {
      return Long.parseLong(raw.get().trim());
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("seed must be an integer");
    }
  }

  private static BigDecimal decimal(String raw, String name) {
    String s = raw.trim();
    // BigDecimal reads exponents such as 1e999999999; a plain decimal of a sensible length is all a caller needs.
    if (s.length() > 32 || !s.matches("-?\\d+(\\.\\d+)?")) throw ApiProblem.badRequest(name + " must be a decimal number");
    return new BigDecimal(s);
  }
}
