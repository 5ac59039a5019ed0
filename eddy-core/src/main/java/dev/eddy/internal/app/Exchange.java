package dev.eddy.internal.app;

import dev.eddy.Context;

/** Exchange is the framework's side of a {@link Context}: what the chain and error code need. */
public interface Exchange extends Context {
  /** The route chosen for this request (a real route or a 404/405/OPTIONS stand-in). */
  Route route();

  /** Whether headers have gone out (streaming), so an error can no longer become a response. */
  boolean committed();

  /** Whether the handler handed over a stage that has not completed yet. */
  boolean asyncPending();

  /** Forgets the status, body and content type set so far, keeping other headers. */
  void resetResponse();

  /**
   * Ends HTTP on this connection once the chain finishes: the 101 (if the switch sends one) goes
   * out with the response headers set so far, then {@code protocolSwitch} takes over.
   */
  void switchProtocols(ProtocolSwitch protocolSwitch);

  /** Starts a Server-Sent Events response; it stays open after the handler returns. */
  dev.eddy.sse.SseClient openEventStream(dev.eddy.sse.SseOptions options);

  /** Aborts a committed response: the client sees a truncated body and a closed connection. */
  void abort();

  /** The app's JSON codec, for features that store values as JSON (sessions). */
  dev.eddy.JsonCodec json();

  /** Removes every value of a response header set so far; throws once the response has started. */
  void removeHeader(String name);
}
