package dev.eddy.proxy;

import dev.eddy.Context;
import dev.eddy.Mount;
import dev.eddy.internal.app.Exchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Forwarding decides the headers a proxied request carries to the backend: the client's, less the
 * hop-by-hop ones and those the proxy sets itself, plus what the backend needs to know about the
 * original request.
 *
 * <ul>
 *   <li>{@code X-Forwarded-For}: the values the request came with, then the client's address.
 *       Earlier values are kept because the backend decides how many hops it trusts.
 *   <li>{@code X-Forwarded-Proto} ({@code http}/{@code https}), {@code X-Forwarded-Host} (the
 *       {@code Host} the client asked for) and {@code X-Forwarded-Prefix} (the mount prefix, when
 *       there is one): replaced, since this proxy knows them first hand.
 *   <li>{@code Forwarded} (RFC 7239): the values the request came with, then
 *       {@code for=...;proto=...;host=...} for this hop.
 * </ul>
 *
 * {@code Host} is the backend's (the JDK's client sets it), and {@code Content-Length} and
 * {@code Expect} are the client's business: it frames the body itself, and Eddy has already
 * answered any {@code 100-continue}.
 */
final class Forwarding {
  /** Set by this proxy or by the HTTP client, never copied from the request. */
  private static final Set<String> OWN = Set.of("host", "content-length", "expect", "x-forwarded-for",
      "x-forwarded-proto", "x-forwarded-host", "x-forwarded-prefix", "forwarded");

  private Forwarding() {}

  /** Calls {@code out} with each header to send to the backend, in order. */
  static void requestHeaders(Context ctx, BiConsumer<String, String> out) {
    HopByHop hop = new HopByHop(ctx.headers("Connection"));
    for (String name : ctx.headerNames()) {
      if (!hop.drops(name) && !OWN.contains(name)) {
        for (String value : ctx.headers(name)) {
          out.accept(name, value);
        }
      }
    }
    forwardedFor(ctx).forEach(out);
  }

  /** The {@code X-Forwarded-*} and {@code Forwarded} headers for this hop. */
  static Map<String, String> forwardedFor(Context ctx) {
    InetSocketAddress peer = ctx.remoteAddress();
    InetAddress address = peer.getAddress();
    String client = address == null ? peer.getHostString() : address.getHostAddress();
    String proto = ctx instanceof Exchange ex && ex.tlsSession() != null ? "https" : "http";
    String host = ctx.header("Host");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Forwarded-For", append(ctx.headers("X-Forwarded-For"), client));
    h.put("X-Forwarded-Proto", proto);
    if (host != null) {
      h.put("X-Forwarded-Host", host);
    }
    String prefix = Mount.basePath(ctx);
    if (!prefix.isEmpty()) {
      h.put("X-Forwarded-Prefix", prefix);
    }
    String forIp = client.indexOf(':') >= 0 ? "\"[" + client + "]\"" : client;
    String element = "for=" + forIp + ";proto=" + proto + (host == null ? "" : ";host=" + quoted(host));
    h.put("Forwarded", append(ctx.headers("Forwarded"), element));
    return h;
  }

  private static String append(List<String> earlier, String value) {
    if (earlier.isEmpty()) {
      return value;
    }
    return String.join(", ", earlier) + ", " + value;
  }

  /** A Forwarded parameter value: a token as is, anything else as a quoted string. */
  private static String quoted(String value) {
    boolean token = !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    return token ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
