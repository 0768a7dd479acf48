package io.dorado.fleet.telegram;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Inline button presses: Approve / Reject under an approval card, the annotation tags that follow a
 * decision, and the confirmations (kill switch, force exit), each bound to a one-time {@link Prompts}
 * nonce. Every press is answered (Telegram shows a spinner until it is). A press on an approval that is no longer pending or past its deadline answers "expired"
 * and changes nothing; what may still be approved is always asked of the fleet, never remembered.
 */
final class Buttons {
  static final String EXPIRED = "This approval has expired.";

  private final FleetOperations ops;
  private final TelegramSettings settings;
  private final ApprovalBook book;
  private final Commands commands;
  private final Prompts prompts;

  Buttons(FleetOperations ops, TelegramSettings settings, ApprovalBook book, Commands commands, Prompts prompts) {
    this.ops = ops;
    this.settings = settings;
    this.book = book;
    this.commands = commands;
    this.prompts = prompts;
  }

  CompletionStage<List<Outgoing>> handle(Inbound.Button b) {
    Optional<CallbackData.Parsed> parsed = CallbackData.parse(b.data());
    if (parsed.isEmpty()) return answer(b, "Unknown button.");
    CallbackData.Parsed p = parsed.get();
    if (p instanceof CallbackData.Approve a) return decide(b, a.token(), true);
    if (p instanceof CallbackData.Reject r) return decide(b, r.token(), false);
    if (p instanceof CallbackData.Tag t) return tag(b, t);
    if (p instanceof CallbackData.Confirm c) return confirm(b, c.nonce());
    return cancel(b, ((CallbackData.Cancel) p).nonce());
  }

  // ---- confirmations

  private CompletionStage<List<Outgoing>> confirm(Inbound.Button b, String nonce) {
    Prompts.Taken taken = prompts.take(nonce, b.chatId(), settings.clock().instant());
    if (taken instanceof Prompts.Refused r) return answer(b, r.reason());
    if (taken instanceof Prompts.Expired e) {
      return done(List.of(
          new Outgoing.AnswerCallback(b.callbackId(), "This confirmation has expired: send " + e.prompt().again() + " again."),
          new Outgoing.Edit(b.chatId(), b.messageId(), what(e.prompt()) + " confirmation expired; nothing changed.",
              Outgoing.Keyboard.NONE)));
    }
    Prompts.Prompt prompt = ((Prompts.Live) taken).prompt();
    return switch (prompt.action()) {
      case KILL_SWITCH -> prompt.argument() == null ? killSwitch(b)
          : killScope(b, io.dorado.protocol.risk.KillScope.parse(prompt.argument()));
      case FORCE_EXIT -> forceExit(b, prompt.argument());
      case PICK -> pick(b, prompt.argument().split(" ", 2));
    };
  }

  private CompletionStage<List<Outgoing>> cancel(Inbound.Button b, String nonce) {
    Prompts.Taken taken = prompts.take(nonce, b.chatId(), settings.clock().instant());
    if (taken instanceof Prompts.Refused r) return answer(b, r.reason());
    Prompts.Prompt prompt = taken instanceof Prompts.Live l ? l.prompt() : ((Prompts.Expired) taken).prompt();
    return done(List.of(
        new Outgoing.AnswerCallback(b.callbackId(), "Cancelled."),
        new Outgoing.Edit(b.chatId(), b.messageId(), what(prompt) + " not done: cancelled by " + name(b.from()) + ".",
            Outgoing.Keyboard.NONE)));
  }

  private static String what(Prompts.Prompt p) {
    return switch (p.action()) {
      case KILL_SWITCH -> p.argument() == null ? "Kill switch" : "Kill switch for " + p.argument();
      case FORCE_EXIT -> "Force exit of " + p.argument();
      case PICK -> "Pick of " + p.argument().split(" ", 2)[1];
    };
  }

