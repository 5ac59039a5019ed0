package dev.eddy.examples;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;

/**
 * GalleryConfig is what the gallery takes from its environment besides the address:
 * the admin password for {@code /admin/} (user {@code admin}).
 *
 * <p>{@code ADMIN_PASSWORD} sets it (at least {@value #MIN_PASSWORD} characters, no control
 * characters); when it is unset a strong one is generated (192 random bits, 32 Base64url
 * characters) and {@link #adminNotice()} gives the start-up line that shows it.
 *
 * @param adminPassword the password of the user {@code admin}
 * @param adminPasswordGenerated whether it was generated rather than configured
 */
public record GalleryConfig(String adminPassword, boolean adminPasswordGenerated) {
  /** The shortest {@code ADMIN_PASSWORD} accepted. */
  public static final int MIN_PASSWORD = 8;

  private static final int MAX_PASSWORD = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  public GalleryConfig {
    Objects.requireNonNull(adminPassword, "adminPassword");
    checkPassword(adminPassword);
  }

  /** The configuration from the process environment. */
  public static GalleryConfig fromEnv() {
    return from(System::getenv);
  }

  /**
   * The configuration from {@code env} (a variable's value, or null when unset).
   *
   * @throws IllegalArgumentException naming the variable, for a password that is too short, too
   *     long or holds control characters
   */
  public static GalleryConfig from(Function<String, String> env) {
    String configured = env.apply("ADMIN_PASSWORD");
    if (configured == null || configured.isEmpty()) {
      return new GalleryConfig(generatePassword(), true);
    }
    try {
      return new GalleryConfig(configured, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Environment variable ADMIN_PASSWORD: " + e.getMessage(), e);
    }
  }

  /** A configuration with this admin password (for tests and embedding). */
  public static GalleryConfig withAdminPassword(String password) {
    return new GalleryConfig(password, false);
  }

  /**
   * The line to log at start-up when the password was generated, since that is the only way to
   * learn it; null when it was configured (a configured password is never logged).
   */
  public String adminNotice() {
    return adminPasswordGenerated
        ? "Admin page /admin/: user admin, generated password " + adminPassword + " (set ADMIN_PASSWORD to choose one)"
        : null;
  }

  /** Hides the password from logs and debuggers' summaries. */
  @Override
  public String toString() {
    return "GalleryConfig[adminPassword=" + (adminPasswordGenerated ? "(generated)" : "(configured)") + "]";
  }

  static String generatePassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void checkPassword(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      throw new IllegalArgumentException("the admin password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
          + " characters, got " + length);
    }
    if (password.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the admin password must not contain control characters");
    }
  }
}
