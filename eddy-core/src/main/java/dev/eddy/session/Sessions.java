package dev.eddy.session;

import dev.eddy.Context;
import dev.eddy.JsonCodec;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.cookie.Cookie;
import dev.eddy.cookie.SameSite;
import dev.eddy.cookie.SigningKeys;
import dev.eddy.internal.app.Exchange;
import dev.eddy.security.TlsPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions is the middleware that gives requests a {@link Session}, kept either on the server in
 * a {@link SessionStore} (the cookie holds only a random id) or entirely in a signed cookie:
 *
 * <pre>{@code
 * app.use(Sessions.inMemory());                                     // bounded, this process only
 * app.use(Sessions.builder().store(redisStore).build());            // shared between instances
 * app.use(Sessions.builder().signedCookies(keys).build());          // no server state, at most 4 KB
 * }</pre>
 *
 * <p><b>Expiry</b>: a session ends after {@code idleTimeout} without requests (30 minutes by
 * default) and {@code absoluteTimeout} after it began or was regenerated (8 hours), whichever
 * comes first; an expired session reads as a new, empty one.
 *
 * <p><b>Cookie</b>: {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, no {@code Max-Age}
 * (it ends with the browser session or the timeouts). On requests the {@link TlsPolicy} says came
 * over HTTPS it is also {@code Secure} and named {@code __Host-eddy_session}
 * ({@code __Secure-} when a Domain is set), which keeps subdomains and plain-HTTP pages from
 * planting one.
 *
 * <p><b>Signed-cookie sessions</b> need no server state, but can't be revoked: logging out
 * clears the browser's cookie, yet a copy taken earlier stays valid until it times out, and the
 * client can read (not change) the values. Use a store when that matters.
 *
 * <p>Register it before the routes (and the auth and CSRF middleware) that use sessions. The
 * store is called on the request's thread: keep remote stores off event-loop routes.
 */
public final class Sessions implements Middleware {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  private final SessionBackend backend;
  private final String cookieName;
  private final String domain;
  private final SameSite sameSite;
  private final TlsPolicy tls;
  private final Clock clock;

  private Sessions(Builder b, SessionBackend backend) {
    this.backend = backend;
    this.cookieName = b.cookieName;
    this.domain = b.domain;
    this.sameSite = b.sameSite;
    this.tls = b.tls;
    this.clock = b.clock;
  }

  /** Sessions in a new {@link InMemorySessionStore}, with the default settings. */
  public static Sessions inMemory() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    if (ctx.attr(Session.KEY) != null) {
      next.run(); // registered twice on one route: the outer one already serves it
      return;
    }
    Session session = new Session(this, ctx);
    ctx.attr(Session.KEY, session);
    try {
      next.run();
    } catch (Exception | Error e) {
      try {
        session.commit();
      } catch (RuntimeException saveFailed) {
        e.addSuppressed(saveFailed);
      }
      throw e;
    }
    session.commit();
  }

  @Override
  public String name() {
    return "Sessions";
  }

  SessionBackend backend() {
    return backend;
  }

  Instant now() {
    return clock.instant();
  }

  JsonCodec codec(Context ctx) {
    if (ctx instanceof Exchange ex) {
      return ex.json();
    }
    throw new IllegalStateException("Sessions need the Context Eddy made for the request, got " + ctx.getClass().getName());
  }

  /** The cookie name on this request: with a {@code __Host-}/{@code __Secure-} prefix under TLS. */
  String cookieName(Context ctx) {
    if (!tls.secure(ctx)) {
      return cookieName;
    }
    return (domain == null ? "__Host-" : "__Secure-") + cookieName;
  }

  void sendCookie(Context ctx, String name, String value) {
    set(ctx, baseCookie(ctx, name, value));
  }

  void expireCookie(Context ctx, String name) {
    set(ctx, baseCookie(ctx, name, "").maxAge(Duration.ZERO));
  }

  private Cookie baseCookie(Context ctx, String name, String value) {
    boolean secure = tls.secure(ctx);
    Cookie c = Cookie.of(name, value).path("/").httpOnly(true).domain(domain).secure(secure);
    // SameSite=None is only valid with Secure; on plain HTTP the browser default (Lax) applies.
    return sameSite == SameSite.NONE && !secure ? c : c.sameSite(sameSite);
  }

  private static void set(Context ctx, Cookie cookie) {
    if (ctx instanceof Exchange ex && ex.committed()) {
      log.warn("The session changed after the response to {} {} started; the browser did not get its cookie",
          ctx.method(), ctx.path());
      return;
    }
    ctx.addHeader("Set-Cookie", cookie.toHeader());
  }

  /** Builder configures {@link Sessions}; every setting has a safe default. */
  public static final class Builder {
    private SessionStore store;
    private SigningKeys cookieKeys;
    private String cookieName = "eddy_session";
    private String domain;
    private SameSite sameSite = SameSite.LAX;
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration absoluteTimeout = Duration.ofHours(8);
    private TlsPolicy tls = TlsPolicy.plainHttp();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Keeps sessions in {@code store} (default: a new {@link InMemorySessionStore}). */
    public Builder store(SessionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Keeps each session in its own cookie, signed with {@code keys}, instead of a store. Such a
     * session must stay under 4096 bytes as a cookie: a {@link Session#set} past that throws.
     */
    public Builder signedCookies(SigningKeys keys) {
      this.cookieKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The cookie's name without prefix (default {@code eddy_session}). */
    public Builder cookieName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.startsWith("__")) {
        throw new IllegalArgumentException("Give the session cookie name without a __Host-/__Secure- prefix; Eddy adds it under TLS");
      }
      Cookie.of(name, "x"); // checks that it is a cookie name
      this.cookieName = name;
      return this;
    }

    /** The cookie's {@code Domain} (default none: this host only, which is safest). */
    public Builder domain(String domain) {
      Cookie.of("d", "x").domain(domain); // checks the characters
      this.domain = domain;
      return this;
    }

    /** The cookie's {@code SameSite} (default {@link SameSite#LAX}). */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /** How long a session lives without requests (default 30 minutes). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** How long a session lives at most after it began or was regenerated (default 8 hours). */
    public Builder absoluteTimeout(Duration timeout) {
      this.absoluteTimeout = positive(timeout, "absoluteTimeout");
      return this;
    }

    /** Which requests count as HTTPS, for {@code Secure} and the name prefix (default none). */
    public Builder tls(TlsPolicy tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** The clock for timeouts (default UTC system clock); give a store made here the same one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The middleware.
     *
     * @throws IllegalStateException if both a store and signed cookies were chosen
     */
    public Sessions build() {
      if (store != null && cookieKeys != null) {
        throw new IllegalStateException("Choose a session store or signed cookies, not both");
      }
      SessionBackend backend = cookieKeys != null
          ? new CookieBackend(cookieKeys, idleTimeout, absoluteTimeout)
          : new StoreBackend(store != null ? store : new InMemorySessionStore(InMemorySessionStore.DEFAULT_MAX_SESSIONS, clock),
              idleTimeout, absoluteTimeout);
      return new Sessions(this, backend);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero() || d.toSeconds() < 1) {
        throw new IllegalArgumentException(what + " must be at least one second, got " + d);
      }
      return d;
    }
  }
}
