package io.dorado.actors.orderpath.venue.conformance;

/** The paper venue passes the venue conformance kit, with its faults played by {@link PaperVenueUnderTest}. */
class PaperConformanceTest extends VenueConformanceKit {

  @Override
  protected VenueUnderTest start() {
    return new PaperVenueUnderTest();
  }
}
