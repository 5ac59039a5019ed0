package dev.eddy.session;

import java.security.SecureRandom;
import java.util.Base64;

/** SessionIds makes session ids: 256 bits from {@link SecureRandom}, Base64url (43 characters). */
final class SessionIds {
  static final int LENGTH = 43;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private SessionIds() {}

  static String next() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** Whether {@code s} could be an id we made, so garbage never reaches a store. */
  static boolean isWellFormed(String s) {
    if (s == null || s.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
