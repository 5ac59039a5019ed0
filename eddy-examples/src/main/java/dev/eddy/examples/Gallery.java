package dev.eddy.examples;

import dev.eddy.App;
import dev.eddy.js.EddyJs;
import dev.eddy.security.SecurityHeaders;
import dev.eddy.compression.Compression;
import dev.eddy.files.Static;
import dev.eddy.task.TaskApi;
import dev.eddy.task.TaskDashboard;
import dev.eddy.task.Tasks;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gallery runs every demo on one port. {@code PORT} (default 8080) and {@code HOST} (default
 * 127.0.0.1; use 0.0.0.0 to listen on every interface) come from the environment, and
 * {@code EDDY_DEBUG=1} turns on debug mode (a blocked event loop is logged with its stack);
 * {@code ADMIN_PASSWORD} is the admin page's password ({@link GalleryConfig});
 * {@code RESULTS_DELAY_MS} (default 1000) is how long the results demo takes to fetch a page;
 * {@code PROGRESS_DELAY_MS} (default 50) is the progress demo's pause between steps;
 * {@code REDIS_URL} puts the chat, sessions and tasks in Redis, shared with other instances
 * ({@link Backends}).
 */
public final class Gallery {
  private static final Logger log = LoggerFactory.getLogger(Gallery.class);

  private Gallery() {}

  /** The gallery app with every demo registered, configured from the environment; not started. */
  public static App create() {
    return create(GalleryConfig.fromEnv());
  }

  /** The gallery app with every demo registered; not started. */
  public static App create(GalleryConfig config) {
    return create(config, defaultResults(), null, Backends.fromEnvironment());
  }

  /** The gallery with {@code results} as its Paginated results demo (tests pass one with a short delay). */
  static App create(ResultsDemo results) {
    return create(GalleryConfig.fromEnv(), results, null, Backends.fromEnvironment());
  }

  /** The gallery with {@code tasks} as the manager of its task demos; stopping the app closes it. */
  static App create(Tasks tasks) {
    return create(GalleryConfig.fromEnv(), defaultResults(), tasks, Backends.fromEnvironment());
  }

  /** The gallery on {@code backends}, closed when it stops: tests run two instances on one Redis. */
  static App create(Backends backends) {
    return create(GalleryConfig.fromEnv(), defaultResults(), null, backends);
  }

  private static ResultsDemo defaultResults() {
    return new ResultsDemo(Duration.ofMillis(Env.integer("RESULTS_DELAY_MS", 1000)));
  }

  /**
   * The gallery on {@code backends} (closed when it stops); {@code tasks} is the manager of every
   * task demo, or null for one on the backends' task store.
   */
  private static App create(GalleryConfig config, ResultsDemo results, Tasks givenTasks, Backends backends) {
    App app = new App();
    app.onStop(backends::close); // stop hooks run in reverse order: this one last, after what is built on it
    app.use(securityHeaders());
    app.use(Compression.defaults());
    app.get("/static/*", Static.classpath("dev/eddy/examples/static")); // the gallery's own CSS and scripts
    app.get("/", ctx -> ctx.html(IndexPage.html()));
    app.use("/", EddyJs.router());
    HelloDemo.register(app);
    app.use("/growler", GrowlerDemo.router(backends.sessionStore()));
    ChatDemo.register(app, backends);
    results.register(app);
    app.mount("/news", NewsDemo.app(Duration.ofMillis(Env.integer("NEWS_DELAY_MS", 200)), app::uri));
    BlogDemo.register(app, config);
    Tasks tasks = givenTasks != null ? givenTasks : Tasks.builder().store(backends.taskStore()).build();
    app.onStop(tasks::close); // one manager for every task demo, so the dashboard shows them all
    tasks.register(CountdownDemo.kind());
    ProgressDemo.register(app, tasks, Duration.ofMillis(Env.integer("PROGRESS_DELAY_MS", 50)));
    app.use("/api/tasks", TaskApi.router(tasks));
    app.use("/tasks", TaskDashboard.router(tasks, "/api/tasks"));
    return app;
  }

  /** The OWASP set on every gallery response; the pages' own inline styles are allowed. */
  static SecurityHeaders securityHeaders() {
    return SecurityHeaders.defaults().contentSecurityPolicy("default-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'");
  }

  public static void main(String[] args) {
    int port = Env.integer("PORT", 8080);
    String host = Env.string("HOST", "127.0.0.1");
    GalleryConfig config = GalleryConfig.fromEnv();
    App app = create(config);
    app.options(app.options().host(host));
    app.debug(Env.flag("EDDY_DEBUG", false));
    app.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "eddy-shutdown"));
    log.info("Eddy gallery: http://{}:{}/ (shared state: {})", host.equals("0.0.0.0") ? "127.0.0.1" : host, app.port(),
        Env.string("REDIS_URL", null) == null ? "in memory" : "Redis at " + Env.string("REDIS_URL", null));
    if (config.adminNotice() != null) {
      log.info(config.adminNotice());
    }
  }
}
