package dev.eddy.internal.app;

import dev.eddy.Handler;
import dev.eddy.Middleware;
import dev.eddy.internal.routing.PathParams;
import java.util.List;

/**
 * MountPoint is a compiled mount: its prefix, the middleware of the enclosing app that wraps it
 * (built once, at start), what it serves, and its run-time state. {@link #lookup} turns the
 * target's route into the route the server runs: the outer middleware around a handler that runs
 * the target's own chain on a view of the exchange with the path relative to the mount point.
 *
 * @param prefix the mount prefix, such as {@code /blog}; never empty
 * @param outer the enclosing app's middleware that applies under the prefix, outermost first
 */
public record MountPoint(String prefix, Middleware[] outer, MountTarget target, MountState state) {

  /** The mount prefix that {@code ctx} sees paths relative to, enclosing mounts included; or empty. */
  public static String basePath(dev.eddy.Context ctx) {
    return MountedExchange.basePath(ctx);
  }

  /** The route for a request under this mount; {@code relativePath} starts with '/'. */
  AppHandler.Lookup lookup(String method, String relativePath) {
    MountState.Maintenance maintenance = state.maintenance();
    if (maintenance != null) {
      // Decided once, as the route is chosen: a request that got past here runs to the end.
      Handler page = ctx -> MaintenancePage.write(ctx, maintenance);
      Route route = new Route(method, prefix + "/*", List.of(), page, outer, outer.length == 0, -1);
      return new AppHandler.Lookup(route, PathParams.none(), false);
    }
    AppHandler.Lookup inner = target.lookup(method, relativePath);
    Route in = inner.route();
    String pattern = in.pattern() == null ? null : in.pattern().equals("/") ? prefix : prefix + in.pattern();
    // A stand-in (404, 405) may run on the loop only when no outer middleware runs with it.
    boolean onLoop = in.onEventLoop() && (in.pattern() != null || outer.length == 0);
    Handler handler = new MountedHandler(this, inner, relativePath);
    Route route = new Route(method, pattern, in.paramNames(), handler, outer, onLoop, in.streamedBodyLimit());
    return new AppHandler.Lookup(route, inner.params(), inner.head());
  }

  /** MountedHandler runs the target's chain on a {@link MountedExchange}, counting it in flight. */
  private record MountedHandler(MountPoint mount, AppHandler.Lookup inner, String relativePath) implements Handler {
    @Override
    public void handle(dev.eddy.Context ctx) throws Exception {
      MountedExchange view = new MountedExchange((Exchange) ctx, mount, inner, relativePath);
      mount.state.enter();
      try {
        mount.target.serve(view);
      } finally {
        mount.state.exit();
      }
    }
  }
}
