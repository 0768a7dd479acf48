package io.dorado.actors.orderpath.venue.kraken;

import java.util.Base64;
import java.util.Objects;
import org.knowm.xchange.kraken.service.KrakenDigest;
import si.mazi.rescu.ParamsDigest;

/**
 * A Kraken API key pair: the public key (sent as the {@code API-Key} header) and the base64 private key (never sent,
 * only used to sign). {@link #toString} never shows the secret, so a logged adapter or an exception message cannot
 * leak it.
 */
public final class KrakenCredentials {
  private final String apiKey;
  private final byte[] secret;

  private KrakenCredentials(String apiKey, byte[] secret) {
    this.apiKey = apiKey;
    this.secret = secret;
  }

  /** @param base64Secret the private key exactly as Kraken shows it (base64) */
  public static KrakenCredentials of(String apiKey, String base64Secret) {
    if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("kraken api key is missing");
    Objects.requireNonNull(base64Secret, "kraken api secret is missing");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64Secret.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kraken api secret is not base64 (its value is not shown)");
    }
    if (decoded.length == 0) throw new IllegalArgumentException("kraken api secret is empty");
    return new KrakenCredentials(apiKey.trim(), decoded);
  }

  public String apiKey() {
    return apiKey;
  }

  /** The decoded secret, for the signer only. */
  byte[] secret() {
    return secret.clone();
  }

  /** XChange's Kraken signer on this secret (the same API-Sign as {@link KrakenSigner}), for its rescu proxy. */
  ParamsDigest xchangeDigest() {
    return KrakenDigest.createInstance(Base64.getEncoder().encodeToString(secret));
  }

  @Override
  public String toString() {
    String shown = apiKey.length() <= 4 ? "****" : apiKey.substring(0, 4) + "****";
    return "KrakenCredentials[apiKey=" + shown + ", secret=<hidden>]";
  }
}
