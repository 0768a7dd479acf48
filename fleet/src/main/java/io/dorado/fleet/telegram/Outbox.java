package io.dorado.fleet.telegram;

import com.pengrad.telegrambot.model.request.InlineKeyboardButton;
import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.request.AnswerCallbackQuery;
import com.pengrad.telegrambot.request.EditMessageText;
import com.pengrad.telegrambot.request.SendMessage;
import com.pengrad.telegrambot.response.SendResponse;
import io.dorado.actors.metrics.FleetMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The outbound queue. Whoever enqueues never waits: the queue is bounded and drops its oldest
 * message (counted) when Telegram is down for long, so alerts can never slow trading. It keeps
 * Telegram's limits by spacing sends: at most {@code per-chat-rate} a second to one chat (one
 * request in flight per chat, so a chat sees its messages in order) and {@code global-rate} a second
 * overall. A 429 stops all sending for its {@code retry_after}; a 5xx or a timeout retries that
 * message with exponential backoff; any other error drops it (counted and logged).
 */
final class Outbox extends AbstractBehavior<Outbox.Command> {

  /** Requests in flight at once; with ~30 sends a second even a slow Telegram keeps up. */
  static final int MAX_IN_FLIGHT = 4;
  /** Callback answers are only useful for seconds: a few tries, then let go. */
  private static final int CALLBACK_ATTEMPTS = 3;

  sealed interface Command {}

  /**
   * @param tag what {@code sentTo} is told with the message id once the message was sent (null: nobody is told)
   */
  record Enqueue(Outgoing message, String tag, ActorRef<Sent> sentTo) implements Command {
    Enqueue(Outgoing message) {
      this(message, null, null);
    }
  }

  /** A tagged {@link Outgoing.Send} reached {@code chatId} as message {@code messageId}. */
  record Sent(String tag, long chatId, int messageId) {}

  record GetStats(ActorRef<OutboxStats> replyTo) implements Command {}

  private record Tick() implements Command {}

  private record Done(Job job, ApiResult<?> result) implements Command {}

  private static final class Job {
    final Outgoing message;
    final String tag;
    final ActorRef<Sent> sentTo;
    int attempts;
    long notBefore;

    Job(Outgoing message, String tag, ActorRef<Sent> sentTo) {
      this.message = message;
      this.tag = tag;
      this.sentTo = sentTo;
    }

    /** The chat whose order and rate this job obeys; callback answers belong to none. */
    Long chat() {
      if (message instanceof Outgoing.Send s) return s.chatId();
      if (message instanceof Outgoing.Edit e) return e.chatId();
      return null;
    }
  }

  private final TelegramSettings settings;
  private final BotApi api;
  private final TimerScheduler<Command> timers;
  private final long chatInterval;
  private final long globalInterval;
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final ArrayDeque<Job> urgent = new ArrayDeque<>();
  private final Set<Long> chatsInFlight = new HashSet<>();
  private final Map<Long, Long> chatNextAt = new HashMap<>();
  private long globalNextAt = Long.MIN_VALUE;
  private long pausedUntil = Long.MIN_VALUE;
  private int inFlight;
  private long sent, dropped, failed, retried, throttled;

