package dev.eddy.internal.app;

import dev.eddy.Handler;
import dev.eddy.HttpException;
import dev.eddy.JsonCodec;
import dev.eddy.Middleware;
import dev.eddy.internal.routing.PathParams;
import dev.eddy.internal.routing.RouteTrie;
import java.util.ArrayList;
import java.util.List;

/**
 * AppHandler is a started app as the server sees it: route lookup, the chain runner and the
 * error mapper. Immutable and shared by every connection.
 */
public final class AppHandler {
  private static final Middleware[] NONE = new Middleware[0];

  private final RouteTrie<Route> routes;
  private final List<ScopedMiddleware> appMiddleware;
  private final ErrorMapper errors;
  private final JsonCodec json;

  public AppHandler(RouteTrie<Route> routes, List<ScopedMiddleware> appMiddleware, ErrorMapper errors, JsonCodec json) {
    this.routes = routes;
    this.appMiddleware = List.copyOf(appMiddleware);
    this.errors = errors;
    this.json = json;
  }

  /** Lookup is a chosen route with its parameter values; {@code head} when GET serves a HEAD. */
  public record Lookup(Route route, PathParams params, boolean head) {}

  /**
   * Chooses the route for a request: a matching route, or a stand-in that answers 404, 405 with
   * {@code Allow}, OPTIONS, or 400 for a path that can't be decoded, after the app's middleware.
   */
  public Lookup lookup(String method, String rawPath) {
    if (rawPath.equals("*")) {
      String allow = routes.allowedAnywhere();
      return standIn(method, rawPath, method.equals("OPTIONS") ? options(allow) : fail(400, "'*' is only for OPTIONS"));
    }
    try {
      RouteTrie.Match<Route> m = routes.find(method, rawPath);
      if (m != null) {
        return new Lookup(m.value(), m.params(), m.head());
      }
      String allow = routes.allowed(rawPath);
      if (allow == null) {
        return standIn(method, rawPath, fail(404, "Not Found"));
      }
      if (method.equals("OPTIONS")) {
        return standIn(method, rawPath, options(allow));
      }
      return standIn(method, rawPath, ctx -> {
        ctx.header("Allow", allow);
        throw new HttpException(405, "Method Not Allowed");
      });
    } catch (IllegalArgumentException badPath) {
      return standIn(method, rawPath, fail(400, badPath.getMessage()));
    }
  }

  /** Runs the chain; errors become responses. Never throws. */
  public void run(Exchange ex) {
    try {
      Chain.run(ex);
    } catch (Throwable t) {
      errors.handle(t, ex);
    }
  }

  /** Answers an error that surfaced outside the chain (a failed async stage). Never throws. */
  public void fail(Throwable t, Exchange ex) {
    errors.handle(t, ex);
  }

  public JsonCodec json() {
    return json;
  }

  private Lookup standIn(String method, String rawPath, Handler handler) {
    List<Middleware> chain = new ArrayList<>();
    for (ScopedMiddleware s : appMiddleware) {
      if (s.appliesTo(rawPath)) {
        chain.add(s.middleware());
      }
    }
    // With no middleware to run, a stand-in is cheap enough for the event loop.
    boolean onLoop = chain.isEmpty();
    Route route = new Route(method, null, List.of(), handler, chain.toArray(NONE), onLoop, -1);
    return new Lookup(route, PathParams.none(), false);
  }

  private static Handler options(String allow) {
    return ctx -> ctx.header("Allow", allow).status(204);
  }

  private static Handler fail(int status, String message) {
    return ctx -> {
      throw new HttpException(status, message);
    };
  }
}
