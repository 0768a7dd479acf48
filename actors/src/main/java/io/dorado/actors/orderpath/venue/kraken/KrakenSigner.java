package io.dorado.actors.orderpath.venue.kraken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken's private REST signature (docs.kraken.com, "Spot REST Authentication", "Setting the API-Sign Parameter"):
 * {@code API-Sign = base64(HMAC-SHA512(key = base64-decoded secret, message = URI path + SHA256(nonce + POST data)))},
 * the URI path being the part starting with {@code /0/private}.
 */
public final class KrakenSigner {
  private KrakenSigner() {}

  public static String sign(String uriPath, String nonce, String postData, byte[] secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] inner = sha256.digest((nonce + postData).getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(secret, "HmacSHA512"));
      mac.update(uriPath.getBytes(StandardCharsets.UTF_8));
      mac.update(inner);
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA512/SHA-256 unavailable", e);
    }
  }

  static String sign(String uriPath, String nonce, String postData, KrakenCredentials credentials) {
    return sign(uriPath, nonce, postData, credentials.secret());
  }
}
