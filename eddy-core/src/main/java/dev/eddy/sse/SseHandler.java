package dev.eddy.sse;

/**
 * SseHandler runs when a client opens an event stream. It runs on a virtual thread, so it may
 * block (say, iterating a Hub subscription), or it may register callbacks and return: the stream
 * stays open either way until closed.
 */
@FunctionalInterface
public interface SseHandler {
  void handle(SseClient client) throws Exception;
}
