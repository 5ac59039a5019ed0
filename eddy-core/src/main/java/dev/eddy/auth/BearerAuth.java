package dev.eddy.auth;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.Next;
import java.util.Objects;

/**
 * BearerAuth authenticates requests with a bearer token in the {@code Authorization} header
 * (RFC 6750 2.1), checked by a {@link Verifier}. Made by {@link Auth#bearer}.
 *
 * <ul>
 *   <li>a valid token: the verifier's {@link Principal} goes on the request;
 *   <li>an invalid or expired token: 401 with
 *       {@code WWW-Authenticate: Bearer realm="...", error="invalid_token"};
 *   <li>a malformed header ({@code Bearer} without a token, or characters outside b64token): 400
 *       with {@code error="invalid_request"};
 *   <li>no token: 401 with {@code Bearer realm="..."} (no error code, as the RFC asks), unless
 *       {@link #optional()} or an earlier authenticator already set a principal.
 * </ul>
 *
 * A token-holder lacking a role that {@link Auth#requireRole} asks for gets 403 with
 * {@code error="insufficient_scope"}. Tokens in query strings or form bodies are not read: they
 * end up in logs.
 */
public final class BearerAuth implements Middleware {
  /** Verifier checks a token; returns the principal, or null if the token is invalid or expired. */
  @FunctionalInterface
  public interface Verifier {
    Principal verify(String token) throws Exception;
  }

  private final String realmParam;
  private final Verifier verifier;
  private final boolean required;

  BearerAuth(String realm, Verifier verifier, boolean required) {
    this.realmParam = "realm=" + AuthState.quoted(AuthState.checkRealm(realm));
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.required = required;
  }

  private BearerAuth(BearerAuth other, boolean required) {
    this.realmParam = other.realmParam;
    this.verifier = other.verifier;
    this.required = required;
  }

  /** The same authenticator, but requests without a token go on unauthenticated. */
  public BearerAuth optional() {
    return new BearerAuth(this, false);
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    AuthState state = AuthState.of(ctx);
    state.challenge("Bearer " + realmParam);
    String token = Schemes.credentials(ctx.header("Authorization"), "Bearer");
    if (token == null) {
      if (required && Principal.of(ctx) == null) {
        state.unauthenticated(ctx, "Authentication required");
        return;
      }
      next.run();
      return;
    }
    if (!isB64Token(token)) {
      ctx.addHeader("WWW-Authenticate", "Bearer " + realmParam + ", error=\"invalid_request\"");
      throw new HttpException(400, "Malformed bearer token");
    }
    Principal p = verifier.verify(token);
    if (p == null) {
      ctx.addHeader("WWW-Authenticate", "Bearer " + realmParam
          + ", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
      throw new HttpException(401, "Invalid or expired token");
    }
    ctx.attr(Principal.KEY, p);
    state.insufficientScope = "Bearer " + realmParam + ", error=\"insufficient_scope\"";
    next.run();
  }

  /** RFC 6750's b64token: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
  static boolean isB64Token(String s) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
      if (!ok) {
        break;
      }
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < n && s.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  @Override
  public String name() {
    return "BearerAuth";
  }
}
