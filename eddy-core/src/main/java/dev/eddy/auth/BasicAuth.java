package dev.eddy.auth;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.Next;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * BasicAuth authenticates requests with HTTP Basic credentials (RFC 7617), checked by a
 * {@link Verifier}. Made by {@link Auth#basic}.
 *
 * <ul>
 *   <li>valid credentials: the verifier's {@link Principal} goes on the request;
 *   <li>wrong credentials: 401 with {@code WWW-Authenticate: Basic realm="...", charset="UTF-8"};
 *   <li>malformed credentials (not Base64, not UTF-8, no colon): 400;
 *   <li>no credentials: 401 with the challenge, unless {@link #optional()} or an earlier
 *       authenticator already set a principal; then the request goes on.
 * </ul>
 *
 * Only over HTTPS in production: Basic sends the password with every request.
 */
public final class BasicAuth implements Middleware {
  /** Verifier checks a username and password; returns the principal, or null if they are wrong. */
  @FunctionalInterface
  public interface Verifier {
    Principal verify(String username, String password) throws Exception;
  }

  private final String challenge;
  private final Verifier verifier;
  private final boolean required;

  BasicAuth(String realm, Verifier verifier, boolean required) {
    this.challenge = "Basic realm=" + AuthState.quoted(AuthState.checkRealm(realm)) + ", charset=\"UTF-8\"";
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.required = required;
  }

  private BasicAuth(BasicAuth other, boolean required) {
    this.challenge = other.challenge;
    this.verifier = other.verifier;
    this.required = required;
  }

  /** The same authenticator, but requests without credentials go on unauthenticated. */
  public BasicAuth optional() {
    return new BasicAuth(this, false);
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    AuthState state = AuthState.of(ctx);
    state.challenge(challenge);
    String credentials = Schemes.credentials(ctx.header("Authorization"), "Basic");
    if (credentials == null) {
      if (required && Principal.of(ctx) == null) {
        state.unauthenticated(ctx, "Authentication required");
        return;
      }
      next.run();
      return;
    }
    String[] userPass = decode(credentials);
    Principal p = verifier.verify(userPass[0], userPass[1]);
    if (p == null) {
      ctx.addHeader("WWW-Authenticate", challenge);
      throw new HttpException(401, "Invalid username or password");
    }
    ctx.attr(Principal.KEY, p);
    next.run();
  }

  /** Username and password from Base64 {@code user:password}; 400 if malformed. */
  static String[] decode(String token) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new HttpException(400, "Malformed Basic credentials: not Base64");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new HttpException(400, "Malformed Basic credentials: not UTF-8");
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new HttpException(400, "Malformed Basic credentials: no ':' between username and password");
    }
    return new String[] {text.substring(0, colon), text.substring(colon + 1)};
  }

  @Override
  public String name() {
    return "BasicAuth";
  }
}
