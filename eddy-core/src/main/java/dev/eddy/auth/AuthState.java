package dev.eddy.auth;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * AuthState is what the authenticators on a route tell the role checks: which challenges to send
 * with a 401, where a login page is, and which scheme authenticated the request.
 */
final class AuthState {
  private static final Key<AuthState> KEY = Key.of("eddy.auth.state");

  final List<String> challenges = new ArrayList<>(2);
  String loginPage;
  /** The challenge for a 403 when the bearer token lacks a role (RFC 6750 insufficient_scope). */
  String insufficientScope;

  static AuthState of(Context ctx) {
    AuthState s = ctx.attr(KEY);
    if (s == null) {
      s = new AuthState();
      ctx.attr(KEY, s);
    }
    return s;
  }

  void challenge(String challenge) {
    if (!challenges.contains(challenge)) {
      challenges.add(challenge);
    }
  }

  /**
   * Answers an unauthenticated request: a redirect to the login page for a page request when a
   * session authenticator named one, else 401 with every challenge the authenticators offered.
   */
  void unauthenticated(Context ctx, String message) {
    if (loginPage != null && wantsPage(ctx)) {
      ctx.redirect(loginPage, 303);
      return;
    }
    for (String c : challenges) {
      ctx.addHeader("WWW-Authenticate", c);
    }
    throw new HttpException(401, message);
  }

  /** A GET or HEAD from a browser (HTML accepted), which a redirect serves better than a 401. */
  private static boolean wantsPage(Context ctx) {
    String m = ctx.method();
    String accept = ctx.header("Accept");
    return (m.equals("GET") || m.equals("HEAD")) && (accept == null || accept.contains("text/html") || accept.contains("*/*"));
  }

  /** Quotes a value for an auth-param: {@code "..."} with quotes and backslashes escaped. */
  static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Checks a realm: printable ASCII, so it can go in a header. */
  static String checkRealm(String realm) {
    if (realm == null || realm.isEmpty()) {
      throw new IllegalArgumentException("Realm must not be empty");
    }
    for (int i = 0; i < realm.length(); i++) {
      char c = realm.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("Realm '" + realm + "' must be printable ASCII");
      }
    }
    return realm;
  }
}
