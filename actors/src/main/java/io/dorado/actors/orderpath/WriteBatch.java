package io.dorado.actors.orderpath;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Group commit for an event-sourced actor on the order path (the risk guardian and the venues): decisions
 * are made against the written state plus everything decided but not yet written (the projected state),
 * queued with what to do once written, and written together by one flush. While that write is under way
 * Pekko stashes the actor's commands, so under load each write carries everything that arrived during the
 * previous one, and nothing decided is acted on before it is in the journal.
 *
 * <p>Not thread-safe: it lives inside one actor. The actor asks itself for a flush when {@link #add} says
 * the batch was empty, and writes {@link #take()}'s events in its flush handler.
 *
 * @param <E> the actor's event type
 * @param <S> the actor's state type
 */
public final class WriteBatch<E, S> {

  /** What one flush writes, and what it runs on the written state afterwards, in decision order. */
  public record Batch<E, S>(List<E> events, List<Consumer<S>> effects, boolean unstash) {
    public Batch {
      events = List.copyOf(events);
      effects = List.copyOf(effects);
    }

    public boolean isEmpty() {
      return events.isEmpty() && effects.isEmpty() && !unstash;
    }

    /** Runs every effect on the state as written. */
    public void runEffects(S written) {
      effects.forEach(e -> e.accept(written));
    }
  }

  private final BiFunction<S, E, S> apply;
  private final List<E> events = new ArrayList<>();
  private final List<Consumer<S>> effects = new ArrayList<>();
  private S projected;
  private boolean unstash;

  /** @param apply the actor's event handler: the state after one event (pure) */
  public WriteBatch(BiFunction<S, E, S> apply) {
    this.apply = apply;
  }

  /** The state as it will be once everything pending is written: decisions are made on it. */
  public S current(S written) {
    return projected != null ? projected : written;
  }

  /** Nothing decided and not yet written. */
  public boolean isEmpty() {
    return events.isEmpty() && effects.isEmpty();
  }

  /**
   * Queues {@code decided} for the next write and {@code then} for after it.
   *
   * @return true when the batch was empty: the caller asks itself for a flush (exactly once per batch)
   */
  public boolean add(S written, List<? extends E> decided, Consumer<S> then) {
    boolean first = isEmpty();
    S next = current(written);
    for (E e : decided) next = apply.apply(next, e);
    projected = next;
    events.addAll(decided);
    effects.add(then);
    return first;
  }

  /**
   * As {@link #add}, for a caller that has already folded {@code decided} into the projected state ({@code after})
   * while deciding (the guardian does, to see which breakers the decision trips): the state is not folded twice.
   */
  public boolean addFolded(List<? extends E> decided, S after, Consumer<S> then) {
    boolean first = isEmpty();
    projected = after;
    events.addAll(decided);
    effects.add(then);
    return first;
  }

  /** Stashed commands are released once the current batch is written (e.g. when a recovery ends in it). */
  public void unstashAfterWrite() {
    unstash = true;
  }

  /** Commands are held back until the batch that ends a recovery is written. */
  public boolean unstashPending() {
    return unstash;
  }

  /** Everything pending, handed to the flush; the batch starts empty again. */
  public Batch<E, S> take() {
    var batch = new Batch<E, S>(events, effects, unstash);
    events.clear();
    effects.clear();
    projected = null;
    unstash = false;
    return batch;
  }
}
