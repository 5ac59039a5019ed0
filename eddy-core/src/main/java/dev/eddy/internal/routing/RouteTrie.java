package dev.eddy.internal.routing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * RouteTrie maps (method, path) to a value, one trie node per path segment. Lookup cost grows with
 * the number of segments in the path, not with the number of routes. Precedence at every segment:
 * static, then {@code :param}, then the trailing {@code *}; a branch that fails deeper down falls
 * back to the next kind (backtracking), so {@code /users/new} and {@code /users/:id/edit} coexist.
 *
 * <p>Not thread-safe while routes are added; {@link #freeze()} it, then share it freely.
 */
public final class RouteTrie<T> {
  private final Node<T> root = new Node<>();
  /** Fully static paths, for a single hash lookup when the request path needs no decoding. */
  private final Map<String, Node<T>> staticPaths = new HashMap<>();
  private int maxParams;
  private boolean frozen;

  /** Node is one segment position; {@code values} holds a value per method, in insertion order. */
  static final class Node<T> {
    Map<String, Node<T>> statics;
    SegmentMap<Node<T>> frozenStatics;
    Node<T> param;
    Node<T> wildcard;
    final Map<String, T> values = new LinkedHashMap<>(4);
    String allow;

    boolean accepts(String method) {
      if (values.isEmpty()) {
        return false;
      }
      return method == null || values.containsKey(method) || ("HEAD".equals(method) && values.containsKey("GET"));
    }
  }

  /** Match is a found value with its parameter values, in pattern order. */
  public record Match<T>(T value, PathParams params, boolean head) {}

  /** Adds a value; throws {@link IllegalArgumentException} if the method and path shape exist. */
  public void add(String method, PathPattern pattern, T value) {
    if (frozen) {
      throw new IllegalStateException("Routes can't change once the server has started");
    }
    Node<T> node = root;
    for (PathPattern.Segment s : pattern.segments()) {
      node = switch (s.kind()) {
        case STATIC -> {
          if (node.statics == null) {
            node.statics = new HashMap<>();
          }
          yield node.statics.computeIfAbsent(s.value(), k -> new Node<>());
        }
        case PARAM -> node.param == null ? node.param = new Node<>() : node.param;
        case WILDCARD -> node.wildcard == null ? node.wildcard = new Node<>() : node.wildcard;
      };
    }
    if (node.values.containsKey(method)) {
      throw new IllegalArgumentException("Duplicate route " + method + " " + pattern.text()
          + " (same shape as an existing " + method + " " + pattern.shape() + ")");
    }
    node.values.put(method, value);
    maxParams = Math.max(maxParams, pattern.paramNames().size());
    if (pattern.isStatic()) {
      staticPaths.put(pattern.text(), node);
    }
  }

  /** Stops changes and precomputes each node's {@code Allow} header. */
  public void freeze() {
    frozen = true;
    computeAllow(root);
  }

  /** The value for this method and path, or null. {@code rawPath} is percent-encoded. */
  public Match<T> find(String method, String rawPath) {
    if (!frozen) {
      throw new IllegalStateException("freeze() the trie before looking up");
    }
    if (rawPath.indexOf('%') < 0) {
      Node<T> n = staticPaths.get(rawPath);
      if (n != null && n.accepts(method)) {
        return matchOf(n, method, PathParams.NONE);
      }
      // No escapes: walk the raw path by offsets, no substrings.
      int[] bounds = maxParams == 0 ? NO_BOUNDS : new int[2 * maxParams];
      n = walkRaw(root, rawPath, 1, bounds, 0, method);
      return n == null ? null : matchOf(n, method, maxParams == 0 ? PathParams.NONE : PathParams.ofBounds(rawPath, bounds));
    }
    String[] segments = PathDecoder.segments(rawPath);
    String[] params = maxParams == 0 ? NO_PARAMS : new String[maxParams];
    Node<T> n = walk(root, segments, 0, params, 0, method);
    return n == null ? null : matchOf(n, method, PathParams.ofValues(params));
  }

  /**
   * The {@code Allow} header value for the path when it matches routes for other methods, or null
   * when no route matches the path at all (404).
   */
  public String allowed(String rawPath) {
    if (!frozen) {
      throw new IllegalStateException("freeze() the trie before looking up");
    }
    String[] segments = PathDecoder.segments(rawPath);
    Node<T> n = walk(root, segments, 0, new String[Math.max(1, maxParams)], 0, null);
    return n == null ? null : n.allow;
  }

  /** Every method with a route anywhere, for {@code OPTIONS *}. */
  public String allowedAnywhere() {
    LinkedHashMap<String, Boolean> all = new LinkedHashMap<>();
    collect(root, all);
    return allowOf(all.keySet());
  }

  private static final String[] NO_PARAMS = new String[0];
  private static final int[] NO_BOUNDS = new int[0];

  private Match<T> matchOf(Node<T> n, String method, PathParams params) {
    T value = n.values.get(method);
    if (value == null && "HEAD".equals(method)) {
      return new Match<>(n.values.get("GET"), params, true);
    }
    return new Match<>(value, params, false);
  }

  /**
   * Walks {@code path} from {@code start}, the first character of the current segment; a start
   * past the end means every segment is consumed. Parameter offsets go in {@code bounds}.
   */
  private Node<T> walkRaw(Node<T> n, String path, int start, int[] bounds, int p, String method) {
    int length = path.length();
    if (start > length) {
      return n.accepts(method) ? n : null;
    }
    int end = path.indexOf('/', start);
    if (end < 0) {
      end = length;
    }
    if (n.frozenStatics != null) {
      Node<T> child = n.frozenStatics.get(path, start, end);
      if (child != null) {
        Node<T> found = walkRaw(child, path, end + 1, bounds, p, method);
        if (found != null) {
          return found;
        }
      }
    }
    if (n.param != null && end > start) {
      bounds[2 * p] = start;
      bounds[2 * p + 1] = end;
      Node<T> found = walkRaw(n.param, path, end + 1, bounds, p + 1, method);
      if (found != null) {
        return found;
      }
    }
    if (n.wildcard != null && n.wildcard.accepts(method)) {
      bounds[2 * p] = start;
      bounds[2 * p + 1] = length;
      return n.wildcard;
    }
    return null;
  }

  private Node<T> walk(Node<T> n, String[] segs, int i, String[] params, int p, String method) {
    if (i == segs.length) {
      return n.accepts(method) ? n : null;
    }
    String s = segs[i];
    if (n.frozenStatics != null) {
      Node<T> child = n.frozenStatics.get(s);
      if (child != null) {
        Node<T> found = walk(child, segs, i + 1, params, p, method);
        if (found != null) {
          return found;
        }
      }
    }
    if (n.param != null && !s.isEmpty()) {
      params[p] = s;
      Node<T> found = walk(n.param, segs, i + 1, params, p + 1, method);
      if (found != null) {
        return found;
      }
    }
    if (n.wildcard != null && n.wildcard.accepts(method)) {
      params[p] = String.join("/", java.util.Arrays.copyOfRange(segs, i, segs.length));
      return n.wildcard;
    }
    return null;
  }

  private void computeAllow(Node<T> n) {
    if (!n.values.isEmpty()) {
      n.allow = allowOf(n.values.keySet());
    }
    if (n.statics != null) {
      n.frozenStatics = new SegmentMap<>(n.statics);
    }
    if (n.statics != null) {
      n.statics.values().forEach(this::computeAllow);
    }
    if (n.param != null) {
      computeAllow(n.param);
    }
    if (n.wildcard != null) {
      computeAllow(n.wildcard);
    }
  }

  private void collect(Node<T> n, Map<String, Boolean> into) {
    n.values.keySet().forEach(m -> into.put(m, true));
    if (n.statics != null) {
      n.statics.values().forEach(c -> collect(c, into));
    }
    if (n.param != null) {
      collect(n.param, into);
    }
    if (n.wildcard != null) {
      collect(n.wildcard, into);
    }
  }

  private static String allowOf(Iterable<String> methods) {
    LinkedHashMap<String, Boolean> set = new LinkedHashMap<>();
    for (String m : methods) {
      set.put(m, true);
      if (m.equals("GET")) {
        set.put("HEAD", true);
      }
    }
    set.put("OPTIONS", true);
    StringJoiner j = new StringJoiner(", ");
    set.keySet().forEach(j::add);
    return j.toString();
  }
}
