package dev.eddy.bench.helidon;

import io.helidon.http.HeaderValues;
import io.helidon.json.JsonObject;
import io.helidon.webserver.WebServer;

/**
 * Helidon SE, idiomatic: HttpRouting with lambdas; handlers run on virtual threads (Helidon's model).
 * The only non-default option is TCP_NODELAY, which the other servers set too.
 */
public final class HelidonServer {
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    WebServer server = WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        // Helidon leaves Nagle on by default; with chunked JSON responses that costs a 40 ms
        // delayed-ACK stall per request. Every other server here sets TCP_NODELAY.
        .connectionOptions(o -> o.tcpNoDelay(true))
        .routing(r -> r
            .get("/plaintext", (req, res) -> res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN).send("Hello, World!"))
            .get("/json", (req, res) -> res.send(JsonObject.builder().set("message", "Hello, World!").build()))
            .get("/users/{id}", (req, res) -> {
              String id = req.path().pathParameters().get("id");
              res.send(JsonObject.builder().set("id", id).set("name", "User " + id).build());
            }))
        .build()
        .start();
    System.out.println("READY helidon port=" + server.port() + " cores=" + Runtime.getRuntime().availableProcessors());
  }
}
