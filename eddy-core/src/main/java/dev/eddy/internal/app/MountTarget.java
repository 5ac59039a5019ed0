package dev.eddy.internal.app;

/**
 * MountTarget is what a mount serves under its prefix: a whole sub-app ({@link AppHandler}) or a
 * single handler for every method and path ({@link HandlerTarget}). It sees paths relative to the
 * mount point.
 */
public interface MountTarget {
  /** Chooses the route for a path relative to the mount point ({@code /} for the prefix itself). */
  AppHandler.Lookup lookup(String method, String relativePath);

  /**
   * Runs the chosen route's chain on the mounted exchange. Errors the target has its own handlers
   * for become responses here; any other error is thrown on, to the app the target is mounted in.
   */
  void serve(Exchange inner) throws Exception;

  /**
   * Answers an error that surfaced after the chain (a failed async stage) with the target's own
   * error handlers. Returns false, leaving the response alone, when none applies.
   */
  boolean handleError(Throwable error, Exchange inner);
}
