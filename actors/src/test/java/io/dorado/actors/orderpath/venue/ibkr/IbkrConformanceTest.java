package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.actors.orderpath.venue.conformance.VenueConformanceKit;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;

/** The IBKR adapter passes the venue conformance kit against {@link FakeIbkr}. */
class IbkrConformanceTest extends VenueConformanceKit {

  @Override
  protected VenueUnderTest start() throws Exception {
    return new IbkrVenueUnderTest();
  }
}
