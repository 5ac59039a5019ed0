package dev.eddy.proxy;

import dev.eddy.App;
import java.net.URI;

/** Backend runs an app on an ephemeral port of 127.0.0.1 for a proxy to forward to. */
final class Backend implements AutoCloseable {
  private final App app;

  Backend(App app) {
    this.app = app;
    app.options(app.options().host("127.0.0.1"));
    app.start(0);
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
