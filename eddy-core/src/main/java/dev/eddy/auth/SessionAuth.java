package dev.eddy.auth;

import dev.eddy.Context;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.session.Session;
import java.util.Objects;

/**
 * SessionAuth authenticates requests by the principal that {@link Auth#login} stored in the
 * {@link Session}; it needs the {@link dev.eddy.session.Sessions} middleware outside it. Made by
 * {@link Auth#session}.
 *
 * <p>Without a logged-in principal a request gets 401 (no challenge header: there is no HTTP
 * scheme for a login form), or, with {@link #loginPage}, a browser's GET is redirected there
 * (303); {@link #optional()} lets it go on unauthenticated instead.
 */
public final class SessionAuth implements Middleware {
  /** The session attribute that holds the logged-in principal. */
  static final String ATTRIBUTE = "eddy.principal";

  private final String loginPage;
  private final boolean required;

  SessionAuth(String loginPage, boolean required) {
    this.loginPage = loginPage;
    this.required = required;
  }

  /** Redirects unauthenticated page requests (GET/HEAD accepting HTML) to {@code path}. */
  public SessionAuth loginPage(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("Login page must be a path on this site, such as /login; got '" + path + "'");
    }
    return new SessionAuth(path, required);
  }

  /** The same authenticator, but requests without a login go on unauthenticated. */
  public SessionAuth optional() {
    return new SessionAuth(loginPage, false);
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    AuthState state = AuthState.of(ctx);
    if (loginPage != null) {
      state.loginPage = loginPage;
    }
    if (Principal.of(ctx) == null) {
      Principal p = Session.of(ctx).get(ATTRIBUTE, Principal.class);
      if (p != null) {
        ctx.attr(Principal.KEY, p);
      } else if (required) {
        state.unauthenticated(ctx, "Log in first");
        return;
      }
    }
    next.run();
  }

  @Override
  public String name() {
    return "SessionAuth";
  }
}
