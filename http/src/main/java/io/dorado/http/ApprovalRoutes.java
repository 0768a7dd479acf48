package io.dorado.http;

import static io.dorado.http.BotRoutes.botId;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.fleet.Fleet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Trades waiting for a human (PRD §3.2): the list, approve, reject, and the one-tap annotation tag
 * ("best credit", "gut feel", ...) that records why, for later learning. A {@code review_id} pins the
 * decision to one trade, so a newer trade is never approved by mistake.
 */
final class ApprovalRoutes {
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N} _.:/-]{1,64}");

  private final FleetOperations ops;
  private final Responses r;

  ApprovalRoutes(FleetOperations ops, Responses r) {
    this.ops = ops;
    this.r = r;
  }

  /** Body of approve and reject; every field optional. */
  record Decision(String reviewId, String reason, String tag) {
    static final Decision NONE = new Decision(null, null, null);
  }

  record Annotation(String reviewId, String tag) {}

  /** The decision, and what became of its tag (absent when none was given). */
  record Decided(String outcome, String botId, io.dorado.protocol.bot.Phase phase, String detail, String annotation) {}

  List<Endpoint> endpoints() {
    return List.of(
        Endpoint.get("/api/v1/approvals", Access.READ, c -> r.okWhenDone(ops::pendingApprovals, "the fleet")),
        Endpoint.post("/api/v1/approvals/{botId}/approve", Access.OPERATE, c -> r.jsonBody(c, Decision.class,
            Decision.NONE, d -> decide(c, d, () -> ops.approve(botId(c), blankToNull(d.reviewId()), c.by())))),
        Endpoint.post("/api/v1/approvals/{botId}/reject", Access.OPERATE, c -> r.jsonBody(c, Decision.class,
            Decision.NONE, d -> decide(c, d, () -> ops.reject(botId(c), blankToNull(d.reviewId()), c.by(),
                d.reason() == null || d.reason().isBlank() ? "rejected by operator" : d.reason())))),
        Endpoint.post("/api/v1/approvals/{botId}/annotate", Access.OPERATE, c -> r.jsonBody(c, Annotation.class, null,
            a -> {
              if (a.reviewId() == null || a.reviewId().isBlank()) throw ApiProblem.badRequest("review_id is required");
              return r.await(ops.annotate(botId(c), a.reviewId(), tag(a.tag()), c.by()), "the fleet",
                  reply -> r.fleetReply(reply, StatusCodes.OK, StatusCodes.CONFLICT));
            })));
  }

  private Route decide(Call c, Decision d, Supplier<CompletionStage<Bot.Ack>> decision) {
    String tag = d.tag() == null ? null : tag(d.tag()); // validated before the decision is sent
    return r.await(decision.get(), "the bot", ack -> {
      if (!(ack instanceof Bot.Accepted a) || tag == null) return r.ack(ack, StatusCodes.OK);
      String reviewId = d.reviewId() != null && !d.reviewId().isBlank() ? d.reviewId() : null;
      CompletionStage<String> annotated = reviewId == null
          ? CompletableFuture.completedFuture("not tagged: a tag needs the review_id")
          : ops.annotate(a.botId(), reviewId, tag, c.by()).thenApply(ApprovalRoutes::describe);
      return r.await(annotated, "the fleet",
          note -> r.ok(new Decided("accepted", a.botId(), a.phase(), a.detail(), note)));
    });
  }

  private static String describe(Fleet.Reply reply) {
    if (reply instanceof Fleet.Done) return "tagged";
    if (reply instanceof Fleet.Refused ref) return "not tagged: " + ref.reason();
    return "not tagged: no such bot";
  }

  private static String tag(String tag) {
    if (tag == null || !TAG.matcher(tag.trim()).matches()) {
      throw ApiProblem.badRequest("tag must be 1 to 64 letters, digits, spaces or _.:/-");
    }
    return tag.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
