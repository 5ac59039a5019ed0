package dev.eddy.internal.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * ClientArguments checks the settings the client builders share (HTTP, SSE, WebSocket, retries,
 * the proxy's backend calls), so each refuses a bad one with the same kind of message. Each check
 * returns the value it checked, and throws {@link IllegalArgumentException} naming the setting and
 * the bad value ({@link NullPointerException} for a null).
 */
public final class ClientArguments {
  private ClientArguments() {}

  /** A duration above zero. */
  public static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /** A duration of zero or more. */
  public static Duration nonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  /** A count or size of at least 1. */
  public static int atLeastOne(String name, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + n);
    }
    return n;
  }

  /**
   * A URI whose scheme is {@code plain} or {@code secure} (any case); {@code what} names such a
   * URI in the message ("A WebSocket URI").
   */
  public static URI scheme(URI uri, String plain, String secure, String what) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase(plain) || scheme.equalsIgnoreCase(secure))) {
      throw new IllegalArgumentException(what + " is " + plain + " or " + secure + ": " + uri);
    }
    return uri;
  }
}
