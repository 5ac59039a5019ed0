package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyTest {
  record Order(String item, int quantity, List<String> notes) {}

  private static App app() {
    App app = new App();
    app.post("/order", ctx -> {
      Order o = ctx.bodyAs(Order.class);
      ctx.status(201).json(Map.of("item", o.item(), "total", o.quantity() * 2));
    });
    app.post("/echo", ctx -> ctx.bytes(ctx.body(), "application/octet-stream"));
    app.post("/text", ctx -> ctx.text(ctx.bodyAsString().toUpperCase()));
    return app;
  }

  @Test
  void jsonBodiesBindToRecords() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.postJson("/order", "{\"item\":\"tea\",\"quantity\":3,\"notes\":[]}");
      assertEquals(201, r.statusCode());
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(r.body().contains("\"total\":6"), r.body());
    });
  }

  @Test
  void malformedJsonIs400NamingTheProblem() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.postJson("/order", "{\"item\": \"tea\", ");
      assertEquals(400, r.statusCode());
      assertTrue(r.body().startsWith("Malformed JSON at line 1"), r.body());
      HttpResponse<String> wrongType = client.postJson("/order", "{\"item\":\"tea\",\"quantity\":\"many\"}");
      assertEquals(400, wrongType.statusCode());
      assertTrue(wrongType.body().contains("quantity"), wrongType.body());
      assertEquals(400, client.postJson("/order", "").statusCode());
    });
  }

  @Test
  void aWrongContentTypeIs415() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.post("/order", "{\"item\":\"tea\"}", "text/plain");
      assertEquals(415, r.statusCode());
      assertTrue(r.body().contains("application/json"), r.body());
      assertEquals(201, client.post("/order", "{\"item\":\"t\",\"quantity\":1}", "application/vnd.api+json; charset=utf-8").statusCode());
    });
  }

  @Test
  void bodiesArriveAsBytesAndText() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      byte[] payload = new byte[300_000];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) i;
      }
      HttpResponse<byte[]> r = client.http().send(client.request("/echo")
          .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(payload.length, r.body().length);
      assertTrue(java.util.Arrays.equals(payload, r.body()));
      assertEquals("ÉTÉ", client.post("/text", "été", "text/plain; charset=utf-8").body());
      assertEquals("ÉTÉ", client.send(client.request("/text").header("Content-Type", "text/plain; charset=iso-8859-1")
          .POST(HttpRequest.BodyPublishers.ofByteArray("été".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))).body());
    });
  }

  @Test
  void redirectsSetLocation() throws Exception {
    App app = new App();
    app.get("/old", ctx -> ctx.redirect("/new"));
    app.get("/moved", ctx -> ctx.redirect("/new", 301));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/old");
      assertEquals(302, r.statusCode());
      assertEquals("/new", r.headers().firstValue("Location").orElseThrow());
      assertEquals(301, client.get("/moved").statusCode());
    });
  }
}
