package dev.eddy.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * CsrfTokens makes CSRF secrets and the masked tokens pages carry. A masked token is
 * {@code pad || (pad XOR secret)} with a fresh random pad each time, so no two pages carry the
 * same bytes and compression side channels (BREACH) can't recover the secret from responses.
 */
final class CsrfTokens {
  static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private CsrfTokens() {}

  /** A new secret: 256 random bits, Base64url. */
  static String newSecret() {
    byte[] b = new byte[BYTES];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** Decodes a secret; null if it is not one we made. */
  static byte[] secretBytes(String secret) {
    byte[] b = decode(secret);
    return b != null && b.length == BYTES ? b : null;
  }

  static String mask(byte[] secret) {
    byte[] out = new byte[BYTES * 2];
    byte[] pad = new byte[BYTES];
    RANDOM.nextBytes(pad);
    for (int i = 0; i < BYTES; i++) {
      out[i] = pad[i];
      out[BYTES + i] = (byte) (pad[i] ^ secret[i]);
    }
    return B64.encodeToString(out);
  }

  /** Whether {@code token} is a masking of {@code secret}; constant time in the token's content. */
  static boolean matches(String token, byte[] secret) {
    byte[] b = decode(token);
    if (b == null || b.length != BYTES * 2) {
      return false;
    }
    byte[] unmasked = new byte[BYTES];
    for (int i = 0; i < BYTES; i++) {
      unmasked[i] = (byte) (b[i] ^ b[BYTES + i]);
    }
    return MessageDigest.isEqual(unmasked, secret);
  }

  private static byte[] decode(String s) {
    if (s == null || s.length() > 200) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
