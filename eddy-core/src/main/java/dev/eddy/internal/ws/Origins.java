package dev.eddy.internal.ws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Origins decides whether a browser's {@code Origin} may open a WebSocket: its own server's pages
 * always may (scheme's host and port equal the request's {@code Host}), others only if listed.
 * Origins compare in a normal form: lower case, default ports left out.
 */
public final class Origins {
  private Origins() {}

  /**
   * The normal form of an allowed origin, {@code *}, or {@code null} (an opaque origin); throws
   * {@link IllegalArgumentException} naming the problem if it is not of the form
   * {@code scheme://host[:port]}.
   */
  public static String normalizeAllowed(String origin) {
    Objects.requireNonNull(origin, "allowed origin");
    if (origin.equals("*") || origin.equals("null")) {
      return origin;
    }
    String normal = normalize(origin);
    if (normal == null) {
      throw new IllegalArgumentException("An allowed origin looks like https://host[:port], got '" + origin + "'");
    }
    return normal;
  }

  /** Whether a handshake with this {@code Origin} (null when absent) and {@code Host} may go on. */
  static boolean allowed(String origin, String host, Set<String> allowed) {
    if (origin == null || allowed.contains("*")) {
      return true;
    }
    if (origin.equals("null")) {
      return allowed.contains("null");
    }
    String normal = normalize(origin);
    return normal != null && (allowed.contains(normal) || sameOrigin(normal, host));
  }

  /** {@code scheme://host[:port]} in lower case without a default port, or null if malformed. */
  private static String normalize(String origin) {
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    return port < 0 || port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
  }

  /** Whether a normalized origin names the host and port the request was sent to. */
  private static boolean sameOrigin(String origin, String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return false;
    }
    URI o = URI.create(origin);
    URI h;
    try {
      h = new URI(o.getScheme() + "://" + hostHeader.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (h.getHost() == null || !h.getHost().equalsIgnoreCase(o.getHost())) {
      return false;
    }
    int defaultPort = defaultPort(o.getScheme());
    int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
    int hostPort = h.getPort() < 0 ? defaultPort : h.getPort();
    return originPort == hostPort;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> -1;
    };
  }
}
