package io.dorado.fleet.backtest;

import com.typesafe.config.Config;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import scala.Option;

/**
 * A backtest system's mailbox (the default one, so every actor's, relays and the journal's included): an unbounded
 * queue that counts the messages put in and taken out, per ActorSystem. {@link Quiescence} reads the counts: a message
 * anywhere in flight (a relay's, an actor's note to itself, a journal's answer) shows as one not yet taken out, or as
 * a count that moved between two rounds of questions. The questions themselves are not counted.
 */
public final class CountingMailbox implements MailboxType, ProducesMessageQueue<CountingMailbox.CountingQueue> {
  private static final Map<String, Counts> BY_SYSTEM = new ConcurrentHashMap<>();
  private final Counts counts;

  /** Messages put into and taken out of a system's mailboxes. */
  static final class Counts {
    final AtomicLong in = new AtomicLong();
    final AtomicLong out = new AtomicLong();
  }

  public CountingMailbox(ActorSystem.Settings settings, Config config) {
    this.counts = of(settings.name());
  }

  static Counts of(String system) {
    return BY_SYSTEM.computeIfAbsent(system, s -> new Counts());
  }

  static void forget(String system) {
    BY_SYSTEM.remove(system);
  }

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    return new CountingQueue(counts);
  }

  private static boolean question(Object message) {
    return message instanceof Bot.GetState || message instanceof RiskGuardian.GetStatus || message instanceof Venue.GetOrders;
  }

  static final class CountingQueue implements MessageQueue, UnboundedMessageQueueSemantics {
    private final Queue<Envelope> queue = new ConcurrentLinkedQueue<>();
    private final Counts counts;

    CountingQueue(Counts counts) {
      this.counts = counts;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
      if (!question(handle.message())) counts.in.incrementAndGet();
      queue.offer(handle);
    }

    @Override
    public Envelope dequeue() {
      Envelope e = queue.poll();
      if (e != null && !question(e.message())) counts.out.incrementAndGet();
      return e;
    }

    @Override
    public int numberOfMessages() {
      return queue.size();
    }

    @Override
    public boolean hasMessages() {
      return !queue.isEmpty();
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
      Envelope e;
      while ((e = queue.poll()) != null) deadLetters.enqueue(owner, e);
    }
  }
}
