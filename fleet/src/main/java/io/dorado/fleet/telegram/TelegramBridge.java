package io.dorado.fleet.telegram;

import com.pengrad.telegrambot.Cancellable;
import com.pengrad.telegrambot.response.GetUpdatesResponse;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.alert.AlertType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * The Telegram front end over {@link FleetOperations}, one per cluster (singleton "telegram").
 * It long-polls the Bot API for updates, journals them in the {@link UpdateLog} before handling
 * them one at a time (allow-listed chats only; others are logged and get no answer), subscribes to
 * the alert topic and delivers each alert per its {@link AlertMode}, and sends everything through
 * the rate-limited {@link Outbox}. Approval requests arrive as cards with Approve / Reject buttons.
 */
public final class TelegramBridge extends AbstractBehavior<TelegramBridge.Command> {

  public static final String SINGLETON_NAME = "telegram";

  public sealed interface Command extends CborSerializable {}

  /**
   * How the cluster stops the singleton on a hand-over or shutdown: the update log, its journalling child, is
   * stopped with its own Stop (after its write in flight), and the bridge stops once it has. Stopped with its
   * parent instead, the log would stop mid-write, and the write could land after the next incarnation recovered.
   */
  public record Stop() implements Command {}

  /** The outbound queue's counters (for inspection and tests). */
  public record GetStats(ActorRef<OutboxStats> replyTo) implements Command {}

  private record AlertReceived(Alert alert) implements Command {}

  private record LogAnswered(UpdateLog.State state) implements Command {}

  private record LogFailed(String reason) implements Command {}

  private record RetryLog() implements Command {}

  private record Polled(BotApi.UpdateBatch batch) implements Command {}

  private record CardSent(Outbox.Sent sent) implements Command {}

  private record PollAgain() implements Command {}

  private record Handled(long updateId, List<Outgoing> replies) implements Command {}

  private record DailySummaryDue() implements Command {}

  private record DailySummaryReady(String text) implements Command {}

  /** The bridge, to run under a singleton (see {@link #init}) or, in tests, on its own. */
  public static Behavior<Command> create(TelegramSettings settings, FleetOperations ops) {
    return create(settings, ops, UpdateLog.PERSISTENCE_ID);
  }

