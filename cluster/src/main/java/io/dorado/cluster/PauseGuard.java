package io.dorado.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stops a process that was paused (SIGSTOP, a stalled VM, a very long GC) for so long that the other
 * nodes may have downed it and started its bots and singletons again: such a process halts before any
 * of its entities handles another message. The split-brain resolver alone cannot prevent it: a resumed
 * node first runs its overdue timers (ClusterFailoverTest saw the fleet supervisor's sync timer fire)
 * and only then learns from the others that it was removed.
 *
 * <p>Race-free by construction: a ticker records the time every {@link #TICK}, and checks the gap
 * before it records; every guarded message checks the gap too. After a pause, whichever runs first sees
 * the gap and halts; nothing can record a fresh time without checking first. The limit must be below
 * the earliest moment the others can take over (failure detection + stable-after + removal margin);
 * the node uses stable-after.
 *
 * <p>The journal checks too ({@link PauseGuardedJournal} calls {@link #checkAll}): a write an entity asked for
 * just before the pause sits in the journal's mailbox and would otherwise be written on resume, after the
 * entity's next incarnation on another node had recovered and written the same sequence number (two writers,
 * seen in ClusterFailoverTest: the venue's journal then refused every recovery).
 */
public final class PauseGuard {
  static final Duration TICK = Duration.ofMillis(100);
  /** The exit code of a halt after a pause (a supervisor restarts the node like any other exit). */
  public static final int EXIT_CODE = 75;

  /** The guards of this process's running nodes: a pause stops the whole process, so every one of them sees it. */
  private static final Set<PauseGuard> RUNNING = ConcurrentHashMap.newKeySet();

  private final long limitNanos;
  private final Runnable halt;
  private volatile long lastTick;
  private volatile Thread ticker;

  private PauseGuard(Duration limit, Runnable halt) {
    this.limitNanos = limit.toNanos();
    this.halt = halt;
    this.lastTick = System.nanoTime();
  }

  /** Starts the ticker (a daemon thread) for a pause limit of {@code limit}. */
  public static PauseGuard start(Duration limit) {
    return start(limit, () -> Runtime.getRuntime().halt(EXIT_CODE));
  }

  /** As {@link #start(Duration)}, halting by {@code halt} (tests: it must not return normally). */
  static PauseGuard start(Duration limit, Runnable halt) {
    PauseGuard guard = new PauseGuard(limit, halt);
    Thread ticker = new Thread(() -> {
      while (true) {
        guard.check();
        guard.lastTick = System.nanoTime();
        try {
          Thread.sleep(TICK.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "dorado-pause-guard");
    ticker.setDaemon(true);
    ticker.setPriority(Thread.MAX_PRIORITY);
    ticker.start();
    guard.ticker = ticker;
    RUNNING.add(guard);
    return guard;
  }

  /** Stops the ticker (the node has stopped). */
  public void stop() {
    RUNNING.remove(this);
    stopTicker();
  }

  /** Only the ticker: to the guard, the process looks paused from now on (tests). */
  void stopTicker() {
    ticker.interrupt();
  }

  /** Halts the JVM if the process was paused longer than a running guard's limit (the journal asks before every message). */
  public static void checkAll() {
    for (PauseGuard guard : RUNNING) guard.check();
  }

  /** Halts the JVM if the process was paused longer than the limit since the last tick. */
  public void check() {
    long gap = System.nanoTime() - lastTick;
    if (gap > limitNanos) {
      System.err.printf("dorado: this process was paused for %d ms (limit %d ms); the cluster may have moved its "
          + "bots and singletons to other nodes: halting before they act twice%n", gap / 1_000_000, limitNanos / 1_000_000);
      halt.run();
    }
  }

  /** {@code behavior} that checks the guard before every message. */
  public <T> Behavior<T> guard(Behavior<T> behavior) {
    return Behaviors.intercept(Checked::new, behavior);
  }

  private final class Checked<T> extends BehaviorInterceptor<T, T> {
    @SuppressWarnings("unchecked")
    Checked() {
      super((Class<T>) (Class<?>) Object.class);
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
      check();
      return target.apply(ctx, msg);
    }

    @Override
    public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
      return target.apply(ctx, signal);
    }
  }
}
