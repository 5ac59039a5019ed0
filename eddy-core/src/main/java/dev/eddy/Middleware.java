package dev.eddy;

import java.util.Objects;

/**
 * Middleware wraps the rest of the chain: code before {@code next.run()} runs on the way in, code
 * after it runs once the handler (and inner middleware) have finished, so timing, error mapping
 * and try/finally are one function:
 *
 * <pre>{@code
 * app.use((ctx, next) -> {
 *   long start = System.nanoTime();
 *   try { next.run(); } finally { log(ctx.path(), System.nanoTime() - start); }
 * });
 * }</pre>
 *
 * A middleware must either call {@code next.run()} exactly once or respond itself; one that does
 * neither is reported by name (see {@link #named}) with a 500.
 */
@FunctionalInterface
public interface Middleware {
  void handle(Context ctx, Next next) throws Exception;

  /** The name used in error messages about this middleware. */
  default String name() {
    return Names.describe(getClass());
  }

  /**
   * Returns a handler that runs this middleware around {@code handler}, for middleware on a single
   * route: {@code app.get("/admin", Auth.requireRole("admin").around(ctx -> ...))}. The same
   * contract holds: {@code next.run()} at most once (a second call throws
   * {@link IllegalStateException}). The handler runs on a virtual thread even if {@code handler}
   * was made for the event loop, since middleware may block.
   */
  default Handler around(Handler handler) {
    Objects.requireNonNull(handler, "handler");
    Middleware self = this;
    return ctx -> self.handle(ctx, new Next() {
      private boolean called;

      @Override
      public void run() throws Exception {
        if (called) {
          throw new IllegalStateException("Middleware '" + self.name() + "' called next.run() more than once");
        }
        called = true;
        handler.handle(ctx);
      }
    });
  }

  /** Gives a middleware (typically a lambda) a name for error messages and logs. */
  static Middleware named(String name, Middleware middleware) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(middleware, "middleware");
    return new Middleware() {
      @Override
      public void handle(Context ctx, Next next) throws Exception {
        middleware.handle(ctx, next);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}
