package dev.eddy.security;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.cookie.Cookie;
import dev.eddy.cookie.Cookies;
import dev.eddy.cookie.SameSite;
import dev.eddy.cookie.SigningKeys;
import dev.eddy.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Csrf is middleware against cross-site request forgery. Requests with an unsafe method (anything
 * but GET, HEAD, OPTIONS, TRACE) must pass two checks, else they get 403 with the reason:
 *
 * <ol>
 *   <li><b>Where from</b>: an {@code Origin} header must be this site's own origin (scheme from
 *       the {@link TlsPolicy}, host from {@code Host}) or a {@link Builder#trustedOrigins trusted}
 *       one; {@code Origin: null} is refused unless {@code Sec-Fetch-Site} is {@code same-origin}
 *       (a same-origin form on a {@code Referrer-Policy: no-referrer} page). Without {@code Origin}, a
 *       {@code Sec-Fetch-Site} of {@code cross-site} or {@code same-site} is refused.
 *   <li><b>A token</b>, in the {@code X-CSRF-Token} header or the {@code _csrf} form field
 *       (urlencoded or multipart), that matches the secret of this browser: kept in the
 *       {@link Session} ({@link #sessionTokens()}, the synchronizer pattern) or in a signed,
 *       HttpOnly cookie ({@link #signedCookie}, the signed double-submit pattern, no session
 *       needed).
 * </ol>
 *
 * Pages get a token with {@link #token(Context)} for a hidden field or a {@code <meta>} tag;
 * each call gives a differently masked token of the same secret, all valid. Routes whose callers
 * authenticate without cookies (a bearer-token API) can be exempted by prefix or predicate.
 *
 * <pre>{@code
 * app.use(Sessions.inMemory());
 * app.use(Csrf.sessionTokens().exempt("/api").build());
 * app.get("/form", ctx -> ctx.html("<form method=post><input type=hidden name=_csrf value=\"" + Csrf.token(ctx) + "\">..."));
 * }</pre>
 *
 * The double-submit cookie is not tied to a session: a site that can set cookies for this host
 * (a sibling subdomain, over plain HTTP) could plant its own pair. Under TLS its name carries the
 * {@code __Host-} prefix, which stops that; prefer {@link #sessionTokens()} where there are
 * sessions.
 */
public final class Csrf implements Middleware {
  private static final Key<Csrf> ACTIVE = Key.of("eddy.csrf");
  private static final Key<String> SECRET = Key.of("eddy.csrf.secret");
  private static final String SESSION_ATTRIBUTE = "eddy.csrf";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final SigningKeys cookieKeys;
  private final String cookieName;
  private final String headerName;
  private final String fieldName;
  private final List<String> exemptPrefixes;
  private final Predicate<Context> exemptIf;
  private final Set<String> trustedOrigins;
  private final TlsPolicy tls;

  private Csrf(Builder b) {
    this.cookieKeys = b.cookieKeys;
    this.cookieName = b.cookieName;
    this.headerName = b.headerName;
    this.fieldName = b.fieldName;
    this.exemptPrefixes = List.copyOf(b.exemptPrefixes);
    this.exemptIf = b.exemptIf;
    this.trustedOrigins = Set.copyOf(b.trustedOrigins);
    this.tls = b.tls;
  }

  /** Tokens whose secret lives in the {@link Session}; needs the Sessions middleware outside. */
  public static Builder sessionTokens() {
    return new Builder(null);
  }

  /** Tokens whose secret lives in a cookie signed with {@code keys}; no session needed. */
  public static Builder signedCookie(SigningKeys keys) {
    return new Builder(Objects.requireNonNull(keys, "keys"));
  }

  /**
   * A token for this request's page (a hidden {@code _csrf} field or an {@code X-CSRF-Token}
   * header sent by script). Creates the secret if the browser has none yet.
   *
   * @throws IllegalStateException if no Csrf middleware wraps the route
   */
  public static String token(Context ctx) {
    Csrf csrf = ctx.attr(ACTIVE);
    if (csrf == null) {
      throw new IllegalStateException("No CSRF protection on " + ctx.method() + " " + ctx.path()
          + ": register Csrf middleware before the routes whose pages need a token");
    }
    return CsrfTokens.mask(CsrfTokens.secretBytes(csrf.secret(ctx, true)));
  }

  /** The form field this middleware reads the token from (default {@code _csrf}). */
  public String fieldName() {
    return fieldName;
  }

  /** The header this middleware reads the token from (default {@code X-CSRF-Token}). */
  public String headerName() {
    return headerName;
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    ctx.attr(ACTIVE, this);
    if (!SAFE.contains(ctx.method()) && !exempt(ctx)) {
      checkSource(ctx);
      checkToken(ctx);
    }
    next.run();
  }

  private boolean exempt(Context ctx) {
    String path = ctx.path();
    for (String p : exemptPrefixes) {
      if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/')) {
        return true;
      }
    }
    return exemptIf != null && exemptIf.test(ctx);
  }

  private void checkSource(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin != null) {
      String o = origin.strip().toLowerCase(Locale.ROOT);
      if (o.equals("null")) {
        // Browsers also send Origin: null on a same-origin form POST from a page whose
        // Referrer-Policy is no-referrer (as SecurityHeaders.defaults() sets); Sec-Fetch-Site,
        // which pages can't set, tells that apart from a sandboxed or cross-site opaque origin.
        if (!"same-origin".equalsIgnoreCase(String.valueOf(ctx.header("Sec-Fetch-Site")).strip())) {
          throw new HttpException(403, "CSRF: request from an opaque origin (Origin: null) refused");
        }
        return;
      }
      if (!o.equals(ownOrigin(ctx)) && !trustedOrigins.contains(o)) {
        throw new HttpException(403, "CSRF: cross-origin request from " + origin + " refused");
      }
      return;
    }
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
      throw new HttpException(403, "CSRF: " + site.toLowerCase(Locale.ROOT) + " request refused (Sec-Fetch-Site)");
    }
  }

  private String ownOrigin(Context ctx) {
    String host = ctx.header("Host");
    return (tls.secure(ctx) ? "https://" : "http://") + (host == null ? "" : host.strip().toLowerCase(Locale.ROOT));
  }

  private void checkToken(Context ctx) {
    String token = ctx.header(headerName);
    if (token == null) {
      token = FormField.read(ctx, fieldName);
    }
    if (token == null || token.isEmpty()) {
      throw new HttpException(403, "CSRF: token missing; send it in the " + headerName + " header or the "
          + fieldName + " form field");
    }
    String secret = secret(ctx, false);
    byte[] bytes = secret == null ? null : CsrfTokens.secretBytes(secret);
    if (bytes == null) {
      throw new HttpException(403, "CSRF: no token was issued to this browser (or its session expired); reload the page");
    }
    if (!CsrfTokens.matches(token.strip(), bytes)) {
      throw new HttpException(403, "CSRF: token invalid");
    }
  }

  /** This browser's secret; with {@code create}, made (and stored) if there is none. */
  private String secret(Context ctx, boolean create) {
    String cached = ctx.attr(SECRET);
    if (cached != null) {
      return cached;
    }
    String secret;
    if (cookieKeys == null) {
      Session session = Session.of(ctx);
      secret = session.get(SESSION_ATTRIBUTE, String.class);
      if (CsrfTokens.secretBytes(secret) == null && create) {
        secret = CsrfTokens.newSecret();
        session.set(SESSION_ATTRIBUTE, secret);
      }
    } else {
      String name = cookieName(ctx);
      secret = Cookies.of(ctx).signed(name, cookieKeys);
      if (CsrfTokens.secretBytes(secret) == null && create) {
        secret = CsrfTokens.newSecret();
        boolean secure = tls.secure(ctx);
        Cookies.of(ctx).setSigned(Cookie.of(name, secret).path("/").httpOnly(true).secure(secure)
            .sameSite(SameSite.STRICT), cookieKeys);
      }
    }
    if (CsrfTokens.secretBytes(secret) == null) {
      return null;
    }
    ctx.attr(SECRET, secret);
    return secret;
  }

  private String cookieName(Context ctx) {
    return tls.secure(ctx) ? "__Host-" + cookieName : cookieName;
  }

  @Override
  public String name() {
    return "Csrf";
  }

  /** Builder configures {@link Csrf}. */
  public static final class Builder {
    private final SigningKeys cookieKeys;
    private String cookieName = "eddy_csrf";
    private String headerName = "X-CSRF-Token";
    private String fieldName = "_csrf";
    private final List<String> exemptPrefixes = new ArrayList<>();
    private Predicate<Context> exemptIf;
    private final Set<String> trustedOrigins = new LinkedHashSet<>();
    private TlsPolicy tls = TlsPolicy.plainHttp();

    private Builder(SigningKeys cookieKeys) {
      this.cookieKeys = cookieKeys;
    }

    /** Skips the checks for paths under {@code prefix} (such as {@code /api} for a token API). */
    public Builder exempt(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))) {
        throw new IllegalArgumentException("CSRF exemption '" + prefix + "' must be a path prefix like /api");
      }
      exemptPrefixes.add(prefix.equals("/") ? "" : prefix);
      return this;
    }

    /** Skips the checks for requests the predicate accepts. */
    public Builder exemptIf(Predicate<Context> predicate) {
      Predicate<Context> p = Objects.requireNonNull(predicate, "predicate");
      exemptIf = exemptIf == null ? p : exemptIf.or(p);
      return this;
    }

    /** Origins besides this site's own that may send unsafe requests (another front end of yours). */
    public Builder trustedOrigins(String... origins) {
      for (String o : origins) {
        trustedOrigins.add(Objects.requireNonNull(o, "origin").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** The header that carries the token (default {@code X-CSRF-Token}). */
    public Builder headerName(String name) {
      this.headerName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The form field that carries the token (default {@code _csrf}). */
    public Builder fieldName(String name) {
      this.fieldName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The double-submit cookie's name (default {@code eddy_csrf}; {@code __Host-} is added under TLS). */
    public Builder cookieName(String name) {
      Cookie.of(name, "x");
      this.cookieName = name;
      return this;
    }

    /** Which requests are HTTPS: for the own origin's scheme and the cookie's Secure prefix. */
    public Builder tls(TlsPolicy tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    public Csrf build() {
      return new Csrf(this);
    }
  }
}
