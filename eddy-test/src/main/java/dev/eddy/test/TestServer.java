package dev.eddy.test;

import dev.eddy.App;
import java.net.URI;

/** TestServer is a started app as a test sees it: its port and addresses. */
public final class TestServer {
  private final App app;

  TestServer(App app) {
    this.app = app;
  }

  public App app() {
    return app;
  }

  public int port() {
    return app.port();
  }

  /** {@code http://127.0.0.1:<port><path>}; {@code path} starts with '/'. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }
}
