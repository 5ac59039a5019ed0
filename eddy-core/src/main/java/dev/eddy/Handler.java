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

  /**
   * Returns a handler that reads the request body as it arrives, from {@link Context#bodyStream()},
   * instead of getting it once the server has buffered all of it: for uploads and proxies, where a
   * body can be larger than memory. The handler starts as soon as the request head is read. Reads
   * block while the client is slow to send, and the client is held back (TCP backpressure) while
   * the handler is slow to read, so at most 64 KiB of the body wait in memory.
   *
   * <p>{@code maxBytes} replaces {@link ServerOptions#maxBodyBytes()} for this route: a body that
   * announces more gets 413 before the handler runs; one that sends more (chunked) makes
   * {@code bodyStream()} throw {@link HttpException} 413 when the reader gets there. A handler
   * that responds before reading the whole body closes the connection after its response.
   * {@link Context#body()} and the other buffered views throw {@link IllegalStateException} here.
   */
  static Handler streamingBody(long maxBytes, Handler handler) {
    return new StreamingBodyHandler(handler, maxBytes);
  }

  /** Whether this handler runs on the event loop; true only for {@link #onEventLoop} handlers. */
  default boolean runsOnEventLoop() {
    return false;
  }
}
