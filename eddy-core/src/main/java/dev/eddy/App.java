package dev.eddy;

import dev.eddy.internal.app.AppHandler;
import dev.eddy.internal.app.ErrorMapper;
import dev.eddy.internal.json.JacksonCodec;
import dev.eddy.internal.server.NettyServer;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App is an Eddy application: routes, middleware and error handlers, served by {@link #start}.
 *
 * <pre>{@code
 * App app = new App();
 * app.use((ctx, next) -> { ctx.header("X-Powered", "eddy"); next.run(); });
 * app.get("/hello/:name", ctx -> ctx.text("Hello, " + ctx.param("name")));
 * app.start(8080);
 * }</pre>
 *
 * Handlers run on virtual threads, so they may block. Everything is configured before
 * {@code start}; changes after it throw {@link IllegalStateException}.
 */
public final class App implements Routing<App> {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Router root = new Router();
  private final ErrorMapper errors = new ErrorMapper();
  private final List<Runnable> startHooks = new ArrayList<>();
  private final List<Runnable> stopHooks = new ArrayList<>();
  private JsonCodec json = new JacksonCodec();
  private ServerOptions options = ServerOptions.defaults();
  private Duration debugThreshold;
  private volatile NettyServer server;
  private volatile boolean started;

  @Override
  public App route(String method, String path, Handler handler) {
    root.route(method, path, handler);
    return this;
  }

  @Override
  public App use(Middleware middleware) {
    root.use(middleware);
    return this;
  }

  @Override
  public App use(String prefix, Middleware middleware) {
    root.use(prefix, middleware);
    return this;
  }

  @Override
  public App use(String prefix, Router router) {
    root.use(prefix, router);
    return this;
  }

  /** Handles exceptions of {@code type} (and its subclasses without a closer handler). */
  public <E extends Throwable> App error(Class<E> type, ErrorHandler<? super E> handler) {
    checkNotStarted();
    errors.register(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** Runs once the server is listening, before {@link #start} returns. A failure stops the server. */
  public App onStart(Runnable hook) {
    checkNotStarted();
    startHooks.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  /** Runs after the server has stopped, in reverse order of registration. */
  public App onStop(Runnable hook) {
    checkNotStarted();
    stopHooks.add(Objects.requireNonNull(hook, "hook"));
    return this;
  }

  public App options(ServerOptions options) {
    checkNotStarted();
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  public ServerOptions options() {
    return options;
  }

  /**
   * Debug mode (asyncio's debug mode): anything that holds an event loop longer than
   * {@code threshold} is logged with the loop thread's stack, Netty's buffer leak detector is raised
   * to {@code ADVANCED} (leaks are reported with where the buffer was last touched), and handlers
   * that outlive {@link ServerOptions#handlerTimeout()} are logged with their route (always on).
   * It costs a heartbeat per loop and a watchdog thread: for development, not production.
   */
  public App debug(Duration threshold) {
    checkNotStarted();
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.toMillis() < 10) {
      throw new IllegalArgumentException("The debug threshold must be at least 10 ms, got " + threshold.toMillis() + " ms");
    }
    this.debugThreshold = threshold;
    return this;
  }

  /** Debug mode with the default 100 ms threshold, or off; see {@link #debug(Duration)}. */
  public App debug(boolean on) {
    if (!on) {
      checkNotStarted();
      debugThreshold = null;
      return this;
    }
    return debug(Duration.ofMillis(100));
  }

  /** Replaces the JSON library used by {@link Context#json} and {@link Context#bodyAs}. */
  public App json(JsonCodec codec) {
    checkNotStarted();
    this.json = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /**
   * Binds {@code port} (0 picks a free one; see {@link #port()}) on {@link ServerOptions#host()}
   * and returns once the server accepts connections and the start hooks have run.
   *
   * @throws IllegalStateException if already started, if routes conflict, or if the port can't be bound
   */
  public synchronized App start(int port) {
    if (started) {
      throw new IllegalStateException("App is already started");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Port must be 0..65535, got " + port);
    }
    RouteCompiler compiler = new RouteCompiler();
    compiler.compile(root);
    AppHandler handler = new AppHandler(compiler.trie(), compiler.appMiddleware(), errors, json);
    if (debugThreshold != null && ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.ADVANCED.ordinal()) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
    }
    server = NettyServer.start(handler, options, port, debugThreshold);
    started = true;
    try {
      startHooks.forEach(Runnable::run);
    } catch (RuntimeException | Error e) {
      server.stop(options.shutdownGrace());
      throw e;
    }
    return this;
  }

  /** The bound port. */
  public int port() {
    NettyServer s = server;
    if (s == null) {
      throw new IllegalStateException("App is not started");
    }
    return s.port();
  }

  /**
   * Stops gracefully and returns when stopped: stops accepting, lets in-flight requests finish
   * within {@link ServerOptions#shutdownGrace()} (their responses carry {@code Connection: close}),
   * closes what is left, then runs the stop hooks. Calling it again does nothing.
   */
  public synchronized void stop() {
    NettyServer s = server;
    if (s == null) {
      return;
    }
    server = null;
    s.stop(options.shutdownGrace());
    for (int i = stopHooks.size() - 1; i >= 0; i--) {
      try {
        stopHooks.get(i).run();
      } catch (RuntimeException e) {
        log.warn("Stop hook failed", e);
      }
    }
  }

  private void checkNotStarted() {
    if (started) {
      throw new IllegalStateException("App is started; configure it before start()");
    }
  }
}
