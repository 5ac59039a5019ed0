package dev.eddy.security;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.Next;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Cors is middleware for cross-origin resource sharing (the Fetch standard's CORS protocol):
 *
 * <pre>{@code
 * app.use("/api", Cors.builder()
 *     .allowOrigins("https://app.example", "https://admin.example")
 *     .allowMethods("GET", "POST", "DELETE")
 *     .allowHeaders("Content-Type", "Authorization")
 *     .allowCredentials(true)
 *     .maxAge(Duration.ofHours(1))
 *     .build());
 * }</pre>
 *
 * <ul>
 *   <li><b>Preflights</b> ({@code OPTIONS} with {@code Origin} and
 *       {@code Access-Control-Request-Method}) are answered here, with 204, whether or not an
 *       OPTIONS route exists; one for an origin, method or header not allowed gets 403 with no
 *       CORS headers, saying which.
 *   <li><b>Other requests</b> from an allowed origin get {@code Access-Control-Allow-Origin} (the
 *       origin itself, or {@code *} for {@link Builder#allowAnyOrigin()} without credentials) and
 *       the exposed headers; from other origins, no CORS headers, so the browser withholds the
 *       response from the page. The request itself still runs: CORS protects reading, CSRF
 *       defences protect writing.
 *   <li>{@code Vary: Origin} is on every response, so caches keep answers per origin.
 * </ul>
 *
 * An origin is compared as the browser sends it: scheme, host and port other than the default,
 * lower case, such as {@code https://app.example:8443}. The {@code null} origin (sandboxed frames,
 * {@code file:} pages) is never allowed by a list. Register Cors with {@code app.use} (the app or
 * a prefix) so it also sees preflights for paths with no OPTIONS route, and before auth, which
 * would refuse a preflight (it carries no credentials).
 */
public final class Cors implements Middleware {
  private static final Set<String> SAFELISTED_HEADERS = Set.of("accept", "accept-language", "content-language", "content-type", "range");

  private final Set<String> origins;
  private final Predicate<String> originPredicate;
  private final boolean anyOrigin;
  private final Set<String> methods;
  private final Set<String> headers;
  private final String exposed;
  private final boolean credentials;
  private final Duration maxAge;

  private Cors(Builder b) {
    this.origins = Set.copyOf(b.origins);
    this.originPredicate = b.originPredicate;
    this.anyOrigin = b.anyOrigin;
    this.methods = new LinkedHashSet<>(b.methods);
    this.headers = new LinkedHashSet<>(b.headers);
    this.exposed = String.join(", ", b.exposed);
    this.credentials = b.credentials;
    this.maxAge = b.maxAge;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    String origin = ctx.header("Origin");
    ctx.addHeader("Vary", "Origin");
    String requestedMethod = ctx.header("Access-Control-Request-Method");
    if (origin != null && ctx.method().equals("OPTIONS") && requestedMethod != null) {
      preflight(ctx, origin, requestedMethod);
      return;
    }
    if (origin != null && allows(origin)) {
      ctx.header("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin);
      if (credentials) {
        ctx.header("Access-Control-Allow-Credentials", "true");
      }
      if (!exposed.isEmpty()) {
        ctx.header("Access-Control-Expose-Headers", exposed);
      }
    }
    next.run();
  }

  private void preflight(Context ctx, String origin, String method) {
    ctx.addHeader("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
    if (!allows(origin)) {
      throw new HttpException(403, "CORS: origin " + origin + " is not allowed");
    }
    if (!methods.contains(method)) {
      throw new HttpException(403, "CORS: method " + method + " is not allowed from " + origin);
    }
    List<String> asked = requestedHeaders(ctx.header("Access-Control-Request-Headers"));
    for (String h : asked) {
      if (!headers.contains(h) && !SAFELISTED_HEADERS.contains(h)) {
        throw new HttpException(403, "CORS: request header " + h + " is not allowed from " + origin);
      }
    }
    ctx.header("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin);
    if (credentials) {
      ctx.header("Access-Control-Allow-Credentials", "true");
    }
    ctx.header("Access-Control-Allow-Methods", String.join(", ", methods));
    if (!asked.isEmpty()) {
      ctx.header("Access-Control-Allow-Headers", String.join(", ", asked));
    }
    if (maxAge != null) {
      ctx.header("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
    }
    ctx.status(204);
  }

  private boolean allows(String origin) {
    if (anyOrigin) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    if (origins.contains(o)) {
      return true;
    }
    return originPredicate != null && !o.equals("null") && originPredicate.test(o);
  }

  private static List<String> requestedHeaders(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",")) {
      String h = part.strip().toLowerCase(Locale.ROOT);
      if (!h.isEmpty()) {
        out.add(h);
      }
    }
    return out;
  }

  @Override
  public String name() {
    return "Cors";
  }

  /** Builder configures {@link Cors}. Nothing is allowed until configured. */
  public static final class Builder {
    private final Set<String> origins = new LinkedHashSet<>();
    private Predicate<String> originPredicate;
    private boolean anyOrigin;
    private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
    private final Set<String> headers = new LinkedHashSet<>();
    private final Set<String> exposed = new LinkedHashSet<>();
    private boolean credentials;
    private Duration maxAge;

    private Builder() {}

    /**
     * Allows these exact origins ({@code https://app.example}, with a port if not the default).
     *
     * @throws IllegalArgumentException for {@code *}, {@code null}, or anything not a bare origin
     */
    public Builder allowOrigins(String... origins) {
      for (String o : origins) {
        this.origins.add(checkOrigin(o));
      }
      return this;
    }

    /**
     * Allows origins the predicate accepts (given lower case), such as every subdomain of a
     * site. The predicate is the whole check: with credentials, a sloppy one lets other sites
     * read your users' data.
     */
    public Builder allowOriginIf(Predicate<String> predicate) {
      this.originPredicate = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /** Allows every origin, answering {@code Access-Control-Allow-Origin: *}: for public data. */
    public Builder allowAnyOrigin() {
      this.anyOrigin = true;
      return this;
    }

    /** The methods cross-origin requests may use (default GET, HEAD, POST). Replaces the list. */
    public Builder allowMethods(String... methods) {
      this.methods.clear();
      for (String m : methods) {
        if (m.isEmpty() || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
          throw new IllegalArgumentException("CORS method '" + m + "' must be an upper-case method name");
        }
        this.methods.add(m);
      }
      return this;
    }

    /** Request headers cross-origin requests may send beyond the safelisted ones. */
    public Builder allowHeaders(String... headers) {
      for (String h : headers) {
        this.headers.add(checkToken(h).toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Response headers the page may read beyond the safelisted ones. */
    public Builder exposeHeaders(String... headers) {
      for (String h : headers) {
        this.exposed.add(checkToken(h));
      }
      return this;
    }

    /** Whether the page may send cookies and read credentialed responses (default false). */
    public Builder allowCredentials(boolean allow) {
      this.credentials = allow;
      return this;
    }

    /** How long browsers may cache a preflight answer (default: their own, 5 s in Chrome). */
    public Builder maxAge(Duration maxAge) {
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("CORS max-age must not be negative, got " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * The middleware.
     *
     * @throws IllegalStateException if no origin is allowed, or any origin is allowed together
     *     with credentials (every site could then read your users' data)
     */
    public Cors build() {
      if (anyOrigin && credentials) {
        throw new IllegalStateException("CORS: allowAnyOrigin() with allowCredentials(true) would let every site"
            + " read responses with your users' cookies; list the origins or give a predicate instead");
      }
      if (anyOrigin && (!origins.isEmpty() || originPredicate != null)) {
        throw new IllegalStateException("CORS: allowAnyOrigin() makes the origin list and predicate pointless; use one");
      }
      if (!anyOrigin && origins.isEmpty() && originPredicate == null) {
        throw new IllegalStateException("CORS: no origin is allowed; call allowOrigins, allowOriginIf or allowAnyOrigin");
      }
      if (methods.isEmpty()) {
        throw new IllegalStateException("CORS: no method is allowed");
      }
      return new Cors(this);
    }

    private static String checkOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      if (origin.equals("*")) {
        throw new IllegalArgumentException("CORS: use allowAnyOrigin() for '*', not allowOrigins");
      }
      if (origin.equalsIgnoreCase("null")) {
        throw new IllegalArgumentException("CORS: the 'null' origin is shared by sandboxed frames and local files of any site; it can't be allowed");
      }
      try {
        URI u = new URI(origin);
        boolean bare = u.getScheme() != null && u.getHost() != null && u.getRawUserInfo() == null
            && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null && u.getRawFragment() == null;
        if (!bare) {
          throw new IllegalArgumentException("CORS origin '" + origin + "' must be scheme://host[:port], with no path or trailing slash");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("CORS origin '" + origin + "' is not a URI: " + e.getMessage(), e);
      }
      return origin.toLowerCase(Locale.ROOT);
    }

    private static String checkToken(String header) {
      if (header == null || header.isEmpty() || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
        throw new IllegalArgumentException("'" + header + "' is not a header name");
      }
      return header;
    }
  }
}
