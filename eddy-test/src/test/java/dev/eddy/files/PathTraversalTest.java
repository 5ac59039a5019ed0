package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every known way to climb out of a static root is refused with 404 or 400 (never 500), and no byte
 * of the secret next to the root ever reaches the client. Raw sockets, so nothing normalises the
 * path on the way.
 */
class PathTraversalTest {
  /** Request targets that try to reach {@code secret.txt} beside the root, or a hidden file in it. */
  static final List<String> VECTORS = List.of(
      "/static/../secret.txt",
      "/static/../../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/%2E%2E/secret.txt",
      "/static/.%2e/secret.txt",
      "/static/%2e./secret.txt",
      "/static/%252e%252e/secret.txt",
      "/static/%252e%252e%252fsecret.txt",
      "/static/..%2fsecret.txt",
      "/static/..%2Fsecret.txt",
      "/static/%2e%2e%2fsecret.txt",
      "/static/hello.txt/..%2f..%2fsecret.txt",
      "/static/..%5csecret.txt",
      "/static/..%5Csecret.txt",
      "/static/%5c..%5csecret.txt",
      "/static/..\\secret.txt",
      "/static/%c0%ae%c0%ae/secret.txt",
      "/static/%c0%ae%c0%ae%c0%afsecret.txt",
      "/static/%e0%80%ae%e0%80%ae/secret.txt",
      "/static/%c1%9c..%c1%9csecret.txt",
      "/static/%ef%bc%8e%ef%bc%8e/secret.txt",
      "/static/%u002e%u002e/secret.txt",
      "/static/..%00/secret.txt",
      "/static/hello.txt%00.html",
      "/static/%00../secret.txt",
      "/static/..;/secret.txt",
      "/static/..;/..;/secret.txt",
      "/static/.../secret.txt",
      "/static/..../secret.txt",
      "/static/.. /secret.txt",
      "/static/..%20/secret.txt",
      "/static//../secret.txt",
      "/static//secret.txt",
      "/static///etc/passwd",
      "/static/%2fetc%2fpasswd",
      "/static/%2Fetc/passwd",
      "/static/%2f..%2fsecret.txt",
      "/static/C:%5csecret.txt",
      "/static/c:/secret.txt",
      "/static/C%3a..%5csecret.txt",
      "/static/secret.txt::$DATA",
      "/static/..%2frootsecret%2ffile.txt",
      "/static/../rootsecret/file.txt",
      "/static/escape.txt",
      "/static/relative-escape",
      "/static/escape-dir/secret.txt",
      "/static/escape-dir/rootsecret/file.txt",
      "/static/to-dotfile",
      "/static/.env",
      "/static/%2eenv",
      "/static/css/.hidden",
      "/static/.git/config",
      "/static/.git/",
      "/static/%2egit/config",
      "/static/./.env",
      "/static/css/../.env",
      "http://t/static/../secret.txt",
      "/static/%",
      "/static/%2",
      "/static/%zz",
      "/static/%ff%fe",
      "/static/%ed%a0%80");

  @Test
  void noVectorServesAByteFromOutsideTheRoot(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      List<String> failures = new ArrayList<>();
      for (String target : VECTORS) {
        Raw.Response r = Raw.get(server.port(), target);
        if (r.raw().contains(Tree.SECRET) || !Set.of(400, 404).contains(r.status())) {
          failures.add(target + " -> " + r.status() + "\n" + r.raw());
        }
      }
      assertTrue(failures.isEmpty(), "Refused badly:\n" + String.join("\n---\n", failures));
    });
  }

  @Test
  void malformedEncodingsAre400AndUnservableNamesAre404(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      assertEquals(400, Raw.get(server.port(), "/static/%c0%ae%c0%ae/secret.txt").status());
      assertEquals(400, Raw.get(server.port(), "/static/%zz").status());
      assertEquals(404, Raw.get(server.port(), "/static/..%2fsecret.txt").status());
      assertEquals(404, Raw.get(server.port(), "/static/..%00/secret.txt").status());
      assertEquals(404, Raw.get(server.port(), "/static/escape.txt").status());
    });
  }

  @Test
  void linksThatStayInsideTheRootAndLiteralPercentNamesAreServed(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/static/*", Static.dir(tree.root));
    EddyTest.run(app, (server, client) -> {
      assertEquals("hello, world", Raw.get(server.port(), "/static/inner-link.txt").text());
      // %252e is decoded once, to the literal name "na%2e%2eme.txt"
      Raw.Response literal = Raw.get(server.port(), "/static/na%252e%252eme.txt");
      assertEquals(200, literal.status());
      assertEquals("literal percent name", literal.text());
    });
  }

  @Test
  void dotfilesAreServedOnlyWhenAllowed(@TempDir Path dir) throws Exception {
    Tree tree = new Tree(dir);
    App app = new App();
    app.get("/hidden/*", Static.dir(tree.root));
    app.get("/all/*", Static.dir(tree.root).dotfiles(true));
    EddyTest.run(app, (server, client) -> {
      assertEquals(404, Raw.get(server.port(), "/hidden/.env").status());
      assertEquals(404, Raw.get(server.port(), "/hidden/to-dotfile").status());
      assertEquals(200, Raw.get(server.port(), "/all/.env").status());
      assertEquals(200, Raw.get(server.port(), "/all/to-dotfile").status());
      // Allowing dotfiles never allows '..' or links out of the root.
      assertEquals(404, Raw.get(server.port(), "/all/../secret.txt").status());
      assertEquals(404, Raw.get(server.port(), "/all/escape.txt").status());
      assertFalse(Raw.get(server.port(), "/all/escape-dir/secret.txt").raw().contains(Tree.SECRET));
    });
  }
}
