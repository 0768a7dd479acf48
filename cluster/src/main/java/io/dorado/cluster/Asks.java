package io.dorado.cluster;

import io.dorado.cluster.ops.OperationTimeout;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Asks an actor with the node's timeout; a timeout fails the stage with {@link OperationTimeout} naming
 * {@code who}, which front ends answer as "unavailable", never a hang.
 */
record Asks(ActorSystem<?> system, Duration timeout) {

  <T> CompletableFuture<T> ask(String who, RecipientRef<?> target, Function<ActorRef<T>, ?> message) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletionStage<T> stage = AskPattern.ask((RecipientRef) target,
        (org.apache.pekko.japi.function.Function<ActorRef<T>, Object>) message::apply, timeout, system.scheduler());
    return stage.toCompletableFuture().handle((value, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(value);
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      return CompletableFuture.<T>failedFuture(cause instanceof TimeoutException
          ? new OperationTimeout(who, timeout) : cause);
    }).thenCompose(Function.identity());
  }
}