  public static Behavior<Command> create(TelegramSettings settings, FleetOperations ops, PersistenceId updateLogId) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new TelegramBridge(ctx, timers, settings, ops, updateLogId)));
  }

  /**
   * Starts the bridge as the cluster singleton "telegram" (restarted with backoff if it fails); empty,
   * and logged, when the settings switch it off or give no token.
   */
  public static Optional<ActorRef<Command>> init(ActorSystem<?> system, TelegramSettings settings, FleetOperations ops) {
    if (!settings.active()) {
      system.log().info("Telegram bridge off: {}", settings.enabled() ? "no token" : "disabled");
      return Optional.empty();
    }
    Behavior<Command> supervised = Behaviors.supervise(create(settings, ops))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    return Optional.of(ClusterSingleton.get(system).init(SingletonActor.of(supervised, SINGLETON_NAME)
        .withStopMessage(new Stop())));
  }

  private final TelegramSettings settings;
  private final FleetOperations ops;
  private final TimerScheduler<Command> timers;
  private final BotApi api;
  private final ActorRef<Outbox.Command> outbox;
  private final ActorRef<UpdateLog.Command> log;
  private final Commands commands;
  private final Buttons buttons;
  private final ApprovalBook book = new ApprovalBook();
  private final Prompts prompts;
  private final ActorRef<Outbox.Sent> cardSent;
  private final AtomicReference<Cancellable> poll = new AtomicReference<>();
  private UpdateLog.State state = UpdateLog.State.empty();
  private int pollFailures;
  private Function<ActorRef<UpdateLog.State>, UpdateLog.Command> lastAsk = UpdateLog.Get::new;

  private TelegramBridge(ActorContext<Command> context, TimerScheduler<Command> timers, TelegramSettings settings,
      FleetOperations ops, PersistenceId updateLogId) {
    super(context);
    this.settings = settings;
    this.ops = ops;
    this.timers = timers;
    this.api = new BotApi(settings);
    this.outbox = context.spawn(Outbox.create(settings, api), "outbox");
    this.log = context.spawn(UpdateLog.create(updateLogId, settings.clock()), "update-log");
    this.prompts = new Prompts(settings.confirmWindow());
    this.commands = new Commands(ops, settings, prompts);
    this.buttons = new Buttons(ops, settings, book, commands, prompts);
    this.cardSent = context.messageAdapter(Outbox.Sent.class, CardSent::new);
    ActorRef<Topic.Command<Alert>> topic = context.spawn(Topic.create(Alert.class, Alert.TOPIC), "alerts");
    topic.tell(Topic.subscribe(context.messageAdapter(Alert.class, AlertReceived::new)));
    scheduleDailySummary(settings.clock().instant());
    askLog(UpdateLog.Get::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LogAnswered.class, this::onLogAnswered)
        .onMessage(LogFailed.class, this::onLogFailed)
        .onMessage(RetryLog.class, r -> askLog(lastAsk))
        .onMessage(Polled.class, this::onPolled)
        .onMessage(PollAgain.class, p -> poll())
        .onMessage(Handled.class, this::onHandled)
        .onMessage(AlertReceived.class, a -> onAlert(a.alert()))
        .onMessage(CardSent.class, this::onCardSent)
        .onMessage(DailySummaryDue.class, this::onDailySummaryDue)
        .onMessage(DailySummaryReady.class, d -> deliver(AlertType.DAILY_SUMMARY, d.text(), Outgoing.Keyboard.NONE, null))
        .onMessage(GetStats.class, g -> {
          outbox.tell(new Outbox.GetStats(g.replyTo()));
          return this;
        })
        .onMessage(Stop.class, s -> {
          getContext().watch(log);
          log.tell(new UpdateLog.Stop());
          return this;
        })
        .onSignal(Terminated.class, t -> t.getRef().equals(log) ? Behaviors.stopped() : this)
        .onSignal(PostStop.class, s -> stopped())
        .build();
  }

  // ---- updates: journal, handle one at a time, then poll from the journalled offset

  private Behavior<Command> askLog(Function<ActorRef<UpdateLog.State>, UpdateLog.Command> ask) {
    lastAsk = ask;
    getContext().ask(UpdateLog.State.class, log, settings.operationTimeout(), ask::apply,
        (s, e) -> s != null ? new LogAnswered(s) : new LogFailed(String.valueOf(e)));
    return this;
  }

  /**
   * Asks the same again (each ask is idempotent): asking for the state instead would hand back an
   * update whose handling is done but not yet marked, and it would be handled twice.
   */
  private Behavior<Command> onLogFailed(LogFailed f) {
    getContext().getLog().warn("Telegram update log did not answer ({}); asking again", f.reason());
    timers.startSingleTimer(RetryLog.class, new RetryLog(), Duration.ofSeconds(1));
    return this;
  }

  private Behavior<Command> onLogAnswered(LogAnswered a) {
    state = a.state();
    if (state.pending().isEmpty()) return poll();
    Inbound next = state.pending().get(0);
    getContext().pipeToSelf(handle(next), (replies, e) -> {
      if (e != null) getContext().getSystem().log().error("Telegram update {} failed", next.updateId(), e);
      return new Handled(next.updateId(), e == null ? replies : List.of());
    });
    return this;
  }

  private Behavior<Command> onHandled(Handled h) {
    h.replies().forEach(r -> outbox.tell(new Outbox.Enqueue(r)));
    return askLog(r -> new UpdateLog.MarkHandled(h.updateId(), r));
  }

  private CompletionStage<List<Outgoing>> handle(Inbound update) {
    if (update instanceof Inbound.Unreadable u) return CompletableFuture.completedFuture(unreadable(u));
    Long chat = update.chatId();
    if (chat == null || !settings.allows(chat)) {
      getContext().getLog().warn("Telegram update {} from chat {} ignored: not on the allow list",
          update.updateId(), chat);
      return CompletableFuture.completedFuture(List.of());
    }
    try {
      if (update instanceof Inbound.Text t) return commands.handle(chat, t.from(), t.text());
      if (update instanceof Inbound.Button b) return buttons.handle(b);
      return CompletableFuture.completedFuture(List.of());
    } catch (RuntimeException e) { // an operation that throws instead of failing its stage
      return CompletableFuture.completedFuture(List.of(Outgoing.Send.text(chat, Commands.failure("command", e))));
    }
  }

  /**
   * An update the client library could not read is journalled like any other, so the offset moves past it and it is
   * reported once (to the log and every allowed chat) when its turn comes; it is never acted on.
   */
  private List<Outgoing> unreadable(Inbound.Unreadable u) {
    getContext().getLog().error("Telegram update {} could not be read and is skipped: {}", u.updateId(), u.reason());
    String text = "⚠ Telegram update " + u.updateId() + " could not be read and was skipped (" + u.reason() + ")."
        + "\nIf it was a command or a button, send it again.";
    return settings.allowedChatIds().stream().sorted()
        .map(chat -> (Outgoing) Outgoing.Send.text(chat, Texts.fit(text))).toList();
  }

  private Behavior<Command> poll() {
    int timeout = (int) settings.pollTimeout().toSeconds();
    getContext().pipeToSelf(api.getUpdates(state.nextOffset(), 100, timeout, ALLOWED_UPDATES, poll::set),
        (r, e) -> new Polled(e != null ? new BotApi.UpdateBatch(new ApiResult.Transient<>(e.toString()), List.of()) : r));
    return this;
  }

  private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

  private Behavior<Command> onPolled(Polled p) {
    ApiResult<GetUpdatesResponse> result = p.batch().result();
    List<BotApi.Unreadable> unreadable = p.batch().unreadable();
    if (result instanceof ApiResult.Ok<GetUpdatesResponse> ok && unreadable.stream().anyMatch(u -> u.updateId() == null)) {
      // Without its update id there is no offset past it: wait and ask again, as for any failed poll.
      result = new ApiResult.Transient<>("an update without a readable update_id: " + unreadable);
    }
    if (result instanceof ApiResult.Ok<GetUpdatesResponse> ok) {
      pollFailures = 0;
      var updates = ok.response().updates();
      List<Inbound> inbound = new java.util.ArrayList<>();
      if (updates != null) updates.stream().map(Inbound::of).forEach(inbound::add);
      unreadable.forEach(u -> inbound.add(new Inbound.Unreadable(u.updateId(), u.reason())));
      if (inbound.isEmpty()) return poll();
      inbound.sort(java.util.Comparator.comparingLong(Inbound::updateId));
      return askLog(r -> new UpdateLog.Receive(List.copyOf(inbound), r));
    }
    Duration wait;
    if (result instanceof ApiResult.RetryAfter<GetUpdatesResponse> r) {
      wait = r.delay();
    } else {
      pollFailures++;
      Duration backoff = settings.minBackoff().multipliedBy(1L << Math.min(pollFailures - 1, 20));
      wait = backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
      getContext().getLog().warn("Telegram getUpdates failed ({}); polling again in {}", result, wait);
    }
    timers.startSingleTimer(PollAgain.class, new PollAgain(), wait);
    return this;
  }

  // ---- alerts

  /** An approval request is a card with buttons, and where each chat's copy lands is kept (see {@link #onCardSent}). */
  private Behavior<Command> onAlert(Alert alert) {
    String text = AlertText.of(alert);
    if (alert instanceof Alert.ApprovalRequested a) {
      String token = book.shown(a.botId(), a.reviewId(), a.deadline(), Texts.fit(text));
      return deliver(alert.type(), text, ApprovalCard.decision(token), token);
    }
    return deliver(alert.type(), text, Outgoing.Keyboard.NONE, null);
  }

  /** A card was decided in another chat before this chat's copy went out: it shows the decision at once. */
  private Behavior<Command> onCardSent(CardSent c) {
    Outbox.Sent s = c.sent();
    book.cardSent(s.tag(), s.chatId(), s.messageId()).ifPresent(e -> outbox.tell(new Outbox.Enqueue(
        new Outgoing.Edit(s.chatId(), s.messageId(), e.decidedText(), Outgoing.Keyboard.NONE))));
    return this;
  }

  /**
   * To every allowed chat, as the alert type's mode says; never waits (the outbox is bounded). A card ({@code
   * cardToken} not null) reports each message id back.
   */
  private Behavior<Command> deliver(AlertType type, String text, Outgoing.Keyboard keyboard, String cardToken) {
    AlertMode mode = settings.modeOf(type);
    if (mode == AlertMode.OFF) return this;
    settings.allowedChatIds().stream().sorted().forEach(chat -> outbox.tell(new Outbox.Enqueue(
        new Outgoing.Send(chat, Texts.fit(text), mode == AlertMode.SILENT, keyboard), cardToken,
        cardToken == null ? null : cardSent)));
    return this;
  }

  /** The next summary strictly after {@code after} (UTC); the timer is set from the clock's now. */
  private void scheduleDailySummary(java.time.Instant after) {
    settings.dailySummaryAt().ifPresent(at -> {
      ZonedDateTime from = after.atZone(ZoneOffset.UTC);
      ZonedDateTime next = from.with(at);
      if (!next.isAfter(from)) next = next.plusDays(1);
      Duration delay = Duration.between(settings.clock().instant(), next.toInstant());
      timers.startSingleTimer(DailySummaryDue.class, new DailySummaryDue(), delay.isNegative() ? Duration.ZERO : delay);
    });
  }

  private Behavior<Command> onDailySummaryDue(DailySummaryDue d) {
    LocalDate day = settings.clock().instant().atZone(ZoneOffset.UTC).toLocalDate();
    var profit = commands.timed(ops.profit(1)).toCompletableFuture();
    var risk = commands.timed(ops.risk()).toCompletableFuture();
    getContext().pipeToSelf(CompletableFuture.allOf(profit, risk), (v, e) -> new DailySummaryReady(e != null
        ? "📊 Daily summary " + day + ": " + Commands.failure("summary", e)
        : "📊 Daily summary " + day + "\n" + Commands.profitText(profit.join()) + "\nEquity "
            + Texts.money(risk.join().equity()) + " · trading " + risk.join().tradingState()));
    // A minute on, so a timer that fired a hair early does not schedule today's summary again.
    scheduleDailySummary(settings.clock().instant().plus(Duration.ofMinutes(1)));
    return this;
  }

  private Behavior<Command> stopped() {
    Cancellable c = poll.get();
    if (c != null) c.cancel();
    api.close();
    return this;
  }
}
