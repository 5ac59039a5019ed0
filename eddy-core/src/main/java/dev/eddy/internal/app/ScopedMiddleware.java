package dev.eddy.internal.app;

import dev.eddy.Context;
import dev.eddy.Middleware;
import dev.eddy.Next;

/**
 * ScopedMiddleware is a middleware registered under a path prefix ({@code ""} for all paths).
 * {@link #forPattern} decides, once per route, whether it always, never or sometimes applies.
 */
public record ScopedMiddleware(String prefix, Middleware middleware) {

  /** Whether a request path (percent-encoded) is under the prefix. */
  public boolean appliesTo(String rawPath) {
    return prefix.isEmpty()
        || (rawPath.startsWith(prefix) && (rawPath.length() == prefix.length() || rawPath.charAt(prefix.length()) == '/'));
  }

  /**
   * The middleware to put in a route's chain: itself when every path of the pattern is under the
   * prefix, null when none is, and a path check when it depends on a parameter's value.
   */
  public Middleware forPattern(String pattern) {
    if (prefix.isEmpty()) {
      return middleware;
    }
    String[] want = prefix.substring(1).split("/");
    String[] have = pattern.substring(1).split("/", -1);
    for (int i = 0; i < want.length; i++) {
      if (i >= have.length) {
        return null;
      }
      String seg = have[i];
      if (seg.startsWith(":") || seg.equals("*")) {
        return new PathChecked(this);
      }
      if (!seg.equals(want[i])) {
        return null;
      }
    }
    return middleware;
  }

  /** PathChecked runs the middleware only for request paths under the prefix. */
  private record PathChecked(ScopedMiddleware scoped) implements Middleware {
    @Override
    public void handle(Context ctx, Next next) throws Exception {
      if (scoped.appliesTo(ctx.path())) {
        scoped.middleware().handle(ctx, next);
      } else {
        next.run();
      }
    }

    @Override
    public String name() {
      return scoped.middleware().name();
    }
  }
}
