package dev.eddy;

/**
 * Handler answers one request. It runs on a virtual thread unless wrapped with
 * {@link #onEventLoop(Handler)}, so blocking calls (JDBC, files, {@code Thread.sleep}) are fine.
 *
 * <p>A handler must respond: set a body ({@link Context#text}, {@link Context#json}, ...), a status,
 * a redirect, start a stream, or hand over a {@link java.util.concurrent.CompletionStage} with
 * {@link Context#async}. A handler that returns without doing any of these is a bug; Eddy answers
 * 500 and logs the route. Exceptions thrown here go to the app's error handlers.
 */
@FunctionalInterface
public interface Handler {
  void handle(Context ctx) throws Exception;

  /**
   * Returns a handler that runs on the Netty event loop instead of a virtual thread. It saves the
   * hand-off for tiny handlers, but it must never block: a blocking call stalls every connection
   * on that loop. Use {@link Context#async} to wait for something.
   */
  static Handler onEventLoop(Handler handler) {
    return new EventLoopHandler(handler);
  }

  /** Whether this handler runs on the event loop; true only for {@link #onEventLoop} handlers. */
  default boolean runsOnEventLoop() {
    return false;
  }
}
