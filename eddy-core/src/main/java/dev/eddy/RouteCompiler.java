package dev.eddy;

import dev.eddy.internal.app.Route;
import dev.eddy.internal.app.ScopedMiddleware;
import dev.eddy.internal.routing.PathPattern;
import dev.eddy.internal.routing.RouteTrie;
import java.util.ArrayList;
import java.util.List;

/**
 * RouteCompiler flattens an app's router tree into a frozen trie of routes, each with its
 * middleware chain built once. Duplicates across routers are found here, at start.
 */
final class RouteCompiler {
  private static final Middleware[] NONE = new Middleware[0];

  private final RouteTrie<Route> trie = new RouteTrie<>();
  private final List<ScopedMiddleware> appMiddleware = new ArrayList<>();

  RouteTrie<Route> trie() {
    return trie;
  }

  /** Middleware registered on the app itself, which also wraps 404s and 405s. */
  List<ScopedMiddleware> appMiddleware() {
    return appMiddleware;
  }

  void compile(Router root) {
    walk(root, "", List.of(), true);
    trie.freeze();
  }

  private void walk(Router router, String prefix, List<ScopedMiddleware> outer, boolean isRoot) {
    router.freeze();
    List<ScopedMiddleware> scope = new ArrayList<>(outer);
    for (Router.Entry entry : router.entries()) {
      switch (entry) {
        case Router.UseEntry use -> {
          ScopedMiddleware scoped = new ScopedMiddleware(prefix + use.prefix(), use.middleware());
          scope.add(scoped);
          if (isRoot) {
            appMiddleware.add(scoped);
          }
        }
        case Router.RouteEntry route -> addRoute(prefix, route, scope);
        case Router.MountEntry mount -> walk(mount.router(), prefix + mount.prefix(), scope, false);
      }
    }
  }

  private void addRoute(String prefix, Router.RouteEntry entry, List<ScopedMiddleware> scope) {
    String path = entry.pattern().text();
    if (path.equals("/") && !prefix.isEmpty()) {
      // A mounted router's "/" answers both /prefix and /prefix/, as Express does.
      addRoute(entry, PathPattern.parse(prefix), scope);
    }
    addRoute(entry, PathPattern.parse(PathPattern.join(prefix, path)), scope);
  }

  private void addRoute(Router.RouteEntry entry, PathPattern full, List<ScopedMiddleware> scope) {
    List<Middleware> chain = new ArrayList<>();
    for (ScopedMiddleware s : scope) {
      Middleware m = s.forPattern(full.text());
      if (m != null) {
        chain.add(m);
      }
    }
    Handler handler = entry.handler();
    long streamedBodyLimit = handler instanceof StreamingBodyHandler s ? s.maxBytes() : -1;
    Route route = new Route(entry.method(), full.text(), full.paramNames(), handler,
        chain.toArray(NONE), handler.runsOnEventLoop(), streamedBodyLimit);
    trie.add(entry.method(), full, route);
  }
}
