package dev.eddy.cookie;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Cookie is a cookie to send in a {@code Set-Cookie} header (RFC 6265), with every attribute.
 * Immutable: each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * Cookies.of(ctx).set(Cookie.of("theme", "dark").path("/").maxAge(Duration.ofDays(30)).httpOnly(true));
 * }</pre>
 *
 * {@link #of} refuses a name that is not an HTTP token and a value with characters outside
 * RFC 6265's cookie-octets (no spaces, quotes, commas, semicolons or backslashes: encode such
 * values first, Base64url say). {@link #toHeader()} refuses combinations browsers drop:
 * {@code SameSite=None} or {@code Partitioned} without {@code Secure}, and {@code __Host-} /
 * {@code __Secure-} names without the attributes their prefix demands.
 */
public final class Cookie {
  private final String name;
  private final String value;
  private String domain;
  private String path;
  private Duration maxAge;
  private Instant expires;
  private boolean secure;
  private boolean httpOnly;
  private boolean partitioned;
  private SameSite sameSite;

  private Cookie(String name, String value) {
    this.name = name;
    this.value = value;
  }

  /**
   * A cookie with no attributes (a browser-session cookie for the request's path).
   *
   * @throws IllegalArgumentException if the name or value has characters a cookie can't carry
   */
  public static Cookie of(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("Cookie name must not be empty");
    }
    try {
      ServerCookieEncoder.STRICT.encode(name, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid cookie '" + name + "': " + e.getMessage(), e);
    }
    return new Cookie(name, value);
  }

  /**
   * A cookie that tells the browser to delete {@code name} now (empty value, {@code Max-Age=0}).
   * The path and domain must be the ones the cookie was set with.
   */
  public static Cookie expired(String name) {
    return of(name, "").maxAge(Duration.ZERO);
  }

  private Cookie copy() {
    return new Cookie(name, value).copyAttributesFrom(this);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** A copy with another value, checked like {@link #of}. */
  public Cookie value(String value) {
    return of(name, value).copyAttributesFrom(this);
  }

  private Cookie copyAttributesFrom(Cookie other) {
    domain = other.domain;
    path = other.path;
    maxAge = other.maxAge;
    expires = other.expires;
    secure = other.secure;
    httpOnly = other.httpOnly;
    partitioned = other.partitioned;
    sameSite = other.sameSite;
    return this;
  }

  public String domain() {
    return domain;
  }

  /** {@code Domain}: also send the cookie to subdomains of this host. Null removes it. */
  public Cookie domain(String domain) {
    checkAttribute("Domain", domain);
    Cookie c = copy();
    c.domain = domain;
    return c;
  }

  public String path() {
    return path;
  }

  /** {@code Path}: send the cookie only under this path, such as {@code /}. Null removes it. */
  public Cookie path(String path) {
    checkAttribute("Path", path);
    Cookie c = copy();
    c.path = path;
    return c;
  }

  public Duration maxAge() {
    return maxAge;
  }

  /**
   * {@code Max-Age} in whole seconds (zero deletes the cookie; Eddy also sends the matching
   * {@code Expires} for old clients). Null makes it a browser-session cookie again.
   *
   * @throws IllegalArgumentException if negative
   * @throws IllegalStateException if {@link #expires(Instant)} is set: use one of the two
   */
  public Cookie maxAge(Duration maxAge) {
    if (maxAge != null && maxAge.isNegative()) {
      throw new IllegalArgumentException("Cookie Max-Age must not be negative, got " + maxAge);
    }
    if (maxAge != null && expires != null) {
      throw new IllegalStateException("Cookie '" + name + "' already has Expires; set Max-Age or Expires, not both");
    }
    Cookie c = copy();
    c.maxAge = maxAge;
    return c;
  }

  public Instant expires() {
    return expires;
  }

  /**
   * {@code Expires}: a point in time after which the browser drops the cookie. Null removes it.
   *
   * @throws IllegalStateException if {@link #maxAge(Duration)} is set: use one of the two
   */
  public Cookie expires(Instant expires) {
    if (expires != null && maxAge != null) {
      throw new IllegalStateException("Cookie '" + name + "' already has Max-Age; set Max-Age or Expires, not both");
    }
    Cookie c = copy();
    c.expires = expires;
    return c;
  }

  public boolean secure() {
    return secure;
  }

  /** {@code Secure}: the browser sends the cookie over HTTPS only. */
  public Cookie secure(boolean secure) {
    Cookie c = copy();
    c.secure = secure;
    return c;
  }

  public boolean httpOnly() {
    return httpOnly;
  }

  /** {@code HttpOnly}: page scripts can't read the cookie. */
  public Cookie httpOnly(boolean httpOnly) {
    Cookie c = copy();
    c.httpOnly = httpOnly;
    return c;
  }

  public SameSite sameSite() {
    return sameSite;
  }

  /** {@code SameSite}; null leaves it out (browsers then treat the cookie as {@code Lax}). */
  public Cookie sameSite(SameSite sameSite) {
    Cookie c = copy();
    c.sameSite = sameSite;
    return c;
  }

  public boolean partitioned() {
    return partitioned;
  }

  /** {@code Partitioned} (CHIPS): a third-party cookie kept per top-level site. Needs Secure. */
  public Cookie partitioned(boolean partitioned) {
    Cookie c = copy();
    c.partitioned = partitioned;
    return c;
  }

  /**
   * The {@code Set-Cookie} header value, encoded by Netty's strict RFC 6265 encoder.
   *
   * @throws IllegalStateException for attribute combinations browsers refuse (see the class doc)
   */
  public String toHeader() {
    checkCombination();
    DefaultCookie netty = new DefaultCookie(name, value);
    netty.setDomain(domain);
    netty.setPath(path);
    if (maxAge != null) {
      netty.setMaxAge(maxAge.toSeconds());
    }
    netty.setSecure(secure);
    netty.setHttpOnly(httpOnly);
    netty.setPartitioned(partitioned);
    if (sameSite != null) {
      netty.setSameSite(switch (sameSite) {
        case STRICT -> CookieHeaderNames.SameSite.Strict;
        case LAX -> CookieHeaderNames.SameSite.Lax;
        case NONE -> CookieHeaderNames.SameSite.None;
      });
    }
    String header = ServerCookieEncoder.STRICT.encode(netty);
    if (expires != null) {
      // Netty derives Expires only from Max-Age; an explicit point in time is appended here.
      header += "; Expires=" + DateFormatter.format(Date.from(expires));
    }
    return header;
  }

  private void checkCombination() {
    if (sameSite == SameSite.NONE && !secure) {
      throw new IllegalStateException("Cookie '" + name + "' has SameSite=None without Secure; browsers drop it");
    }
    if (partitioned && !secure) {
      throw new IllegalStateException("Cookie '" + name + "' is Partitioned without Secure; browsers drop it");
    }
    if (name.regionMatches(true, 0, "__Host-", 0, 7) && (!secure || domain != null || !"/".equals(path))) {
      throw new IllegalStateException("Cookie '" + name + "' has the __Host- prefix, which needs Secure, Path=/ and no Domain");
    }
    if (name.regionMatches(true, 0, "__Secure-", 0, 9) && !secure) {
      throw new IllegalStateException("Cookie '" + name + "' has the __Secure- prefix, which needs Secure");
    }
  }

  private static void checkAttribute(String attribute, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == ';' || c > 0x7e) {
        throw new IllegalArgumentException("Cookie " + attribute + " '" + value + "' has a character a cookie attribute can't carry at index " + i);
      }
    }
  }

  @Override
  public String toString() {
    return "Cookie(" + name + ")";
  }
}
