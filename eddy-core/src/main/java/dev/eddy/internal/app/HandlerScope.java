package dev.eddy.internal.app;

import dev.eddy.Context;
import dev.eddy.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HandlerScope runs cleanups once the handler is done with an exchange: when the middleware chain
 * has returned (whatever happened in it: a response, an exception, a client that left), or, if the
 * handler handed a stage to {@link Context#async}, when that stage completes. Features that hold a
 * resource for one request, such as the temporary files of an upload, register here. A request
 * that registers nothing costs one attribute lookup.
 */
public final class HandlerScope {
  private static final Logger log = LoggerFactory.getLogger(HandlerScope.class);
  private static final Key<HandlerScope> SCOPE = Key.of("eddy.handler-scope");

  private final List<Runnable> cleanups = new ArrayList<>(2);
  private boolean over;

  private HandlerScope() {}

  /**
   * Runs {@code cleanup} once the handler is done with {@code ctx}'s exchange. Call it from the
   * code handling the request. Throws {@link IllegalStateException} if the exchange is already over.
   */
  public static void onHandled(Context ctx, Runnable cleanup) {
    Objects.requireNonNull(cleanup, "cleanup");
    HandlerScope scope = ctx.attr(SCOPE);
    if (scope == null) {
      scope = new HandlerScope();
      ctx.attr(SCOPE, scope);
    }
    scope.add(cleanup);
  }

  /** Called by {@link AppHandler#run} when the chain has returned. */
  static void chainReturned(Exchange ex) {
    HandlerScope scope = ex.attr(SCOPE);
    if (scope == null) {
      return;
    }
    CompletionStage<?> stage = ex.pendingStage();
    if (stage == null) {
      scope.close();
    } else {
      // Stages may complete on an event loop; cleanups may touch the disk, so they get a thread.
      stage.whenComplete((value, error) -> Thread.ofVirtual().name("eddy-cleanup").start(scope::close));
    }
  }

  private synchronized void add(Runnable cleanup) {
    if (over) {
      throw new IllegalStateException("The handler is done with this request; nothing can be tied to it any more");
    }
    cleanups.add(cleanup);
  }

  private void close() {
    List<Runnable> todo;
    synchronized (this) {
      over = true;
      todo = List.copyOf(cleanups);
      cleanups.clear();
    }
    for (Runnable cleanup : todo) {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        log.warn("A request cleanup failed", e);
      }
    }
  }
}
