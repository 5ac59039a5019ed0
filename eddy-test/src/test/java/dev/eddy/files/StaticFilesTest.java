package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {

  @Test
  void servesFilesWithTheirTypeNosniffAndValidators(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> css = client.get("/static/css/app.css");
      assertEquals(200, css.statusCode());
      assertEquals("body { color: red }", css.body());
      assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("nosniff", css.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertEquals("bytes", css.headers().firstValue("Accept-Ranges").orElseThrow());
      assertEquals("no-cache", css.headers().firstValue("Cache-Control").orElseThrow());
      assertTrue(css.headers().firstValue("ETag").orElseThrow().matches("\"[0-9a-f]+-[0-9a-f]+\""));
      assertTrue(css.headers().firstValue("Last-Modified").orElseThrow().endsWith(" GMT"));
      assertEquals("19", css.headers().firstValue("Content-Length").orElseThrow());
      assertEquals("text/plain; charset=utf-8",
          client.get("/static/hello.txt").headers().firstValue("Content-Type").orElseThrow());
    });
  }

  @Test
  void directoriesServeTheirIndexAndGetTheirTrailingSlash(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    app.get("/", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      assertEquals("<h1>home</h1>", client.get("/static/").body());
      assertEquals("<h1>home</h1>", client.get("/").body());
      assertEquals("<h1>docs</h1>", client.get("/static/docs/").body());
      Raw.Response redirect = Raw.get(server.port(), "/static/docs?x=1&y=a%20b");
      assertEquals(301, redirect.status());
      assertEquals("/static/docs/?x=1&y=a%20b", redirect.header("Location"));
      assertEquals(404, Raw.get(server.port(), "/static/empty").status(), "no index: nothing to redirect to");
      assertEquals(404, Raw.get(server.port(), "/static/empty/").status());
      assertEquals(404, Raw.get(server.port(), "/static/hello.txt/").status(), "a file is not a directory");
      assertEquals(404, Raw.get(server.port(), "/static/missing.txt").status());
    });
  }

  @Test
  void headSendsTheHeadersOfGetWithoutTheBody(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      Raw.Response get = Raw.get(server.port(), "/static/hello.txt");
      Raw.Response head = Raw.send(server.port(), "HEAD", "/static/hello.txt");
      assertEquals(200, head.status());
      assertEquals(get.header("Content-Length"), head.header("Content-Length"));
      assertEquals(get.header("ETag"), head.header("ETag"));
      assertTrue(head.raw().endsWith("\r\n\r\n"), "no body after a HEAD: " + head.raw());
    });
  }

  @Test
  void onlyGetAndHeadAreServed(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.route("POST", "/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      Raw.Response post = Raw.send(server.port(), "POST", "/static/hello.txt", "Content-Length: 0");
      assertEquals(405, post.status());
      assertEquals("GET, HEAD", post.header("Allow"));
    });
  }

  @Test
  void cacheControlAndMediaTypesAreConfigurable(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    Tree.write(tree.root.resolve("app.3f2a1c.js"), "let x = 1;");
    Tree.write(tree.root.resolve("data.thing"), "thing");
    App app = new App();
    app.get("/static/*", Static.dir(tree.root)
        .cacheControl(path -> path.matches(".*\\.[0-9a-f]{6}\\.js") ? Static.IMMUTABLE : null)
        .mediaType("thing", "application/x-thing"));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> js = client.get("/static/app.3f2a1c.js");
      assertEquals(Static.IMMUTABLE, js.headers().firstValue("Cache-Control").orElseThrow());
      assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElseThrow());
      HttpResponse<String> thing = client.get("/static/data.thing");
      assertNull(thing.headers().firstValue("Cache-Control").orElse(null));
      assertEquals("application/x-thing", thing.headers().firstValue("Content-Type").orElseThrow());
    });
  }

  @Test
  void unknownTypesAreOctetStreams(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    Tree.write(tree.root.resolve("blob.xyz"), "?");
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> assertEquals("application/octet-stream",
        client.get("/static/blob.xyz").headers().firstValue("Content-Type").orElseThrow()));
  }

  @Test
  void classPathRootsServeResourcesAndNothingAboveThem() throws Exception {
    App app = new App();
    app.get("/web/*", Static.classpath("static-test"));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> page = client.get("/web/");
      assertEquals(200, page.statusCode());
      assertEquals("<p>from the class path</p>\n", page.body());
      assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("p { margin: 0 }\n", client.get("/web/site.css").body());
      assertEquals(301, Raw.get(server.port(), "/web/sub").status());
      assertEquals(404, Raw.get(server.port(), "/web/../static-test-secret.txt").status());
      assertEquals(404, Raw.get(server.port(), "/web/..%2fstatic-test-secret.txt").status());
      assertEquals(404, Raw.get(server.port(), "/web/missing.css").status());
      // Classes are resources too; a root keeps them out of reach.
      assertEquals(404, Raw.get(server.port(), "/web/..%2fdev%2feddy%2ffiles%2fStaticFilesTest.class").status());
    });
  }

  @Test
  void specialFilesAreNeverOpened(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    Process mkfifo = new ProcessBuilder("mkfifo", tree.root.resolve("pipe.txt").toString()).start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      // Opening a FIFO for reading blocks until a writer comes; it must be refused unopened.
      assertEquals(404, Raw.get(server.port(), "/static/pipe.txt").status());
      assertEquals(404, Raw.get(server.port(), "/static/css").status(), "a directory without an index");
    });
  }

  @Test
  void aRootThatIsNotADirectoryFailsAtOnce(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Static.dir(tree.root.resolve("hello.txt")));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Static.dir(dir.resolve("nope")));
    assertThrows(IllegalArgumentException.class, () -> Static.classpath("web/../x"));
    assertThrows(IllegalArgumentException.class, () -> Static.dir(tree.root).index("../x"));
  }
}
