package dev.eddy.bench.javalin;

import io.javalin.Javalin;

/** Javalin, idiomatic: routes in the config, {@code ctx.result} and {@code ctx.json}, defaults otherwise. */
public final class JavalinServer {
  public record Message(String message) {}

  public record User(String id, String name) {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/plaintext", ctx -> ctx.contentType("text/plain; charset=utf-8").result("Hello, World!"));
      config.routes.get("/json", ctx -> ctx.json(new Message("Hello, World!")));
      config.routes.get("/users/{id}", ctx -> {
        String id = ctx.pathParam("id");
        ctx.json(new User(id, "User " + id));
      });
    }).start("127.0.0.1", port);
    System.out.println("READY javalin port=" + app.port() + " cores=" + Runtime.getRuntime().availableProcessors());
  }
}
