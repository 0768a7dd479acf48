package io.dorado.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Where this node's bots, venues and singletons ran: one line per start, per burst of activity and per
 * stop, appended to a file ({@code dorado.cluster.activation-log}). Each line is
 * {@code <epoch millis> <node> <kind> <id> <incarnation> start|active <message class>|stopping|stop}. A line is written (not
 * fsync'd) before the message is handled, so it survives a SIGKILL of the process; like the detector in
 * Pekko's split-brain specs, it lets a test prove that no entity or singleton handled a message on two
 * nodes at once. Activity is written at most every {@link #ACTIVE_EVERY_MS} ms per incarnation, so the
 * first message after any pause (a frozen process resumed) is always written. Once the cluster's stop message
 * arrived ({@code stopping}), every message until the stop is written: a journal write that completes between
 * the two ({@code active ...JournalResponse}) was in flight when the cluster stopped the incarnation.
 */
public final class ActivationLog implements AutoCloseable {
  static final long ACTIVE_EVERY_MS = 50;

  private final String node;
  private final Writer out;
  private final AtomicLong incarnations = new AtomicLong();

  private ActivationLog(String node, Writer out) {
    this.node = node;
    this.out = out;
  }

  /** Appends to {@code file} (created with its folder), naming this node {@code node} (no spaces). */
  public static ActivationLog open(Path file, String node) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      return new ActivationLog(node.replace(' ', '_'), Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the activation log " + file, e);
    }
  }

  /** {@code behavior} as one incarnation of {@code kind}/{@code id}: its start, activity and stop are written. */
  public <T> Behavior<T> track(String kind, String id, Behavior<T> behavior) {
    return track(kind, id, behavior, null);
  }

  /** As {@link #track(String, String, Behavior)}; {@code stopMessage} (may be null) is the one the cluster stops it with. */
  public <T> Behavior<T> track(String kind, String id, Behavior<T> behavior, T stopMessage) {
    return Behaviors.setup(ctx -> {
      long incarnation = incarnations.incrementAndGet();
      write(kind, id, incarnation, "start");
      return Behaviors.intercept(() -> new Recorder<>(kind, id, incarnation, stopMessage), behavior);
    });
  }

  private synchronized void write(String kind, String id, long incarnation, String what) {
    try {
      out.write(System.currentTimeMillis() + " " + node + " " + kind + " " + id + " " + incarnation + " " + what + "\n");
      out.flush(); // into the kernel: a killed process loses nothing written
    } catch (IOException e) {
      throw new UncheckedIOException("the activation log could not be written", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  /** Sees every message (internal ones of persistence too) and the stop of one incarnation. */
  private final class Recorder<T> extends BehaviorInterceptor<T, T> {
    private final String kind;
    private final String id;
    private final long incarnation;
    private final Object stopMessage;
    private long lastWritten;
    private boolean stopping;

    @SuppressWarnings("unchecked")
    Recorder(String kind, String id, long incarnation, Object stopMessage) {
      super((Class<T>) (Class<?>) Object.class);
      this.kind = kind;
      this.id = id;
      this.incarnation = incarnation;
      this.stopMessage = stopMessage;
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
      long now = System.currentTimeMillis();
      if (!stopping && stopMessage != null && stopMessage.equals(msg)) {
        stopping = true;
        write(kind, id, incarnation, "stopping");
      } else if (stopping || now - lastWritten >= ACTIVE_EVERY_MS) {
        lastWritten = now;
        write(kind, id, incarnation, "active " + msg.getClass().getName());
      }
      return target.apply(ctx, msg);
    }

    @Override
    public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
      if (signal instanceof PostStop) write(kind, id, incarnation, "stop");
      return target.apply(ctx, signal);
    }
  }
}
