package io.dorado.actors.orderpath.venue.alpaca;

import io.dorado.actors.orderpath.venue.conformance.VenueConformanceKit;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;

/** The Alpaca adapter passes the venue conformance kit against {@link FakeAlpaca}. */
class AlpacaConformanceTest extends VenueConformanceKit {

  @Override
  protected VenueUnderTest start() throws Exception {
    return new AlpacaVenueUnderTest();
  }
}
