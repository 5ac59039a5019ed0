package dev.eddy;

/**
 * Routing is what {@link App} and {@link Router} share: routes by method and path, and middleware.
 *
 * <p>Paths use {@code :name} for a parameter segment and a trailing {@code *} for the rest of the
 * path: {@code /users/:id}, {@code /files/*}. Static segments beat parameters, which beat the
 * wildcard. Middleware must be registered before the routes it wraps; registering it later fails.
 */
public interface Routing<S extends Routing<S>> {
  /** Adds a route for any method name (an HTTP token, upper case). */
  S route(String method, String path, Handler handler);

  /** Adds middleware around every route registered here (and in routers mounted here). */
  S use(Middleware middleware);

  /** Adds middleware around the routes under a path prefix, such as {@code /admin}. */
  S use(String prefix, Middleware middleware);

  /** Mounts a router's routes under a path prefix: {@code /api} + {@code /users}. */
  S use(String prefix, Router router);

  default S get(String path, Handler handler) {
    return route("GET", path, handler);
  }

  default S post(String path, Handler handler) {
    return route("POST", path, handler);
  }

  default S put(String path, Handler handler) {
    return route("PUT", path, handler);
  }

  default S patch(String path, Handler handler) {
    return route("PATCH", path, handler);
  }

  default S delete(String path, Handler handler) {
    return route("DELETE", path, handler);
  }

  default S head(String path, Handler handler) {
    return route("HEAD", path, handler);
  }

  default S options(String path, Handler handler) {
    return route("OPTIONS", path, handler);
  }

  /** Serves Server-Sent Events at {@code path} (a GET route) with default options. */
  default S sse(String path, dev.eddy.sse.SseHandler handler) {
    return sse(path, dev.eddy.sse.SseOptions.defaults(), handler);
  }

  /** Serves Server-Sent Events at {@code path} (a GET route). */
  default S sse(String path, dev.eddy.sse.SseOptions options, dev.eddy.sse.SseHandler handler) {
    java.util.Objects.requireNonNull(options, "options");
    java.util.Objects.requireNonNull(handler, "handler");
    return get(path, ctx -> handler.handle(((dev.eddy.internal.app.Exchange) ctx).openEventStream(options)));
  }

  /** Serves WebSockets at {@code path} (a GET route) with default options. */
  default S ws(String path, dev.eddy.ws.WebSocketHandler handler) {
    return ws(path, dev.eddy.ws.WebSocketOptions.defaults(), handler);
  }

  /**
   * Serves WebSockets at {@code path} (a GET route): middleware runs for the handshake request
   * (it may refuse it), then a valid RFC 6455 handshake is answered with 101 and the connection's
   * events go to {@code handler}. A bad handshake gets 400 naming the problem, an unsupported
   * version 426, a foreign browser origin 403.
   */
  default S ws(String path, dev.eddy.ws.WebSocketOptions options, dev.eddy.ws.WebSocketHandler handler) {
    java.util.Objects.requireNonNull(options, "options");
    java.util.Objects.requireNonNull(handler, "handler");
    return get(path, ctx -> dev.eddy.internal.ws.WsHandshake.accept((dev.eddy.internal.app.Exchange) ctx, options, handler));
  }
}
