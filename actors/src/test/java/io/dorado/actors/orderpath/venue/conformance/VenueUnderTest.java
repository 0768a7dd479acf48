package io.dorado.actors.orderpath.venue.conformance;

import io.dorado.actors.orderpath.venue.VenueAdapter;

/**
 * One adapter under the venue conformance kit: the adapter, talking to its vendor's fake on 127.0.0.1 (or,
 * for the paper venue, the paper venue itself), and the script that makes the fake do what a scenario needs.
 * Each scenario gets a fresh one and closes it.
 */
public interface VenueUnderTest extends AutoCloseable {

  /** The adapter's name in the printed line: {@code venue conformance: <name> <passed>/<total> scenarios}. */
  String name();

  /** The venue account the adapter trades (the venue id orders carry). */
  String venueId();

  /** The universe symbol the scenarios trade (BTC), which the adapter maps to the venue's (BTCUSDT, XBT/USD). */
  String symbol();

  /** The adapter, connected to the fake. */
  VenueAdapter adapter();

  /**
   * A new adapter on the same fake, as a restarted fleet makes it (the old one is closed first): the fake keeps
   * its orders, executions and balances.
   */
  VenueAdapter restart();

  /** The fake's controls. */
  VenueScript script();

  @Override
  void close() throws Exception;
}
