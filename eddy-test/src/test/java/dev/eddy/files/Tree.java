package dev.eddy.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tree lays out a static root for tests, with things next to it that must never be served: a
 * secret file beside the root, a sibling directory whose name starts like the root's, symbolic
 * links that point out of the root, and dotfiles inside it.
 */
final class Tree {
  static final String SECRET = "TOP-SECRET-DO-NOT-SERVE";

  final Path base;
  final Path root;

  Tree(Path base) throws IOException {
    this.base = base;
    this.root = Files.createDirectories(base.resolve("root"));
    write(base.resolve("secret.txt"), SECRET);
    write(base.resolve("rootsecret/file.txt"), SECRET);
    write(root.resolve("index.html"), "<h1>home</h1>");
    write(root.resolve("hello.txt"), "hello, world");
    write(root.resolve("css/app.css"), "body { color: red }");
    write(root.resolve("docs/index.html"), "<h1>docs</h1>");
    write(root.resolve("empty/readme.txt"), "no index here");
    write(root.resolve(".env"), SECRET);
    write(root.resolve("css/.hidden"), SECRET);
    write(root.resolve(".git/config"), SECRET);
    write(root.resolve("na%2e%2eme.txt"), "literal percent name");
    Files.createSymbolicLink(root.resolve("escape.txt"), base.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escape-dir"), base);
    Files.createSymbolicLink(root.resolve("relative-escape"), Path.of("../secret.txt"));
    Files.createSymbolicLink(root.resolve("to-dotfile"), root.resolve(".env"));
    Files.createSymbolicLink(root.resolve("inner-link.txt"), root.resolve("hello.txt"));
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
