package dev.eddy;

/**
 * Next runs the rest of the middleware chain and the handler, and returns when they are done.
 * Call it at most once; a second call throws {@link IllegalStateException}.
 */
@FunctionalInterface
public interface Next {
  void run() throws Exception;
}
