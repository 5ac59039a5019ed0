package dev.eddy.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * HopByHop knows which headers belong to one connection and must not be forwarded (RFC 9110
 * 7.6.1): {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, and every {@code Proxy-*} header.
 */
final class HopByHop {
  private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private final Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  /** The hop-by-hop set of a message whose {@code Connection} header values are {@code connection}. */
  HopByHop(List<String> connection) {
    for (String value : connection) {
      for (String token : value.split(",")) {
        String t = token.strip();
        if (!t.isEmpty()) {
          named.add(t);
        }
      }
    }
  }

  /** Whether {@code name} must not be forwarded. */
  boolean drops(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ALWAYS.contains(n) || n.startsWith("proxy-") || named.contains(n);
  }
}
