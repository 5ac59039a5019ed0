package dev.eddy.security;

import dev.eddy.Context;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * TlsPolicy tells whether a request reached the app over HTTPS, for the features that behave
 * differently then: session cookies get {@code Secure} and a {@code __Host-} name, security
 * headers add HSTS, CSRF checks compare {@code Origin} with {@code https://host}.
 *
 * <p>Eddy serves plain HTTP itself, so HTTPS means a TLS-terminating proxy in front. Say so
 * explicitly: {@link #always()} when every request comes through such a proxy, or
 * {@link #forwardedProto} to believe the proxy's {@code X-Forwarded-Proto} header. The header is
 * only believed from peers the predicate trusts, since any client can send it; never trust it
 * when clients can reach the app directly. The default, {@link #plainHttp()}, says no.
 */
@FunctionalInterface
public interface TlsPolicy {
  /** Whether the request came over HTTPS. */
  boolean secure(Context ctx);

  /** Every request is plain HTTP (the default). */
  static TlsPolicy plainHttp() {
    return ctx -> false;
  }

  /** Every request came over HTTPS (a TLS proxy in front of every connection). */
  static TlsPolicy always() {
    return ctx -> true;
  }

  /**
   * A request is HTTPS when a peer that {@code trustedProxy} accepts sent
   * {@code X-Forwarded-Proto: https}. With several values (a proxy chain), the first one counts,
   * since it is the client-facing hop.
   */
  static TlsPolicy forwardedProto(Predicate<InetAddress> trustedProxy) {
    Objects.requireNonNull(trustedProxy, "trustedProxy");
    return ctx -> {
      String proto = ctx.header("X-Forwarded-Proto");
      if (proto == null || !trustedProxy.test(ctx.remoteAddress().getAddress())) {
        return false;
      }
      int comma = proto.indexOf(',');
      return (comma < 0 ? proto : proto.substring(0, comma)).strip().equalsIgnoreCase("https");
    };
  }

  /** {@link #forwardedProto(Predicate)} trusting only proxies on this machine (loopback). */
  static TlsPolicy forwardedProtoFromLoopback() {
    return forwardedProto(InetAddress::isLoopbackAddress);
  }
}
