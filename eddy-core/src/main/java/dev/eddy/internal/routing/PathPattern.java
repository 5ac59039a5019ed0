package dev.eddy.internal.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PathPattern is a parsed route path: static segments, {@code :name} parameters and a trailing
 * {@code *} wildcard. {@link #parse} rejects anything ambiguous with an {@link
 * IllegalArgumentException} that quotes the pattern and says what is wrong.
 */
public record PathPattern(String text, List<Segment> segments, List<String> paramNames) {

  /** Segment is one {@code /}-separated piece of a pattern. */
  public record Segment(Kind kind, String value) {}

  /** Kind of segment; the order is match precedence: static beats param beats wildcard. */
  public enum Kind { STATIC, PARAM, WILDCARD }

  public static PathPattern parse(String text) {
    if (text == null || text.isEmpty() || text.charAt(0) != '/') {
      throw bad(text, "it must start with '/'");
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] parts = text.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (part.isEmpty() && !last) {
        throw bad(text, "empty segment ('//')");
      }
      for (char c : new char[] {'?', '#', '%'}) {
        if (part.indexOf(c) >= 0) {
          throw bad(text, "'" + c + "' is not allowed; write static segments unencoded, without a query");
        }
      }
      if (part.equals("*")) {
        if (!last) {
          throw bad(text, "'*' must be the last segment");
        }
        if (!seen.add("*")) {
          throw bad(text, "duplicate parameter '*'");
        }
        names.add("*");
        segments.add(new Segment(Kind.WILDCARD, "*"));
      } else if (part.indexOf('*') >= 0) {
        throw bad(text, "'*' must be a whole segment, as in '/files/*'");
      } else if (part.startsWith(":")) {
        String name = part.substring(1);
        if (!isIdentifier(name)) {
          throw bad(text, "parameter name '" + name + "' must be letters, digits or '_', not starting with a digit");
        }
        if (!seen.add(name)) {
          throw bad(text, "duplicate parameter ':" + name + "'");
        }
        names.add(name);
        segments.add(new Segment(Kind.PARAM, name));
      } else {
        segments.add(new Segment(Kind.STATIC, part));
      }
    }
    return new PathPattern(text, List.copyOf(segments), List.copyOf(names));
  }

  /** Joins a mount prefix and a pattern: {@code /api} + {@code /users} is {@code /api/users}. */
  public static String join(String prefix, String path) {
    if (prefix.isEmpty() || prefix.equals("/")) {
      return path;
    }
    return prefix + path;
  }

  /** Checks a mount or middleware prefix: starts with '/', has no trailing '/', no params. */
  public static String checkPrefix(String prefix) {
    if (prefix == null || !prefix.startsWith("/")) {
      throw new IllegalArgumentException("Invalid prefix '" + prefix + "': it must start with '/'");
    }
    if (prefix.length() > 1 && prefix.endsWith("/")) {
      throw new IllegalArgumentException("Invalid prefix '" + prefix + "': drop the trailing '/'");
    }
    PathPattern parsed = parse(prefix);
    for (Segment s : parsed.segments()) {
      if (s.kind() != Kind.STATIC) {
        throw new IllegalArgumentException("Invalid prefix '" + prefix + "': a prefix has no parameters or wildcards");
      }
    }
    return prefix.equals("/") ? "" : prefix;
  }

  /** Whether this pattern is all static segments. */
  public boolean isStatic() {
    return paramNames.isEmpty();
  }

  /** The pattern with parameter names erased, so {@code /u/:id} and {@code /u/:name} collide. */
  public String shape() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      sb.append('/').append(switch (s.kind()) {
        case STATIC -> s.value();
        case PARAM -> ":";
        case WILDCARD -> "*";
      });
    }
    return sb.toString();
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("Invalid route pattern '" + text + "': " + why);
  }
}
