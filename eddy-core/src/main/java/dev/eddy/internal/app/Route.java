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
 * @param streamedBodyLimit the body limit of a route that reads its body as a stream, or -1 for
 *     a route that gets its body buffered
 */
public record Route(
    String method,
    String pattern,
    List<String> paramNames,
    Handler handler,
    Middleware[] middleware,
    boolean onEventLoop,
    long streamedBodyLimit) {

  /** Whether the handler reads the body as it arrives (and starts before it has all arrived). */
  public boolean streamsBody() {
    return streamedBodyLimit >= 0;
  }

  /** Describes the route for log lines: {@code GET /users/:id}. */
  public String describe() {
    return method + " " + (pattern == null ? "(no route)" : pattern);
  }
}
