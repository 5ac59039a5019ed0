package dev.eddy.security;

import dev.eddy.Context;
import dev.eddy.Key;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.internal.app.Exchange;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * SecurityHeaders is middleware that puts the OWASP secure-headers set on every response:
 *
 * <pre>
 * Content-Security-Policy: default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'
 * X-Content-Type-Options: nosniff
 * X-Frame-Options: DENY
 * Referrer-Policy: no-referrer
 * Cross-Origin-Opener-Policy: same-origin
 * Cross-Origin-Resource-Policy: same-origin
 * Permissions-Policy: accelerometer=(), browsing-topics=(), camera=(), geolocation=(), ...
 * X-Permitted-Cross-Domain-Policies: none
 * Strict-Transport-Security: max-age=31536000; includeSubDomains      (only on HTTPS requests)
 * </pre>
 *
 * HSTS goes only on requests its {@link TlsPolicy} calls HTTPS (browsers ignore it over HTTP, and
 * sending it from a plain-HTTP development server would pin the host to HTTPS).
 *
 * <p>Each header can be changed or dropped: for the app with {@link #set} and {@link #remove}
 * ({@code app.use(SecurityHeaders.defaults().contentSecurityPolicy("default-src 'self' cdn.example"))});
 * for a router or prefix by registering another SecurityHeaders there, which replaces the outer
 * set on its routes; for one response from the handler, with {@code ctx.header(name, value)} or
 * {@link #omit}. The headers are set before the handler runs, so they are on error responses and
 * streams too. Instances are immutable.
 */
public final class SecurityHeaders implements Middleware {
  private static final Key<SecurityHeaders> APPLIED = Key.of("eddy.securityHeaders");
  private static final String HSTS = "Strict-Transport-Security";

  /** Lower-case name to (name as given, value). */
  private final Map<String, Map.Entry<String, String>> headers;
  private final String hsts;
  private final TlsPolicy tls;

  private SecurityHeaders(Map<String, Map.Entry<String, String>> headers, String hsts, TlsPolicy tls) {
    this.headers = headers;
    this.hsts = hsts;
    this.tls = tls;
  }

  /** The default set above, with no HTTPS requests (give a {@link #tls} policy for HSTS). */
  public static SecurityHeaders defaults() {
    Map<String, Map.Entry<String, String>> h = new LinkedHashMap<>();
    put(h, "Content-Security-Policy",
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'");
    put(h, "X-Content-Type-Options", "nosniff");
    put(h, "X-Frame-Options", "DENY");
    put(h, "Referrer-Policy", "no-referrer");
    put(h, "Cross-Origin-Opener-Policy", "same-origin");
    put(h, "Cross-Origin-Resource-Policy", "same-origin");
    put(h, "Permissions-Policy", "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), "
        + "geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        + "serial=(), usb=(), xr-spatial-tracking=()");
    put(h, "X-Permitted-Cross-Domain-Policies", "none");
    return new SecurityHeaders(Collections.unmodifiableMap(h), "max-age=31536000; includeSubDomains", TlsPolicy.plainHttp());
  }

  /** An empty set, to build up with {@link #set}. */
  public static SecurityHeaders none() {
    return new SecurityHeaders(Map.of(), null, TlsPolicy.plainHttp());
  }

  /**
   * A copy that sends {@code name: value} (replacing the default of that name).
   *
   * @throws IllegalArgumentException if the name is not a header token or the value has line breaks or controls
   */
  public SecurityHeaders set(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || HttpHeaderValidationUtil.validateToken(name) != -1) {
      throw new IllegalArgumentException("Invalid header name '" + name + "'");
    }
    if (HttpHeaderValidationUtil.validateValidHeaderValue(value) != -1) {
      throw new IllegalArgumentException("Invalid character in the value of header '" + name + "'");
    }
    if (name.equalsIgnoreCase(HSTS)) {
      return new SecurityHeaders(headers, value, tls);
    }
    Map<String, Map.Entry<String, String>> h = new LinkedHashMap<>(headers);
    put(h, name, value);
    return new SecurityHeaders(Collections.unmodifiableMap(h), hsts, tls);
  }

  /** A copy that does not send {@code name}. */
  public SecurityHeaders remove(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equalsIgnoreCase(HSTS)) {
      return new SecurityHeaders(headers, null, tls);
    }
    Map<String, Map.Entry<String, String>> h = new LinkedHashMap<>(headers);
    h.remove(name.toLowerCase(Locale.ROOT));
    return new SecurityHeaders(Collections.unmodifiableMap(h), hsts, tls);
  }

  /** A copy with this {@code Content-Security-Policy}. */
  public SecurityHeaders contentSecurityPolicy(String policy) {
    return set("Content-Security-Policy", policy);
  }

  /**
   * A copy whose HSTS header (sent on HTTPS requests only) says {@code maxAge},
   * {@code includeSubDomains} and {@code preload} as given.
   */
  public SecurityHeaders hsts(Duration maxAge, boolean includeSubDomains, boolean preload) {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("HSTS max-age must not be negative, got " + maxAge);
    }
    String value = "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "") + (preload ? "; preload" : "");
    return new SecurityHeaders(headers, value, tls);
  }

  /** A copy that tells HTTPS requests by {@code tls} (for HSTS). */
  public SecurityHeaders tls(TlsPolicy tls) {
    return new SecurityHeaders(headers, hsts, Objects.requireNonNull(tls, "tls"));
  }

  /** The headers sent on every response, HSTS aside: name to value. */
  public Map<String, String> headers() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.values().forEach(e -> out.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Drops header {@code name} from this response, for a handler that needs, say, to be framed.
   *
   * @throws IllegalStateException once the response has started
   */
  public static void omit(Context ctx, String name) {
    exchange(ctx).removeHeader(name);
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    SecurityHeaders outer = ctx.attr(APPLIED);
    if (outer != null && outer != this) {
      // A router's own set replaces the app's: drop what this one does not send.
      Exchange ex = exchange(ctx);
      for (String lower : outer.headers.keySet()) {
        if (!headers.containsKey(lower)) {
          ex.removeHeader(lower);
        }
      }
      if (hsts == null) {
        ex.removeHeader(HSTS);
      }
    }
    for (Map.Entry<String, String> e : headers.values()) {
      ctx.header(e.getKey(), e.getValue());
    }
    if (hsts != null && tls.secure(ctx)) {
      ctx.header(HSTS, hsts);
    }
    ctx.attr(APPLIED, this);
    next.run();
  }

  @Override
  public String name() {
    return "SecurityHeaders";
  }

  private static void put(Map<String, Map.Entry<String, String>> h, String name, String value) {
    h.put(name.toLowerCase(Locale.ROOT), Map.entry(name, value));
  }

  private static Exchange exchange(Context ctx) {
    if (ctx instanceof Exchange ex) {
      return ex;
    }
    throw new IllegalStateException("SecurityHeaders need the Context Eddy made for the request, got " + ctx.getClass().getName());
  }
}
