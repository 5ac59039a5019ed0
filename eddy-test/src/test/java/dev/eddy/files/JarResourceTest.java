package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resources inside a jar can't go out zero-copy: small ones are sent from memory with a length,
 * large ones streamed in chunks, ranges by skipping. Their tag comes from the entry's CRC, so a
 * rebuilt jar with fixed timestamps still gets new tags for new content.
 */
class JarResourceTest {
  private static byte[] big() {
    byte[] b = new byte[600 * 1024];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  private static ClassLoader jar(Path dir, String css) throws Exception {
    Path jar = dir.resolve("web-" + css.hashCode() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      add(out, "web/index.html", "<p>jar</p>".getBytes(StandardCharsets.UTF_8));
      add(out, "web/site.css", css.getBytes(StandardCharsets.UTF_8));
      add(out, "web/big.txt", big());
      out.putNextEntry(new JarEntry("web/dir/"));
      out.closeEntry();
      add(out, "web/dir/index.html", "<p>dir</p>".getBytes(StandardCharsets.UTF_8));
      add(out, "secret.txt", Tree.SECRET.getBytes(StandardCharsets.UTF_8));
    }
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  private static void add(JarOutputStream out, String name, byte[] data) throws Exception {
    JarEntry e = new JarEntry(name);
    e.setTime(1_600_000_000_000L); // fixed, as reproducible builds do
    out.putNextEntry(e);
    out.write(data);
    out.closeEntry();
  }

  @Test
  void jarResourcesAreServedFromMemoryOrStreamed(@TempDir Path dir) throws Exception {
    App app = new App();
    app.get("/web/*", Static.classpath(jar(dir, "a { }"), "web"));
    EddyTest.run(app, (server, client) -> {
      Raw.Response small = Raw.get(server.port(), "/web/site.css");
      assertEquals("a { }", small.text());
      assertEquals("5", small.header("Content-Length"));
      Raw.Response big = Raw.get(server.port(), "/web/big.txt");
      assertEquals(200, big.status());
      assertEquals("chunked", big.header("Transfer-Encoding"));
      assertArrayEquals(big(), big.body());
      Raw.Response range = Raw.get(server.port(), "/web/big.txt", "Range: bytes=500000-500025");
      assertEquals(206, range.status());
      assertArrayEquals(Arrays.copyOfRange(big(), 500000, 500026), range.body());
      Raw.Response bigRange = Raw.get(server.port(), "/web/big.txt", "Range: bytes=1-590000");
      assertArrayEquals(Arrays.copyOfRange(big(), 1, 590001), bigRange.body());
      assertEquals("<p>jar</p>", Raw.get(server.port(), "/web/").text());
      assertEquals(301, Raw.get(server.port(), "/web/dir").status());
      assertEquals("<p>dir</p>", Raw.get(server.port(), "/web/dir/").text());
      assertEquals(404, Raw.get(server.port(), "/web/../secret.txt").status());
      Raw.Response head = Raw.send(server.port(), "HEAD", "/web/big.txt");
      assertEquals(200, head.status());
      assertTrue(head.raw().endsWith("\r\n\r\n"), head.raw());
      assertNull(head.header("Content-Length"));
    });
  }

  @Test
  void theTagOfAJarEntryFollowsItsContentNotItsTimestamp(@TempDir Path dir) throws Exception {
    App one = new App();
    one.get("/web/*", Static.classpath(jar(dir, "a { }"), "web"));
    String[] tags = new String[2];
    EddyTest.run(one, (server, client) -> tags[0] = Raw.get(server.port(), "/web/site.css").header("ETag"));
    App two = new App();
    two.get("/web/*", Static.classpath(jar(dir, "b { }"), "web"));
    EddyTest.run(two, (server, client) -> tags[1] = Raw.get(server.port(), "/web/site.css").header("ETag"));
    assertNotEquals(tags[0], tags[1]);
  }
}
