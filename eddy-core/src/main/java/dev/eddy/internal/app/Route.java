package dev.eddy.internal.app;

import dev.eddy.Handler;
import dev.eddy.Middleware;
import java.util.List;

/**
 * Route is a compiled route: its handler with the middleware chain built once, at start.
 *
 * @param method the method it was registered for
 * @param pattern the full pattern, prefixes included, as written
 * @param paramNames names of the path parameters, in pattern order
 * @param handler the handler
 * @param middleware the middleware that wraps it, outermost first
 * @param onEventLoop whether the chain runs on the event loop instead of a virtual thread
 */
public record Route(
    String method,
    String pattern,
    List<String> paramNames,
    Handler handler,
    Middleware[] middleware,
    boolean onEventLoop) {

  /** Describes the route for log lines: {@code GET /users/:id}. */
  public String describe() {
    return method + " " + (pattern == null ? "(no route)" : pattern);
  }
}
