package dev.eddy.cookie;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigningKeys sign cookie values with HMAC-SHA256 and verify them, with key rotation: values are
 * signed with the newest key and accepted under any listed key, so a new key can be rolled out
 * while cookies signed with the old one stay valid until it is dropped from the list.
 *
 * <p>A signed value is {@code value.signature}, the signature being the Base64url HMAC (43
 * characters) over the cookie's name and value, so a value signed for one cookie is not valid for
 * another. Verification compares in constant time and never throws: a missing, unsigned, tampered
 * or foreign value is simply not verified ({@code null}). Signing is not encryption: the client
 * can read the value, it just can't change it.
 *
 * <p>Keep keys secret and at least 32 random bytes ({@link #generate()} makes one; load real ones
 * from configuration with {@link #fromBase64}). Instances are immutable and thread-safe.
 */
public final class SigningKeys {
  /** The length of a signature in a signed value: Base64url of 32 bytes, no padding. */
  static final int SIGNATURE_CHARS = 43;
  private static final int MIN_KEY_BYTES = 32;
  private static final int MAX_KEYS = 16;
  private static final byte[] CONTEXT = "eddy.cookie.v1\n".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<Mac> macs;

  private SigningKeys(List<Mac> macs) {
    this.macs = macs;
  }

  /**
   * Keys for signing with {@code newest} and verifying with it or any of {@code older}.
   *
   * @throws IllegalArgumentException if a key is shorter than 32 bytes, or more than 16 are given
   */
  public static SigningKeys of(byte[] newest, byte[]... older) {
    Objects.requireNonNull(newest, "newest");
    Objects.requireNonNull(older, "older");
    if (older.length + 1 > MAX_KEYS) {
      throw new IllegalArgumentException("At most " + MAX_KEYS + " signing keys, got " + (older.length + 1));
    }
    List<Mac> macs = new ArrayList<>();
    macs.add(mac(newest, 0));
    for (int i = 0; i < older.length; i++) {
      macs.add(mac(Objects.requireNonNull(older[i], "older key"), i + 1));
    }
    return new SigningKeys(List.copyOf(macs));
  }

  /**
   * Keys given as Base64 or Base64url text (how they sit in configuration), newest first.
   *
   * @throws IllegalArgumentException if one is not Base64 or is shorter than 32 bytes
   */
  public static SigningKeys fromBase64(String newest, String... older) {
    byte[][] rest = new byte[older.length][];
    for (int i = 0; i < older.length; i++) {
      rest[i] = decodeKey(older[i], i + 1);
    }
    return of(decodeKey(newest, 0), rest);
  }

  /** One fresh random 32-byte key: for tests and for apps whose cookies may die with the process. */
  public static SigningKeys generate() {
    byte[] key = new byte[MIN_KEY_BYTES];
    RANDOM.nextBytes(key);
    return of(key);
  }

  /** How many keys verify (the first of them signs). */
  public int size() {
    return macs.size();
  }

  /**
   * Signs {@code value} for the cookie {@code name} with the newest key: {@code value.signature}.
   * The result is a valid cookie value whenever {@code value} is.
   */
  public String sign(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return value + '.' + signature(macs.get(0), name, value);
  }

  /**
   * The value inside {@code signed} if it was signed for {@code name} by any of these keys, else
   * null (also for null or malformed input). Takes the same time whichever key matches.
   */
  public String verify(String name, String signed) {
    if (name == null || signed == null) {
      return null;
    }
    int dot = signed.length() - SIGNATURE_CHARS - 1;
    if (dot < 0 || signed.charAt(dot) != '.') {
      return null;
    }
    String value = signed.substring(0, dot);
    byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.ISO_8859_1);
    boolean ok = false;
    for (Mac mac : macs) {
      // Compare the text, not decoded bytes: Base64 decoders ignore the last character's spare bits,
      // so four spellings would decode to the same signature.
      byte[] expected = signature(mac, name, value).getBytes(StandardCharsets.ISO_8859_1);
      ok |= MessageDigest.isEqual(expected, given);
    }
    return ok ? value : null;
  }

  private static String signature(Mac prototype, String name, String value) {
    Mac mac = copy(prototype);
    mac.update(CONTEXT);
    mac.update(name.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '=');
    return B64.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static Mac copy(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 of this JDK's provider can't be cloned", e);
    }
  }

  private static Mac mac(byte[] key, int index) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("Signing key " + index + " has " + key.length
          + " bytes; use at least " + MIN_KEY_BYTES + " random bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private static byte[] decodeKey(String text, int index) {
    Objects.requireNonNull(text, "key");
    String t = text.strip();
    try {
      return (t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Signing key " + index + " is not Base64: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SigningKeys(" + macs.size() + " keys)";
  }
}