  private CompletionStage<List<Outgoing>> decide(Inbound.Button b, String token, boolean approve) {
    Optional<ApprovalBook.Entry> known = book.get(token);
    if (known.isPresent() && known.get().decision() != null) {
      return answer(b, "Already " + known.get().decision() + ".");
    }
    Instant now = settings.clock().instant();
    return commands.timed(ops.pendingApprovals()).thenCompose(pending -> {
      Optional<PendingApproval> match = pending.stream()
          .filter(p -> CallbackData.token(p.botId(), p.reviewId()).equals(token)).findFirst();
      if (match.isEmpty() || !now.isBefore(match.get().deadline())) return answer(b, EXPIRED);
      PendingApproval p = match.get();
      CompletionStage<Bot.Ack> call = approve
          ? ops.approve(p.botId(), p.reviewId(), b.from())
          : ops.reject(p.botId(), p.reviewId(), b.from(), "rejected in Telegram");
      return commands.timed(call).thenApply(ack -> decided(b, token, p, approve, ack));
    }).exceptionally(e -> List.of(new Outgoing.AnswerCallback(b.callbackId(),
        Commands.failure(approve ? "Approve" : "Reject", e))));
  }

  private List<Outgoing> decided(Inbound.Button b, String token, PendingApproval p, boolean approve, Bot.Ack ack) {
    if (ack instanceof Bot.Accepted a) {
      String decision = (approve ? "approved" : "rejected") + " by " + name(b.from());
      String outcome = (approve ? "✅ " : "❌ ") + capitalized(decision) + " · " + a.botId() + " is now " + a.phase();
      String shown = b.messageText() == null ? ApprovalCard.text(p) : b.messageText();
      Map<Long, Integer> others = book.decided(token, p.botId(), p.reviewId(), p.deadline(), shown, decision, outcome,
          b.chatId());
      String card = shown + "\n\n" + outcome + (settings.annotationTags().isEmpty() ? "" : "\nWhy? One tap:");
      List<Outgoing> out = new ArrayList<>(List.of(
          new Outgoing.AnswerCallback(b.callbackId(), capitalized(decision) + ": " + a.phase()),
          new Outgoing.Edit(b.chatId(), b.messageId(), card, ApprovalCard.tags(token, settings.annotationTags()))));
      // The same card in every other allowed chat shows the decision, and its buttons go.
      String elsewhere = book.get(token).map(ApprovalBook.Entry::decidedText).orElse(shown + "\n\n" + outcome);
      others.forEach((chat, message) -> out.add(new Outgoing.Edit(chat, message, elsewhere, Outgoing.Keyboard.NONE)));
      return out;
    }
    if (ack instanceof Bot.Rejected r) {
      // The deadline may pass between the look-up and the bot's answer: the bot has cancelled the trade.
      String text = r.phase() == Phase.CANCELLED ? EXPIRED : "Not done: " + r.reason();
      return List.of(new Outgoing.AnswerCallback(b.callbackId(), text));
    }
    return List.of(new Outgoing.AnswerCallback(b.callbackId(), Commands.ackText(ack)));
  }

  private CompletionStage<List<Outgoing>> tag(Inbound.Button b, CallbackData.Tag t) {
    Optional<ApprovalBook.Entry> entry = book.get(t.token()).filter(e -> e.decision() != null);
    if (entry.isEmpty() || t.index() < 0 || t.index() >= settings.annotationTags().size()) {
      return answer(b, "This trade can no longer be tagged.");
    }
    ApprovalBook.Entry e = entry.get();
    String tag = settings.annotationTags().get(t.index());
    return commands.timed(ops.annotate(e.botId(), e.reviewId(), tag, b.from())).thenApply(reply -> {
      if (!(reply instanceof Fleet.Done)) {
        return List.<Outgoing>of(new Outgoing.AnswerCallback(b.callbackId(), "Not tagged: " + Commands.fleetText(reply)));
      }
      String text = (b.messageText() == null ? "" : b.messageText().replace("\nWhy? One tap:", "")) + "\n🏷 " + tag;
      return List.<Outgoing>of(
          new Outgoing.AnswerCallback(b.callbackId(), "Tagged: " + tag),
          new Outgoing.Edit(b.chatId(), b.messageId(), text.strip(), Outgoing.Keyboard.NONE));
    }).exceptionally(err -> List.of(new Outgoing.AnswerCallback(b.callbackId(), Commands.failure("Tag", err))));
  }

