package io.dorado.actors.orderpath.venue.kraken;

import io.dorado.actors.orderpath.venue.conformance.VenueConformanceKit;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;

/** The Kraken spot adapter passes the venue conformance kit against {@link FakeKraken}. */
class KrakenConformanceTest extends VenueConformanceKit {

  @Override
  protected VenueUnderTest start() throws Exception {
    return new KrakenVenueUnderTest();
  }
}
