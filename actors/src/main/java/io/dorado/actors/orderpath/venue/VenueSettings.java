package io.dorado.actors.orderpath.venue;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.typesafe.config.Config;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.AckSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a venue actor needs to know: which account it is, whose acknowledgements it trusts and the
 * key to check them with, the clock for expiry, and how patient it is with its adapter.
 *
 * @param adapterTimeout an adapter call that takes longer counts as failed (outcome unknown: reconcile)
 * @param reconcileRetry how long to wait before asking the adapter again after a failure
 */
public record VenueSettings(
    String venueId, String guardianId, AckSigner signer, Clock clock, Duration adapterTimeout, Duration reconcileRetry) {

  public static final String DEFAULT_GUARDIAN_ID = "risk-guardian";

  public VenueSettings {
    requiredText(venueId, "venue_id");
    requiredText(guardianId, "guardian_id");
    required(signer, "signer");
    clock = clock == null ? Clock.systemUTC() : clock;
    adapterTimeout = adapterTimeout == null ? Duration.ofSeconds(10) : adapterTimeout;
    reconcileRetry = reconcileRetry == null ? Duration.ofSeconds(2) : reconcileRetry;
  }

  public static VenueSettings of(String venueId, AckSigner signer, Clock clock) {
    return new VenueSettings(venueId, DEFAULT_GUARDIAN_ID, signer, clock, null, null);
  }

  /**
   * Reads {@code dorado.risk.ack-secret} (required; set it with env {@code DORADO_ACK_SECRET}, at least
   * 16 bytes, the same value the guardian signs with), {@code dorado.risk.guardian-id} (default
   * {@value #DEFAULT_GUARDIAN_ID}), {@code dorado.venue.adapter-timeout} (10 s) and
   * {@code dorado.venue.reconcile-retry} (2 s).
   */
  public static VenueSettings fromConfig(String venueId, Config config) {
    if (!config.hasPath("dorado.risk.ack-secret")) {
      throw new IllegalArgumentException(
          "dorado.risk.ack-secret is required (env DORADO_ACK_SECRET): venues verify acknowledgements with it");
    }
    return new VenueSettings(
        venueId,
        config.hasPath("dorado.risk.guardian-id") ? config.getString("dorado.risk.guardian-id") : DEFAULT_GUARDIAN_ID,
        AckSigner.ofSecret(config.getString("dorado.risk.ack-secret")),
        Clock.systemUTC(),
        config.hasPath("dorado.venue.adapter-timeout") ? config.getDuration("dorado.venue.adapter-timeout") : null,
        config.hasPath("dorado.venue.reconcile-retry") ? config.getDuration("dorado.venue.reconcile-retry") : null);
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * Why this venue must refuse {@code ack}, or empty when it may be sent: it must be signed, by the
   * trusted guardian, with the shared key over exactly these fields, unexpired, and for this venue.
   */
  public Optional<String> problemWith(AcknowledgedOrder ack, Instant now) {
    if (ack.signature() == null || ack.signature().isBlank()) {
      return Optional.of("the acknowledgement is not signed");
    }
    if (!guardianId.equals(ack.guardianId())) {
      return Optional.of("acknowledged by '" + ack.guardianId() + "', not by the trusted guardian '" + guardianId + "'");
    }
    if (!signer.verify(ack)) {
      return Optional.of("the signature does not match: a field was changed after acknowledgement, "
          + "or it was signed with another key");
    }
    if (ack.isExpiredAt(now)) {
      return Optional.of("the acknowledgement expired at " + ack.expiresAt() + " (now " + now + ")");
    }
    if (!venueId.equals(ack.order().venue())) {
      return Optional.of("the order is for venue '" + ack.order().venue() + "', this is venue '" + venueId + "'");
    }
    return Optional.empty();
  }
}
