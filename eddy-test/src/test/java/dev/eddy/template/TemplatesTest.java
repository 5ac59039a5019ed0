package dev.eddy.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Router;
import dev.eddy.template.jte.JteRenderer;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TemplatesTest {
  public record Post(String title, String body) {}

  private static final String XSS = "<script>alert('x')</script>\" onmouseover=\"alert(1)";

  @TempDir
  Path dir;

  @Test
  void rendersAPageAsHtmlWithTheRendererInScopeAndKeepsTheStatus() throws Exception {
    App app = new App();
    Router other = new Router().use(Templates.with((name, model, out) -> out.write("other:" + name)));
    other.get("/page", ctx -> Templates.render(ctx, "x", Map.of()));
    app.use(Templates.with((name, model, out) -> out.write("<p>" + name + " " + model.get("n") + "</p>")));
    app.get("/page", ctx -> Templates.render(ctx.status(201), "home", Map.of("n", 3)));
    app.use("/other", other);
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/page");
      assertEquals(201, r.statusCode());
      assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals("<p>home 3</p>", r.body());
      assertEquals("other:x", client.get("/other/page").body(), "a router's own renderer wins");
    });
  }

  @Test
  void renderingWithoutARendererSaysHowToAddOne() throws Exception {
    App app = new App();
    app.get("/page", ctx -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Templates.render(ctx, "x", Map.of()));
      ctx.text(e.getMessage());
    });
    EddyTest.run(app, (server, client) -> assertEquals(
        "No template renderer for GET /page: add app.use(Templates.with(renderer)) before its routes",
        client.get("/page").body()));
  }

  @Test
  void jteEscapesAnXssPayloadInTextAttributesAndUrls() throws Exception {
    App app = new App();
    app.use(Templates.with(JteRenderer.fromClasspath("templates")));
    app.get("/post", ctx -> Templates.render(ctx, "post", Map.of("post", new Post(XSS, "body & <b>soul</b>"),
        "tags", List.of("<i>a</i>", "b"))));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/post");
      assertEquals(200, r.statusCode(), r.body());
      String html = r.body();
      assertFalse(html.contains("<script>"), html);
      assertFalse(java.util.regex.Pattern.compile("<[^>]*onmouseover=\"").matcher(html).find(), "no attribute injected");
      // In an attribute, quotes are escaped; in text, < and > are (quotes are harmless there).
      assertTrue(html.contains("<h1 title=\"&lt;script>alert(&#39;x&#39;)&lt;/script>&#34; onmouseover=&#34;alert(1)\">"
          + "&lt;script&gt;alert('x')&lt;/script&gt;\" onmouseover=\"alert(1)</h1>"), html);
      assertTrue(html.contains("<a href=\"/search?q=&lt;script>alert(&#39;x&#39;)&lt;/script>&#34; onmouseover"), html);
      assertTrue(html.contains("<span class=\"tag\">&lt;i&gt;a&lt;/i&gt;</span><span class=\"tag\">b</span>"), html);
      assertTrue(html.contains("<div>body &amp; &lt;b&gt;soul&lt;/b&gt;</div>"), html);
    });
  }

  @Test
  void templateErrorsNameTheTemplateAndLine() throws Exception {
    Files.writeString(dir.resolve("broken.jte"), "@param String title\n<p>ok</p>\n<p>${title.nope()}</p>\n");
    Files.writeString(dir.resolve("npe.jte"), "@param String title\n<p>ok</p>\n<p>${title.length()}</p>\n");
    Files.writeString(dir.resolve("unclosed.jte"), "@param String title\n@if(title != null)\n<p>x</p>\n");
    Renderer jte = JteRenderer.fromDirectory(dir);
    Map<String, Object> nullTitle = new java.util.HashMap<>();
    nullTitle.put("title", null);

    TemplateException compile = assertThrows(TemplateException.class, () -> jte.render("broken", Map.of("title", "t")));
    assertEquals("broken.jte", compile.template());
    assertEquals(3, compile.line());
    assertTrue(compile.getMessage().startsWith("Template 'broken.jte', line 3: does not compile: cannot find symbol"),
        compile.getMessage());
    assertTrue(compile.getMessage().contains("method nope()"), compile.getMessage());

    TemplateException render = assertThrows(TemplateException.class, () -> jte.render("npe", nullTitle));
    assertEquals(3, render.line());
    assertTrue(render.getMessage().startsWith("Template 'npe.jte', line 3: failed while rendering: "
        + "java.lang.NullPointerException"), render.getMessage());

    TemplateException unclosed = assertThrows(TemplateException.class, () -> jte.render("unclosed", Map.of("title", "t")));
    assertEquals("unclosed.jte", unclosed.template());
    assertTrue(unclosed.getMessage().startsWith("Template 'unclosed.jte'"), unclosed.getMessage());

    TemplateException missing = assertThrows(TemplateException.class, () -> jte.render("nope", Map.of()));
    assertEquals("nope.jte", missing.template());
    assertTrue(missing.getMessage().startsWith("Template 'nope.jte': not found"), missing.getMessage());
  }

  @Test
  void aFailingTemplateIsAClean500AndTheLogNamesIt() throws Exception {
    Files.writeString(dir.resolve("broken.jte"), "@param String title\n${title.nope()}\n");
    App app = new App();
    app.use(Templates.with(JteRenderer.fromDirectory(dir)));
    app.get("/broken", ctx -> Templates.render(ctx, "broken", Map.of("title", "t")));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/broken");
      assertEquals(500, r.statusCode());
      assertTrue(r.body().startsWith("Internal Server Error (error id "), r.body());
      assertFalse(r.body().contains("broken.jte"), "template details stay in the log");
    });
  }

  @Test
  void aDirectoryTemplateChangedOnDiskIsRecompiled() throws Exception {
    Files.writeString(dir.resolve("hello.jte"), "@param String name\nHello ${name}");
    Renderer jte = JteRenderer.fromDirectory(dir);
    assertEquals("Hello <b>", jte.render("hello", Map.of("name", "<b>")).replace("&lt;b&gt;", "<b>"));
    Files.writeString(dir.resolve("hello.jte"), "@param String name\nBye ${name}");
    Files.setLastModifiedTime(dir.resolve("hello.jte"), java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() + 5000));
    assertEquals("Bye x", jte.render("hello", Map.of("name", "x")));
  }
}
