package dev.eddy.internal.app;

import dev.eddy.Handler;
import dev.eddy.Middleware;
import dev.eddy.Next;

/**
 * Chain runs a route's middleware around its handler and enforces the contract: each middleware
 * calls {@code next.run()} at most once, and one that neither calls it nor responds is named in
 * the error.
 */
final class Chain {
  private Chain() {}

  static void run(Exchange ex) throws Exception {
    Route route = ex.route();
    invoke(ex, route.middleware(), 0, route);
  }

  private static void invoke(Exchange ex, Middleware[] chain, int index, Route route) throws Exception {
    if (index == chain.length) {
      runHandler(ex, route);
      return;
    }
    Middleware mw = chain[index];
    Step next = new Step(ex, chain, index + 1, route, mw);
    mw.handle(ex, next);
    if (!next.called && !ex.responded()) {
      throw new IllegalStateException("Middleware '" + mw.name() + "' on " + route.describe()
          + " neither called next.run() nor sent a response");
    }
  }

  private static void runHandler(Exchange ex, Route route) throws Exception {
    Handler handler = route.handler();
    handler.handle(ex);
    if (!ex.responded()) {
      throw new IllegalStateException("Handler for " + route.describe()
          + " returned without a response: set a body, a status, a redirect, or call ctx.async()");
    }
  }

  /** Step is the {@link Next} handed to one middleware. */
  private static final class Step implements Next {
    private final Exchange ex;
    private final Middleware[] chain;
    private final int index;
    private final Route route;
    private final Middleware owner;
    boolean called;

    Step(Exchange ex, Middleware[] chain, int index, Route route, Middleware owner) {
      this.ex = ex;
      this.chain = chain;
      this.index = index;
      this.route = route;
      this.owner = owner;
    }

    @Override
    public void run() throws Exception {
      if (called) {
        throw new IllegalStateException("Middleware '" + owner.name() + "' called next.run() more than once");
      }
      called = true;
      invoke(ex, chain, index, route);
    }
  }
}
