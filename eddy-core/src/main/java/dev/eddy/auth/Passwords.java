package dev.eddy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Passwords compares secrets without leaking, through timing, how much of them matched or how
 * long the expected one is: for a Basic-auth verifier's password check or an API key lookup.
 * (Keep stored passwords hashed with a slow hash; this compares what you have.)
 */
public final class Passwords {
  private Passwords() {}

  /**
   * Whether {@code given} equals {@code expected}, in time that does not depend on where they
   * differ or on their lengths. False if either is null.
   */
  public static boolean equal(String given, String expected) {
    if (given == null || expected == null) {
      return false;
    }
    // Hash both first: equal-length digests make the comparison independent of the lengths.
    return MessageDigest.isEqual(sha256(given), sha256(expected));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
