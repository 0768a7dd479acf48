package io.dorado.cluster.ops;

/** What a live fleet event is about, for filtering and colouring in front ends. */
public enum FleetEventKind {
  /** A bot moved through its lifecycle (PRD §3.1). */
  TRANSITION,
  /** An order was intended, accepted or refused. */
  ORDER,
  FILL,
  /** The guardian denied a trade or an order. */
  DENIAL,
  /** A trade waits for a human. */
  APPROVAL,
  /** Breakers, trading state, kill switch, closed trades, venue refusals, summaries. */
  ALERT,
  /** About the stream itself (e.g. a source that is not available on this node). */
  NOTICE
}
