package dev.eddy.bench.vertx;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** Vert.x Web, idiomatic: a Router in a verticle, one verticle instance per core, native transport. */
public final class VertxServer {
  public record Message(String message) {}

  public record User(String id, String name) {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    vertx.deployVerticle(() -> new HttpVerticle(port), new DeploymentOptions().setInstances(cores))
        .onSuccess(id -> System.out.println("READY vertx port=" + port + " instances=" + cores
            + " native=" + vertx.isNativeTransportEnabled()))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  static final class HttpVerticle extends VerticleBase {
    private final int port;

    HttpVerticle(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      router.get("/plaintext").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("Hello, World!"));
      router.get("/json").handler(ctx -> ctx.json(new Message("Hello, World!")));
      router.get("/users/:id").handler(ctx -> {
        String id = ctx.pathParam("id");
        ctx.json(new User(id, "User " + id));
      });
      Future<HttpServer> listening = vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
      return listening;
    }
  }
}
