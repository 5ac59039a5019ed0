package dev.eddy.internal.app;

import dev.eddy.Handler;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.internal.routing.PathDecoder;
import dev.eddy.internal.routing.PathParams;
import java.util.List;

/**
 * HandlerTarget mounts one handler for every method and every path under a prefix, such as a
 * proxy to a remote service. The handler reads the path relative to the mount point from
 * {@code ctx.path()}, and its decoded form from {@code ctx.param("*")}. It has no error handlers
 * of its own: errors go to the app it is mounted in.
 */
public final class HandlerTarget implements MountTarget {
  private static final Middleware[] NONE = new Middleware[0];
  private static final List<String> WILDCARD = List.of("*");

  private final Handler handler;
  private final long streamedBodyLimit;

  /**
   * @param streamedBodyLimit the body limit when {@code handler} reads its body as a stream
   *     ({@code Handler.streamingBody}), or -1
   */
  public HandlerTarget(Handler handler, long streamedBodyLimit) {
    this.handler = handler;
    this.streamedBodyLimit = streamedBodyLimit;
  }

  @Override
  public AppHandler.Lookup lookup(String method, String relativePath) {
    String rest;
    try {
      rest = relativePath.indexOf('%') < 0 ? relativePath.substring(1)
          : String.join("/", PathDecoder.segments(relativePath));
    } catch (IllegalArgumentException badPath) {
      Route bad = new Route(method, null, List.of(), ctx -> {
        throw new HttpException(400, badPath.getMessage());
      }, NONE, true, -1);
      return new AppHandler.Lookup(bad, PathParams.none(), false);
    }
    Route route = new Route(method, "/*", WILDCARD, handler, NONE, handler.runsOnEventLoop(), streamedBodyLimit);
    return new AppHandler.Lookup(route, PathParams.of(rest), false);
  }

  @Override
  public void serve(Exchange inner) throws Exception {
    Chain.run(inner);
  }

  @Override
  public boolean handleError(Throwable error, Exchange inner) {
    return false;
  }
}