  private CompletionStage<List<Outgoing>> killSwitch(Inbound.Button b) {
    return commands.timed(ops.killSwitch(b.from(), "Telegram /killswitch")).thenApply(r -> List.<Outgoing>of(
        new Outgoing.AnswerCallback(b.callbackId(), "Kill switch engaged."),
        new Outgoing.Edit(b.chatId(), b.messageId(), "🛑 Kill switch engaged by " + name(b.from()) + ": trading "
            + r.tradingState() + (r.detail() == null || r.detail().isBlank() ? "" : "\n" + r.detail()),
            Outgoing.Keyboard.NONE)))
        .exceptionally(e -> List.of(new Outgoing.AnswerCallback(b.callbackId(), Commands.failure("Kill switch", e))));
  }

  private CompletionStage<List<Outgoing>> forceExit(Inbound.Button b, String botId) {
    return commands.timed(ops.closePosition(botId, b.from(), "Telegram /forceexit")).thenApply(ack -> List.<Outgoing>of(
        new Outgoing.AnswerCallback(b.callbackId(), ack instanceof Bot.Accepted ? "Exit sent." : "Not done."),
        new Outgoing.Edit(b.chatId(), b.messageId(), "🚪 Force exit of " + botId + " by " + name(b.from()) + ": "
            + Commands.ackText(ack), Outgoing.Keyboard.NONE)))
        .exceptionally(e -> List.of(new Outgoing.AnswerCallback(b.callbackId(), Commands.failure("Force exit", e))));
  }

  /**
   * A Pick button of /candidates (its one-time nonce names the scan and the candidate): the fleet journals the pick and
   * sends the candidate to its bot, or says why not (a newer scan, a busy bot, ...). The list stays, its other buttons
   * live; the outcome is a message of its own.
   */
  private CompletionStage<List<Outgoing>> pick(Inbound.Button b, String[] scanAndCandidate) {
    String scanId = scanAndCandidate[0], candidateId = scanAndCandidate[1];
    return commands.timed(ops.pickCandidate(scanId, candidateId, b.from())).thenApply(pick -> List.<Outgoing>of(
        new Outgoing.AnswerCallback(b.callbackId(), pick.outcome().picked() ? "Picked." : "Not picked."),
        Outgoing.Send.text(b.chatId(), (pick.outcome().picked() ? "🎯 " + candidateId + " picked by " + name(b.from())
            + ": " : "Not picked: " + candidateId + ": ") + pick.reason())))
        .exceptionally(e -> List.of(new Outgoing.AnswerCallback(b.callbackId(), Commands.failure("Pick", e))));
  }

  private CompletionStage<List<Outgoing>> killScope(Inbound.Button b, io.dorado.protocol.risk.KillScope scope) {
    return commands.timed(ops.engageKillScope(scope, b.from(), "Telegram /killswitch " + scope.key()))
        .thenApply(r -> List.<Outgoing>of(
            new Outgoing.AnswerCallback(b.callbackId(), "Kill switch engaged for " + scope.describe() + "."),
            new Outgoing.Edit(b.chatId(), b.messageId(), "🛑 Kill switch engaged for " + scope.describe() + " by "
                + name(b.from()) + (r.detail() == null || r.detail().isBlank() ? "" : "\n" + r.detail()),
                Outgoing.Keyboard.NONE)))
        .exceptionally(e -> List.of(new Outgoing.AnswerCallback(b.callbackId(), Commands.failure("Kill switch", e))));
  }

  private static CompletionStage<List<Outgoing>> answer(Inbound.Button b, String text) {
    return done(List.of(new Outgoing.AnswerCallback(b.callbackId(), text)));
  }

  private static CompletionStage<List<Outgoing>> done(List<Outgoing> replies) {
    return CompletableFuture.completedFuture(replies);
  }

  private static String name(String by) {
    return by.startsWith("telegram:") ? by.substring("telegram:".length()) : by;
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
