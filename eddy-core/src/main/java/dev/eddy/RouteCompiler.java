package dev.eddy;

import dev.eddy.internal.app.HandlerTarget;
import dev.eddy.internal.app.MountPoint;
import dev.eddy.internal.app.MountTarget;
import dev.eddy.internal.app.Route;
import dev.eddy.internal.app.ScopedMiddleware;
import dev.eddy.internal.routing.PathPattern;
import dev.eddy.internal.routing.RouteTrie;
import java.util.ArrayList;
import java.util.List;

/**
 * RouteCompiler flattens an app's router tree into a frozen trie of routes, each with its
 * middleware chain built once. Duplicates across routers are found here, at start. Mounted
 * sub-apps are compiled into handlers of their own ({@link App#compile}); a route or another
 * mount under a mount's prefix is refused, since the mount owns every path under it.
 */
final class RouteCompiler {
  private static final Middleware[] NONE = new Middleware[0];

  private final RouteTrie<Route> trie = new RouteTrie<>();
  private final List<ScopedMiddleware> appMiddleware = new ArrayList<>();
  private final List<MountPoint> mounts = new ArrayList<>();
  /** Every route added, as {@code {method, path}}, to check against the mounts. */
  private final List<String[]> routes = new ArrayList<>();
  private final App.Compilation compilation;

  RouteCompiler(App.Compilation compilation) {
    this.compilation = compilation;
  }

  RouteTrie<Route> trie() {
    return trie;
  }

  /** Middleware registered on the app itself, which also wraps 404s and 405s. */
  List<ScopedMiddleware> appMiddleware() {
    return appMiddleware;
  }

  /** The app's mounts, compiled. */
  List<MountPoint> mounts() {
    return mounts;
  }

  void compile(Router root) {
    walk(root, "", List.of(), true);
    checkMounts();
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
        case Router.SubAppEntry sub -> addMount(sub, scope);
      }
    }
  }

  private void addMount(Router.SubAppEntry sub, List<ScopedMiddleware> scope) {
    List<Middleware> chain = new ArrayList<>();
    for (ScopedMiddleware s : scope) {
      Middleware m = s.forPattern(sub.prefix() + "/*");
      if (m != null) {
        chain.add(m);
      }
    }
    MountTarget target;
    if (sub.app() != null) {
      target = sub.app().compile(compilation, sub.prefix());
    } else {
      Handler h = sub.handler();
      target = new HandlerTarget(h, h instanceof StreamingBodyHandler s ? s.maxBytes() : -1);
    }
    mounts.add(new MountPoint(sub.prefix(), chain.toArray(NONE), target, sub.state()));
  }

  /** Refuses routes and mounts under another mount's prefix: the mount would hide them. */
  private void checkMounts() {
    for (MountPoint m : mounts) {
      for (MountPoint other : mounts) {
        if (other != m && under(other.prefix(), m.prefix())) {
          throw new IllegalArgumentException("The mount at " + other.prefix() + " is inside the mount at "
              + m.prefix() + "; mount it in the app mounted at " + m.prefix() + " instead");
        }
      }
      for (String[] route : routes) {
        if (under(route[1], m.prefix())) {
          throw new IllegalArgumentException("Route " + route[0] + " " + route[1] + " is under the mount at " + m.prefix()
              + ", which serves every path under its prefix; register it in the mounted app instead");
        }
      }
    }
  }

  /** Whether a pattern's path is {@code prefix} or below it. */
  private static boolean under(String pattern, String prefix) {
    return pattern.equals(prefix) || pattern.startsWith(prefix + "/");
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
    routes.add(new String[] {entry.method(), full.text()});
  }
}
