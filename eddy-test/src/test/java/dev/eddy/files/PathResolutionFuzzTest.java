package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.eddy.HttpException;
import dev.eddy.internal.files.Asset;
import dev.eddy.internal.files.DirectorySource;
import dev.eddy.internal.files.SafePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fuzzes static path resolution: whatever the rest of a request path is, it either is refused
 * (400 or 404) or names a real file below the root, never the secret beside it or a dotfile.
 *
 * <p>A normal test run replays the saved inputs in {@code PathResolutionFuzzTestInputs} (plus the
 * empty input). {@code JAZZER_FUZZ=1} fuzzes instead (README, "Other commands"); a finding is saved
 * there as a new input, so it becomes a regression test.
 */
class PathResolutionFuzzTest {
  private static final Tree TREE = tree();
  private static final DirectorySource SOURCE = new DirectorySource(TREE.root);

  private static Tree tree() {
    try {
      Path base = Files.createTempDirectory("eddy-fuzz");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(base)));
      return new Tree(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The input is the raw rest of a request path, byte for byte (as ISO-8859-1, like Netty's). */
  @FuzzTest(maxDuration = "2m")
  void neverResolvesOutsideTheRoot(byte[] input) throws IOException {
    String raw = new String(input, StandardCharsets.ISO_8859_1);
    for (boolean dotfiles : new boolean[] {false, true}) {
      SafePath path;
      try {
        path = SafePath.parse(raw, dotfiles);
      } catch (HttpException refused) {
        assertTrue(refused.status() == 400 || refused.status() == 404, "refused with " + refused.status());
        continue;
      }
      Path real = SOURCE.resolve(path, dotfiles);
      if (real != null) {
        assertTrue(real.startsWith(SOURCE.root()), raw + " resolved to " + real);
        assertFalse(real.equals(TREE.base.resolve("secret.txt").toRealPath()), raw);
        if (!dotfiles) {
          for (Path name : SOURCE.root().relativize(real)) {
            assertFalse(name.toString().startsWith("."), raw + " reached a dotfile: " + real);
          }
        }
      }
      try (Asset asset = SOURCE.open(path, dotfiles)) {
        if (asset != null) {
          try (InputStream in = asset.open(0)) {
            String content = new String(in.readNBytes(64), StandardCharsets.UTF_8);
            assertTrue(dotfiles || !content.contains(Tree.SECRET), raw + " served a secret");
            assertFalse(content.contains(Tree.SECRET) && !real.startsWith(SOURCE.root()), raw);
          }
        }
      }
    }
    Static.rest("/static/" + raw, "/static/*"); // the route split never throws either
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it up in the end
    }
  }
}
