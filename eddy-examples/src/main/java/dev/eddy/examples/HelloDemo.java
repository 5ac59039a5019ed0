package dev.eddy.examples;

import dev.eddy.App;

/** HelloDemo is seed 002's aiohttp hello: {@code /hello} and {@code /hello/{name}}. */
final class HelloDemo {
  private HelloDemo() {}

  static void register(App app) {
    app.get("/hello", ctx -> ctx.text("Hello, Anonymous"));
    app.get("/hello/:name", ctx -> ctx.text("Hello, " + ctx.param("name")));
  }
}
