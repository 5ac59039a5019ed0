package dev.eddy;

import dev.eddy.internal.app.AppHandler;
import dev.eddy.internal.app.ErrorMapper;
import dev.eddy.internal.app.MountState;
import dev.eddy.internal.json.JacksonCodec;
import dev.eddy.internal.routing.PathPattern;
import dev.eddy.internal.server.NettyServer;
import io.netty.util.ResourceLeakDetector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>An app can also be {@linkplain #mount(String, App) mounted} inside another, as a sub-app with
 * its own middleware, routes and error handlers.
 */
public final class App implements Routing<App> {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Router root = new Router();
  private final ErrorMapper errors = new ErrorMapper();
  private final List<Runnable> startHooks = new ArrayList<>();
  private final List<Runnable> stopHooks = new ArrayList<>();
  private JsonCodec json = new JacksonCodec();
  private boolean jsonSet;
  private ServerOptions options = ServerOptions.defaults();
  private Duration debugThreshold;
  private Tls tls;
  private volatile NettyServer server;
  private volatile boolean started;
  /** Started, or compiled into a started app as a mount: configuration is closed. */
  private volatile boolean sealed;
  private List<Runnable> mountedStopHooks = List.of();

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

  /**
   * Mounts a whole app under {@code prefix}, such as {@code /blog}: its middleware, routes and
   * error handlers serve every path under the prefix, in every method, and the prefix itself.
   *
   * <ul>
   *   <li><b>Paths</b>: inside the sub-app, {@link Context#path()} and {@link Context#routePattern()}
   *       are relative to the mount point ({@code /blog/posts/7} is {@code /posts/7}, {@code /blog}
   *       and {@code /blog/} are {@code /}); {@link Mount#basePath} gives the prefix. The middleware of
   *       this app that wrap the mount see the full path.
   *   <li><b>Middleware</b>: this app's middleware registered before the mount (and prefix
   *       middleware whose prefix covers paths under it) run first, around the sub-app's own.
   *       Attributes are shared, so the sub-app sees what they set.
   *   <li><b>Errors</b>: the sub-app's error handlers answer its errors, its 404s and 405s included;
   *       an error it has no handler for goes on to this app's handlers.
   *   <li><b>Lifecycle</b>: the sub-app is compiled when this app starts and can't change after;
   *       its start hooks run before this app's, its stop hooks after. Its {@link ServerOptions}
   *       are not used (this app's server serves it) and it can't set its own JSON codec.
   * </ul>
   *
   * The mount owns every path under the prefix: a route of this app, or another mount, under it
   * fails at start. The same app may be mounted more than once, and may also be started on its own.
   *
   * @return the mount's handle, to put it into maintenance at run time
   * @throws IllegalArgumentException for a prefix that is not static ({@code /a/b}) or is {@code /}
   */
  public Mount mount(String prefix, App app) {
    Objects.requireNonNull(app, "app");
    if (app == this) {
      throw new IllegalArgumentException("An app can't be mounted inside itself");
    }
    return addMount(prefix, app, null);
  }

  /**
   * Mounts one handler for every method and every path under {@code prefix}: a proxy to a remote
   * service ({@code app.mount("/api", Remote.to(uri))}), say. The handler sees paths relative to
   * the mount point in {@link Context#path()} (percent-encoded, as sent) and decoded, without the
   * leading '/', in {@code ctx.param("*")}. Otherwise as {@link #mount(String, App)}; errors go to
   * this app's handlers.
   */
  public Mount mount(String prefix, Handler handler) {
    return addMount(prefix, null, Objects.requireNonNull(handler, "handler"));
  }

  private Mount addMount(String prefix, App app, Handler handler) {
    checkNotStarted();
    String p = PathPattern.checkPrefix(prefix);
    if (p.isEmpty()) {
      throw new IllegalArgumentException("Mount at a prefix such as /blog, not at '/': to serve a whole app, start it");
    }
    MountState state = new MountState(p);
    root.mount(new Router.SubAppEntry(p, app, handler, state));
    return new Mount(state);
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

  /**
   * Serves HTTPS instead of HTTP on the port ({@link Tls}: a PEM pair, a PKCS#12 store, or a
   * self-signed certificate for development). Null goes back to plain HTTP.
   */
  public App tls(Tls tls) {
    checkNotStarted();
    this.tls = tls;
    return this;
  }

  /** The TLS configuration, or null for plain HTTP. */
  public Tls tls() {
    return tls;
  }

  /** Replaces the JSON library used by {@link Context#json} and {@link Context#bodyAs}. */
  public App json(JsonCodec codec) {
    checkNotStarted();
    this.json = Objects.requireNonNull(codec, "codec");
    this.jsonSet = true;
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
    Compilation compilation = new Compilation();
    AppHandler handler = compile(compilation, null);
    if (debugThreshold != null && ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.ADVANCED.ordinal()) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
    }
    server = NettyServer.start(handler, options, tls == null ? null : tls.nettyContext(),
        tls == null ? 0 : tls.handshakeTimeout().toMillis(), port, debugThreshold);
    started = true;
    mountedStopHooks = compilation.stopHooks;
    try {
      compilation.startHooks.forEach(Runnable::run);
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
    runReversed(stopHooks);
    runReversed(mountedStopHooks);
  }

  private static void runReversed(List<Runnable> hooks) {
    for (int i = hooks.size() - 1; i >= 0; i--) {
      try {
        hooks.get(i).run();
      } catch (RuntimeException e) {
        log.warn("Stop hook failed", e);
      }
    }
  }

  /**
   * The address the started server answers at, such as {@code http://127.0.0.1:8080}: the scheme
   * ({@code https} with {@link #tls}), the bound host (the loopback address when bound to every
   * interface) and port.
   */
  public URI uri() {
    NettyServer s = server;
    if (s == null) {
      throw new IllegalStateException("App is not started");
    }
    String host = options.host();
    if (host.isEmpty() || host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "[::1]";
    } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create((tls == null ? "http://" : "https://") + host + ":" + s.port());
  }

  /** Compilation is one start's walk through the mounted apps: cycles, and their hooks. */
  static final class Compilation {
    private final Deque<App> path = new ArrayDeque<>();
    private final Set<App> hooked = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Runnable> startHooks = new ArrayList<>();
    private final List<Runnable> stopHooks = new ArrayList<>();
  }

  /**
   * Compiles this app into the handler the server runs (or, when {@code mountPrefix} is not null,
   * the target of a mount), compiling its own mounts on the way. Closes its configuration.
   */
  AppHandler compile(Compilation c, String mountPrefix) {
    if (c.path.contains(this)) {
      throw new IllegalArgumentException("The app mounted at " + mountPrefix + " is mounted inside itself");
    }
    if (mountPrefix != null && jsonSet) {
      throw new IllegalArgumentException("The app mounted at " + mountPrefix + " sets its own JSON codec; a mounted "
          + "app uses the codec of the app that serves it: set it there");
    }
    sealed = true;
    c.path.push(this);
    try {
      RouteCompiler compiler = new RouteCompiler(c);
      compiler.compile(root);
      if (mountPrefix != null && c.hooked.add(this)) {
        c.startHooks.addAll(startHooks);
        c.stopHooks.addAll(stopHooks);
      }
      return new AppHandler(compiler.trie(), compiler.appMiddleware(), compiler.mounts(), errors, json);
    } finally {
      c.path.pop();
    }
  }

  private void checkNotStarted() {
    if (sealed) {
      throw new IllegalStateException(started ? "App is started; configure it before start()"
          : "App is mounted in a started app; configure it before that app starts");
    }
  }
}
