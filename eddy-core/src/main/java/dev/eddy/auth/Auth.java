package dev.eddy.auth;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.session.Session;
import java.util.List;
import java.util.Objects;

/**
 * Auth makes the authentication and authorization middleware, and logs users in and out of
 * sessions:
 *
 * <pre>{@code
 * app.use("/api", Auth.bearer("api", tokens::principalFor));          // who: 401 without a valid token
 * app.use("/api/admin", Auth.requireRole("admin"));                  // may they: 403 if not
 * app.get("/api/report", Auth.requireRole("auditor").around(ctx -> ...));   // one route
 *
 * app.use(Sessions.inMemory());
 * app.use("/account", Auth.session().loginPage("/login"));
 * app.post("/login", ctx -> { ...check...; Auth.login(ctx, Principal.withRoles("ada", "user")); ... });
 * app.post("/logout", ctx -> { Auth.logout(ctx); ctx.redirect("/", 303); });
 * }</pre>
 *
 * <p><b>401 versus 403</b>: a request that is not authenticated gets 401 with the challenges of
 * the authenticators on its route (or a redirect to the login page); an authenticated one that
 * lacks a role gets 403. Authenticators run outside (before) the role checks; several can share
 * a route when made {@code optional()}, the first to succeed wins.
 */
public final class Auth {
  private Auth() {}

  /** HTTP Basic authentication (RFC 7617), required unless made {@link BasicAuth#optional()}. */
  public static BasicAuth basic(String realm, BasicAuth.Verifier verifier) {
    return new BasicAuth(realm, verifier, true);
  }

  /** Bearer-token authentication (RFC 6750), required unless made {@link BearerAuth#optional()}. */
  public static BearerAuth bearer(String realm, BearerAuth.Verifier verifier) {
    return new BearerAuth(realm, verifier, true);
  }

  /** Session-login authentication, required unless made {@link SessionAuth#optional()}. */
  public static SessionAuth session() {
    return new SessionAuth(null, true);
  }

  /** 401 unless the request is authenticated. */
  public static Middleware authenticated() {
    return Middleware.named("Auth.authenticated", (ctx, next) -> {
      if (Principal.of(ctx) == null) {
        AuthState.of(ctx).unauthenticated(ctx, "Authentication required");
        return;
      }
      next.run();
    });
  }

  /** 401 unless authenticated, 403 unless the principal has {@code role}. */
  public static Middleware requireRole(String role) {
    return requireAnyRole(role);
  }

  /** 401 unless authenticated, 403 unless the principal has at least one of {@code roles}. */
  public static Middleware requireAnyRole(String... roles) {
    List<String> wanted = List.of(roles);
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("Name at least one role");
    }
    String described = String.join(" or ", wanted);
    return Middleware.named("Auth.requireRole(" + described + ")", (ctx, next) -> {
      Principal p = Principal.of(ctx);
      if (p == null) {
        AuthState.of(ctx).unauthenticated(ctx, "Authentication required");
        return;
      }
      for (String r : wanted) {
        if (p.hasRole(r)) {
          next.run();
          return;
        }
      }
      String scope = AuthState.of(ctx).insufficientScope;
      if (scope != null) {
        ctx.addHeader("WWW-Authenticate", scope);
      }
      throw new HttpException(403, "Forbidden: needs role " + described);
    });
  }

  /**
   * Logs {@code principal} in: regenerates the session (a new id, so an id planted before login
   * is worthless), stores the principal in it and puts it on this request. Needs
   * {@link dev.eddy.session.Sessions}.
   */
  public static void login(Context ctx, Principal principal) {
    Objects.requireNonNull(principal, "principal");
    Session session = Session.of(ctx);
    session.regenerate();
    session.set(SessionAuth.ATTRIBUTE, principal);
    ctx.attr(Principal.KEY, principal);
  }

  /** Logs out: invalidates the session (deleted from the store, cookie cleared). */
  public static void logout(Context ctx) {
    Session.of(ctx).invalidate();
    ctx.attr(Principal.KEY, null);
  }
}
