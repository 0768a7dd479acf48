package io.dorado.cluster.venues;

import io.dorado.actors.orderpath.venue.ForwardingVenueAdapter;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.protocol.venue.VenueInfo;

/**
 * An account's adapter as the node names it: {@link #info} says the configured venue id, kind, mode and account
 * (what the operator configured and bots were checked against), with the adapter's own connection state and
 * client-order-id dedupe. Everything else goes to the adapter.
 */
final class ConfiguredVenue extends ForwardingVenueAdapter {
  private final VenueAccount account;

  ConfiguredVenue(VenueAccount account, VenueAdapter adapter) {
    super(adapter);
    this.account = account;
  }

  @Override
  public VenueInfo info() {
    VenueInfo own;
    try {
      own = delegate.info();
    } catch (RuntimeException e) {
      own = null;
    }
    return new VenueInfo(account.id(), account.kind(), account.mode(), account.account(),
        own != null && own.dedupesClientOrderIds(), own == null ? VenueInfo.Connection.DISCONNECTED : own.connection());
  }
}
