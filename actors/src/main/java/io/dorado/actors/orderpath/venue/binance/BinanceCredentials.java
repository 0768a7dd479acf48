package io.dorado.actors.orderpath.venue.binance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.knowm.xchange.binance.service.BinanceHmacDigest;
import si.mazi.rescu.ParamsDigest;

/**
 * A Binance HMAC API key and its secret. The secret never leaves this object except as signatures:
 * {@link #toString} shows the key's first characters only and never the secret, so a log line or an exception
 * message that prints the credentials or the settings leaks nothing.
 */
public final class BinanceCredentials {

  private final String apiKey;
  private final SecretKeySpec secret;
  /**
   * XChange's signer for the calls that go through its rescu proxy (the same HMAC-SHA256 of the same secret). Its
   * one {@code javax.crypto.Mac} is shared unsynchronized (BaseParamsDigest.getMac), and Mac is not thread-safe:
   * concurrent calls would corrupt each other's signatures, so every digest holds the lock.
   */
  private final ParamsDigest xchangeSigner;

  private BinanceCredentials(String apiKey, String secretKey) {
    if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("Binance API key is missing");
    if (secretKey == null || secretKey.isBlank()) throw new IllegalArgumentException("Binance secret key is missing");
    this.apiKey = apiKey;
    this.secret = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    BinanceHmacDigest digest = BinanceHmacDigest.createInstance(secretKey);
    this.xchangeSigner = invocation -> {
      synchronized (digest) {
        return digest.digestParams(invocation);
      }
    };
  }

  public static BinanceCredentials of(String apiKey, String secretKey) {
    return new BinanceCredentials(apiKey, secretKey);
  }

  /** Sent as the {@code X-MBX-APIKEY} header (REST) or the {@code apiKey} parameter (WebSocket API). */
  public String apiKey() {
    return apiKey;
  }

  /**
   * HMAC-SHA256 of {@code payload} as lower-case hex: rest-api.md "SIGNED Endpoint Examples for POST
   * /api/v3/order" (the query string) and web-socket-api.md "SIGNED request example (HMAC)" (the sorted params).
   */
  public String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** XChange's {@link BinanceHmacDigest}: signs a rescu invocation's query string (and body) as Binance expects. */
  ParamsDigest xchangeSigner() {
    return xchangeSigner;
  }

  @Override
  public String toString() {
    String shown = apiKey.length() <= 4 ? "****" : apiKey.substring(0, 4) + "****";
    return "BinanceCredentials[apiKey=" + shown + ", secret=****]";
  }
}
