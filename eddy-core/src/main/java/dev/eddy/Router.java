package dev.eddy;

import dev.eddy.internal.routing.PathPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Router is a group of routes with their own middleware, mounted under a prefix with
 * {@code app.use("/api", router)}. Its middleware wraps only its own routes. A router can be
 * mounted in several places; it can't change once an app using it has started.
 */
public final class Router implements Routing<Router> {
  /** Entry is one registration, kept in order and compiled when the app starts. */
  sealed interface Entry permits UseEntry, RouteEntry, MountEntry, SubAppEntry {}

  record UseEntry(String prefix, Middleware middleware) implements Entry {}

  record RouteEntry(String method, PathPattern pattern, Handler handler) implements Entry {}

  record MountEntry(String prefix, Router router) implements Entry {}

  /** SubAppEntry is an {@link App#mount}: a whole app, or one handler for every path under the prefix. */
  record SubAppEntry(String prefix, App app, Handler handler, dev.eddy.internal.app.MountState state) implements Entry {}

  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> shapes = new HashSet<>();
  private String firstRoute;
  private volatile boolean frozen;

  @Override
  public Router route(String method, String path, Handler handler) {
    checkOpen();
    Objects.requireNonNull(handler, "handler");
    checkMethod(method);
    PathPattern pattern = PathPattern.parse(path);
    if (!shapes.add(method + " " + pattern.shape())) {
      throw new IllegalArgumentException("Duplicate route " + method + " " + path);
    }
    entries.add(new RouteEntry(method, pattern, handler));
    if (firstRoute == null) {
      firstRoute = method + " " + path;
    }
    return this;
  }

  @Override
  public Router use(Middleware middleware) {
    return addMiddleware("", middleware);
  }

  @Override
  public Router use(String prefix, Middleware middleware) {
    return addMiddleware(PathPattern.checkPrefix(prefix), middleware);
  }

  @Override
  public Router use(String prefix, Router router) {
    checkOpen();
    Objects.requireNonNull(router, "router");
    if (router == this) {
      throw new IllegalArgumentException("A router can't be mounted inside itself");
    }
    String p = PathPattern.checkPrefix(prefix);
    entries.add(new MountEntry(p, router));
    if (firstRoute == null) {
      firstRoute = "router mounted at " + prefix;
    }
    return this;
  }

  /** Adds a mount ({@code app} or {@code handler}); only the app's root router has them. */
  void mount(SubAppEntry entry) {
    checkOpen();
    entries.add(entry);
    if (firstRoute == null) {
      firstRoute = "the mount at " + entry.prefix();
    }
  }

  List<Entry> entries() {
    return entries;
  }

  void freeze() {
    frozen = true;
  }

  private Router addMiddleware(String prefix, Middleware middleware) {
    checkOpen();
    Objects.requireNonNull(middleware, "middleware");
    if (firstRoute != null) {
      throw new IllegalStateException("Middleware '" + middleware.name() + "' is registered after "
          + firstRoute + "; register middleware before the routes it should wrap");
    }
    entries.add(new UseEntry(prefix, middleware));
    return this;
  }

  private void checkOpen() {
    if (frozen) {
      throw new IllegalStateException("Routes and middleware can't change once the app has started");
    }
  }

  private static void checkMethod(String method) {
    if (method == null || method.isEmpty()) {
      throw new IllegalArgumentException("Route method must not be empty");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c < 'A' || c > 'Z') {
        if (c != '-' && c != '_' && (c < '0' || c > '9')) {
          throw new IllegalArgumentException("Invalid route method '" + method + "': use upper-case letters");
        }
      }
    }
  }
}
