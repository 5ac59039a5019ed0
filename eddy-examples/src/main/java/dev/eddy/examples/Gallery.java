package dev.eddy.examples;

import dev.eddy.App;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gallery runs every demo on one port. {@code PORT} (default 8080) and {@code HOST} (default
 * 127.0.0.1; use 0.0.0.0 to listen on every interface) come from the environment.
 */
public final class Gallery {
  private static final Logger log = LoggerFactory.getLogger(Gallery.class);

  private Gallery() {}

  /** The gallery app with every demo registered; not started. */
  public static App create() {
    App app = new App();
    app.get("/", ctx -> ctx.html(IndexPage.html()));
    HelloDemo.register(app);
    app.use("/growler", GrowlerDemo.router());
    app.mount("/news", NewsDemo.app(Duration.ofMillis(Env.integer("NEWS_DELAY_MS", 200)), app::uri));
    return app;
  }

  public static void main(String[] args) {
    int port = Env.integer("PORT", 8080);
    String host = Env.string("HOST", "127.0.0.1");
    App app = create();
    app.options(app.options().host(host));
    app.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "eddy-shutdown"));
    log.info("Eddy gallery: http://{}:{}/", host.equals("0.0.0.0") ? "127.0.0.1" : host, app.port());
  }
}
