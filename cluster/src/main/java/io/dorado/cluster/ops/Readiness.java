package io.dorado.cluster.ops;

import java.util.List;

/** Whether this node can serve traffic; when not, what it still waits for (cluster join, journal, singletons). */
public record Readiness(boolean ready, List<String> waitingFor) {
  public Readiness {
    waitingFor = List.copyOf(waitingFor);
  }
}
