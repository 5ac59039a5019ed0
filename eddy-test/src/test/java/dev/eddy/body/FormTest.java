package dev.eddy.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormTest {
  /** Answers the form as {@code name=[values]} lines, so tests see exactly what was decoded. */
  private static App echoApp(FormLimits limits) {
    App app = new App();
    Handler echo = ctx -> {
      Form form = Form.read(ctx, limits);
      StringBuilder out = new StringBuilder();
      form.asMap().forEach((name, values) -> out.append(name).append('=').append(values).append('\n'));
      ctx.text(out.toString());
    };
    app.post("/form", echo);
    app.post("/streamed", Handler.streamingBody(1 << 20, echo));
    app.post("/twice", ctx -> ctx.text(String.valueOf(Form.read(ctx) == Form.read(ctx))));
    app.post("/need", ctx -> ctx.text(Form.read(ctx).require("email")));
    return app;
  }

  private static HttpResponse<String> post(TestClient client, String path, String body, String type) throws Exception {
    return client.send(client.request(path).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.ISO_8859_1))));
  }

  private static final String FORM = "application/x-www-form-urlencoded";

  @Test
  void multiValuedFieldsKeepTheirOrderAndPlusIsASpace() throws Exception {
    EddyTest.run(echoApp(FormLimits.defaults()), (server, client) -> {
      HttpResponse<String> r = post(client, "/form", "tag=a&name=Ada+Lovelace&tag=b&&tag=&empty&x%3Dy=1%262", FORM);
      assertEquals(200, r.statusCode());
      assertEquals("tag=[a, b, ]\nname=[Ada Lovelace]\nempty=[]\nx=y=[1&2]\n", r.body());
    });
  }

  @Test
  void utf8IsTheDefaultAndTheCharsetParameterIsHonoured() throws Exception {
    EddyTest.run(echoApp(FormLimits.defaults()), (server, client) -> {
      assertEquals("name=[Zoë ☃]\n", post(client, "/form", "name=Zo%C3%AB+%E2%98%83", FORM).body());
      assertEquals("name=[Zoë]\n", post(client, "/form", "name=Zo%EB", FORM + "; charset=ISO-8859-1").body());
      assertEquals("name=[Zoë]\n", post(client, "/form", "name=Zo%C3%AB", FORM + ";charset=\"utf-8\"").body());
    });
  }

  @Test
  void malformedInputIs400WithAReason() throws Exception {
    EddyTest.run(echoApp(FormLimits.defaults()), (server, client) -> {
      HttpResponse<String> badHex = post(client, "/form", "a=1&b=%zz", FORM);
      assertEquals(400, badHex.statusCode());
      assertTrue(badHex.body().contains("'%' not followed by two hex digits in field 'b'"), badHex.body());
      HttpResponse<String> cut = post(client, "/form", "a=%4", FORM);
      assertEquals(400, cut.statusCode());
      HttpResponse<String> badUtf8 = post(client, "/form", "name=%C3%28", FORM);
      assertEquals(400, badUtf8.statusCode());
      assertTrue(badUtf8.body().contains("Form field 'name' is not valid UTF-8"), badUtf8.body());
      HttpResponse<String> unknownCharset = post(client, "/form", "a=1", FORM + "; charset=klingon");
      assertEquals(415, unknownCharset.statusCode());
      assertTrue(unknownCharset.body().contains("Unsupported charset 'klingon'"), unknownCharset.body());
    });
  }

  @Test
  void otherContentTypesAre415AndMissingFieldsAre400() throws Exception {
    EddyTest.run(echoApp(FormLimits.defaults()), (server, client) -> {
      HttpResponse<String> json = post(client, "/form", "{}", "application/json");
      assertEquals(415, json.statusCode());
      assertTrue(json.body().contains("Expected Content-Type application/x-www-form-urlencoded, got 'application/json'"));
      HttpResponse<String> multipart = post(client, "/form", "", "multipart/form-data; boundary=x");
      assertTrue(multipart.body().contains("Multipart.read"), multipart.body());
      HttpResponse<String> missing = post(client, "/need", "name=x", FORM);
      assertEquals(400, missing.statusCode());
      assertEquals("Missing form field 'email'\n", missing.body());
    });
  }

  @Test
  void limitsAre413NamingTheLimit() throws Exception {
    FormLimits limits = FormLimits.defaults().maxBytes(100).maxFields(3).maxFieldBytes(10);
    EddyTest.run(echoApp(limits), (server, client) -> {
      HttpResponse<String> fields = post(client, "/form", "a=1&b=2&c=3&d=4", FORM);
      assertEquals(413, fields.statusCode());
      assertEquals("Form has more than 3 fields (maxFields)\n", fields.body());
      HttpResponse<String> value = post(client, "/form", "a=12345678901", FORM);
      assertEquals(413, value.statusCode());
      assertEquals("Form field 'a' is larger than 10 bytes (maxFieldBytes)\n", value.body());
      HttpResponse<String> name = post(client, "/form", "abcdefghijk=1", FORM);
      assertEquals("A form field name is larger than 10 bytes (maxFieldBytes)\n", name.body());
      HttpResponse<String> body = post(client, "/form", "a=1&" + "&".repeat(100), FORM);
      assertEquals(413, body.statusCode());
      assertEquals("Form body larger than 100 bytes (maxBytes)\n", body.body());
      HttpResponse<String> streamed = client.send(client.request("/streamed").header("Content-Type", FORM)
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
              ("a=1&" + "&".repeat(100)).getBytes(StandardCharsets.US_ASCII)))));
      assertEquals(413, streamed.statusCode(), "chunked, no Content-Length: counted while reading");
      assertEquals("Form body larger than 100 bytes (maxBytes)\n", streamed.body());
    });
  }

  @Test
  void streamingRoutesReadFormsToo() throws Exception {
    EddyTest.run(echoApp(FormLimits.defaults()), (server, client) -> {
      assertEquals("a=[1]\nb=[x y]\n", post(client, "/streamed", "a=1&b=x+y", FORM).body());
      assertEquals("true", post(client, "/twice", "a=1", FORM).body());
    });
  }
}