  static Behavior<Command> create(TelegramSettings settings, BotApi api) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Outbox(ctx, settings, api, timers)));
  }

  private Outbox(ActorContext<Command> context, TelegramSettings settings, BotApi api, TimerScheduler<Command> timers) {
    super(context);
    this.settings = settings;
    this.api = api;
    this.timers = timers;
    this.chatInterval = (long) (1e9 / settings.perChatRate());
    this.globalInterval = (long) (1e9 / settings.globalRate());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, this::onEnqueue)
        .onMessage(Done.class, this::onDone)
        .onMessage(Tick.class, t -> dispatch())
        .onMessage(GetStats.class, this::onGetStats)
        .build();
  }

  private Behavior<Command> onEnqueue(Enqueue e) {
    Job job = new Job(e.message(), e.tag(), e.sentTo());
    ArrayDeque<Job> lane = job.chat() == null ? urgent : queue;
    if (lane.size() >= settings.queueCapacity()) {
      lane.pollFirst();
      dropped++;
      FleetMetrics.telegramDropped();
      if (dropped == 1 || dropped % 100 == 0) {
        getContext().getLog().warn("Telegram outbox full ({}): dropped the oldest message, {} dropped so far",
            settings.queueCapacity(), dropped);
      }
    }
    lane.addLast(job);
    return dispatch();
  }

  private Behavior<Command> onGetStats(GetStats g) {
    g.replyTo().tell(new OutboxStats(queue.size() + urgent.size(), inFlight, sent, dropped, failed, retried, throttled));
    return this;
  }

  /** Sends everything that may go now, then sleeps until the next thing may. */
  private Behavior<Command> dispatch() {
    long now = System.nanoTime();
    while (inFlight < MAX_IN_FLIGHT && now >= pausedUntil && now >= globalNextAt) {
      Job job = takeNext(now);
      if (job == null) break;
      send(job, now);
    }
    scheduleWake(now);
    FleetMetrics.telegramQueue(queue.size() + urgent.size());
    return this;
  }

  /** The first job that may go now: callback answers first, then the oldest message of a chat that is free. */
  private Job takeNext(long now) {
    for (Iterator<Job> it = urgent.iterator(); it.hasNext(); ) {
      Job j = it.next();
      if (j.notBefore <= now) {
        it.remove();
        return j;
      }
    }
    Set<Long> blocked = new HashSet<>();
    for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
      Job j = it.next();
      Long chat = j.chat();
      if (blocked.contains(chat)) continue;
      if (chatsInFlight.contains(chat) || j.notBefore > now || chatNextAt.getOrDefault(chat, Long.MIN_VALUE) > now) {
        blocked.add(chat); // later messages of this chat wait behind this one
        continue;
      }
      it.remove();
      return j;
    }
    return null;
  }

  private void scheduleWake(long now) {
    if (inFlight >= MAX_IN_FLIGHT) return; // a Done will dispatch again
    long wake = Long.MAX_VALUE;
    for (Job j : urgent) wake = Math.min(wake, j.notBefore);
    Set<Long> seen = new HashSet<>();
    for (Job j : queue) {
      Long chat = j.chat();
      if (!seen.add(chat) || chatsInFlight.contains(chat)) continue;
      wake = Math.min(wake, Math.max(j.notBefore, chatNextAt.getOrDefault(chat, Long.MIN_VALUE)));
    }
    if (wake == Long.MAX_VALUE) return; // nothing waiting, or every waiting chat has a request in flight
    wake = Math.max(wake, Math.max(globalNextAt, pausedUntil));
    timers.startSingleTimer(Tick.class, new Tick(), Duration.ofNanos(Math.max(0, wake - now)));
  }

  private void send(Job job, long now) {
    inFlight++;
    globalNextAt = nextSlot(globalNextAt, now, globalInterval);
    Long chat = job.chat();
    if (chat != null) {
      chatsInFlight.add(chat);
      chatNextAt.put(chat, nextSlot(chatNextAt.getOrDefault(chat, Long.MIN_VALUE), now, chatInterval));
    }
    getContext().pipeToSelf(request(job.message), (result, error) ->
        new Done(job, error != null ? new ApiResult.Transient<>(error.toString()) : result));
  }

  /**
   * The earliest time of the next send: one interval after this one's slot. A timer that fired late
   * does not push every later send back, so the rate is kept on average, and any window of one second
   * still holds at most rate + 1 sends.
   */
  private static long nextSlot(long slot, long now, long interval) {
    return Math.max(slot, now - interval) + interval;
  }

  private CompletionStage<? extends ApiResult<?>> request(Outgoing message) {
    if (message instanceof Outgoing.Send s) {
      SendMessage r = new SendMessage(s.chatId(), s.text());
      if (s.silent()) r.disableNotification(true);
      if (!s.keyboard().isEmpty()) r.replyMarkup(markup(s.keyboard()));
      return api.call(r);
    }
    if (message instanceof Outgoing.Edit e) {
      EditMessageText r = new EditMessageText(e.chatId(), e.messageId(), e.text());
      if (!e.keyboard().isEmpty()) r.replyMarkup(markup(e.keyboard()));
      return api.call(r);
    }
    Outgoing.AnswerCallback a = (Outgoing.AnswerCallback) message;
    return api.call(new AnswerCallbackQuery(a.callbackId()).text(a.text()));
  }

  private Behavior<Command> onDone(Done d) {
    Job job = d.job();
    Long chat = job.chat();
    inFlight--;
    if (chat != null) chatsInFlight.remove(chat);
    long now = System.nanoTime();
    ApiResult<?> result = d.result();
    if (result instanceof ApiResult.Ok<?> ok) {
      sent++;
      if (job.sentTo != null && job.message instanceof Outgoing.Send s && ok.response() instanceof SendResponse r
          && r.message() != null) {
        job.sentTo.tell(new Sent(job.tag, s.chatId(), r.message().messageId()));
      }
    } else if (result instanceof ApiResult.RetryAfter<?> r) {
      throttled++;
      pausedUntil = Math.max(pausedUntil, now + r.delay().toNanos());
      getContext().getLog().warn("Telegram says too many requests: pausing all sends for {}", r.delay());
      requeue(job);
    } else if (result instanceof ApiResult.Transient<?> t) {
      job.attempts++;
      if (chat == null && job.attempts >= CALLBACK_ATTEMPTS) {
        failed++;
      } else {
        retried++;
        job.notBefore = now + backoff(job.attempts).toNanos();
        getContext().getLog().info("Telegram request failed ({}), retry {} in {}", t.reason(), job.attempts,
            backoff(job.attempts));
        requeue(job);
      }
    } else if (result instanceof ApiResult.Permanent<?> p) {
      failed++;
      getContext().getLog().warn("Telegram refused a message for good: {} {}", p.errorCode(), p.description());
    }
    return dispatch();
  }

  /** Back at the front: it is the oldest of its chat, and its chat waits for it. */
  private void requeue(Job job) {
    ArrayDeque<Job> lane = job.chat() == null ? urgent : queue;
    if (lane.size() >= settings.queueCapacity()) {
      dropped++;
      FleetMetrics.telegramDropped();
      return;
    }
    lane.addFirst(job);
  }

  private Duration backoff(int attempts) {
    Duration d = settings.minBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
    return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
  }

  private static InlineKeyboardMarkup markup(Outgoing.Keyboard keyboard) {
    InlineKeyboardMarkup m = new InlineKeyboardMarkup();
    for (var row : keyboard.rows()) {
      m.addRow(row.stream().map(b -> new InlineKeyboardButton(b.text()).callbackData(b.data()))
          .toArray(InlineKeyboardButton[]::new));
    }
    return m;
  }
}
