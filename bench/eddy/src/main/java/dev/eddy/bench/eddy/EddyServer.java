package dev.eddy.bench.eddy;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.ServerOptions;

/**
 * Eddy with the default options: {@code /plaintext}, {@code /json} and {@code /users/:id} run on
 * the event loop ({@link Handler#onEventLoop}); the same handlers under {@code /vt} run on
 * virtual threads, Eddy's default.
 */
public final class EddyServer {
  public record Message(String message) {}

  public record User(String id, String name) {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    Handler plaintext = ctx -> ctx.text("Hello, World!");
    Handler json = ctx -> ctx.json(new Message("Hello, World!"));
    Handler user = ctx -> {
      String id = ctx.param("id");
      ctx.json(new User(id, "User " + id));
    };
    App app = new App()
        .options(ServerOptions.defaults().host("127.0.0.1"))
        .get("/plaintext", Handler.onEventLoop(plaintext))
        .get("/json", Handler.onEventLoop(json))
        .get("/users/:id", Handler.onEventLoop(user))
        .get("/vt/plaintext", plaintext)
        .get("/vt/json", json)
        .get("/vt/users/:id", user);
    app.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    System.out.println("READY eddy port=" + app.port() + " cores=" + Runtime.getRuntime().availableProcessors());
  }
}
