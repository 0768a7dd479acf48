package io.dorado.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented secret with the configured one in constant time. Both are hashed first, so
 * neither the content nor the length of the expected secret leaks through timing; a blank expected
 * secret matches nothing.
 */
final class Secrets {
  private Secrets() {}

  static boolean matches(String presented, String expected) {
    if (expected == null || expected.isEmpty() || presented == null) return false;
    return MessageDigest.isEqual(sha256(presented), sha256(expected));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
