package dev.eddy.internal.files;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.jar.JarEntry;

/**
 * ClasspathSource serves resources below a root on the class path, such as {@code web} for
 * {@code src/main/resources/web}. A resource in a directory of the class path is opened as a file
 * (zero-copy); one in a jar is read as a stream, with its CRC in the entity tag. Directory entries
 * are never served. Names come from {@link SafePath}, so they can't climb out of the root.
 */
public final class ClasspathSource implements Source {
  private final ClassLoader loader;
  private final String root;

  /** {@code root} is a resource path such as {@code web} or {@code com/example/web}; "" for all. */
  public ClasspathSource(ClassLoader loader, String root) {
    this.loader = Objects.requireNonNull(loader, "loader");
    String r = Objects.requireNonNull(root, "root");
    while (r.startsWith("/")) {
      r = r.substring(1);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    for (String part : r.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw new IllegalArgumentException("Class path root '" + root + "' must not contain '.' or '..'");
      }
    }
    this.root = r;
  }

  @Override
  public Asset open(SafePath path, boolean dotfiles) throws IOException {
    if (path.segments().isEmpty()) {
      return null;
    }
    String name = root.isEmpty() ? path.relative() : root + "/" + path.relative();
    URL url = loader.getResource(name);
    if (url == null) {
      return null;
    }
    switch (url.getProtocol()) {
      case "file" -> {
        return openFile(url);
      }
      case "jar" -> {
        return openJarEntry(url);
      }
      default -> {
        URLConnection c = url.openConnection();
        long length = c.getContentLengthLong();
        return length < 0 ? null : Asset.ofStream(url::openStream, length, c.getLastModified(), c.getLastModified());
      }
    }
  }

  private static Asset openFile(URL url) throws IOException {
    Path file;
    try {
      file = Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    BasicFileAttributes attrs;
    FileChannel channel;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        return null;
      }
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      return null;
    }
    try {
      return Asset.ofFile(channel, attrs.lastModifiedTime().toMillis());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static Asset openJarEntry(URL url) throws IOException {
    JarURLConnection c = (JarURLConnection) url.openConnection();
    JarEntry entry = c.getJarEntry();
    if (entry == null || entry.isDirectory() || entry.getSize() < 0) {
      return null;
    }
    long time = Math.max(0, entry.getTime());
    return Asset.ofStream(() -> url.openConnection().getInputStream(), entry.getSize(), time,
        entry.getCrc() >= 0 ? entry.getCrc() : time);
  }
}
