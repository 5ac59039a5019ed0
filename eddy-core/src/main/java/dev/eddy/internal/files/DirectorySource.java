package dev.eddy.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * DirectorySource serves files below a directory. A candidate's real path (every symbolic link
 * resolved) must still lie below the root's real path, so a link that points outside is treated as
 * missing; links that stay inside are followed. The file is opened by its real path without
 * following links, and only if it is a regular file (never a FIFO, device or directory).
 */
public final class DirectorySource implements Source {
  private final Path realRoot;

  /** Throws {@link IllegalArgumentException} naming the path if it is not a readable directory. */
  public DirectorySource(Path root) {
    try {
      this.realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("Static root " + root.toAbsolutePath() + " does not exist or is not readable", e);
    }
    if (!Files.isDirectory(realRoot)) {
      throw new IllegalArgumentException("Static root " + realRoot + " is not a directory");
    }
  }

  public Path root() {
    return realRoot;
  }

  @Override
  public Asset open(SafePath path, boolean dotfiles) throws IOException {
    Path real = resolve(path, dotfiles);
    if (real == null) {
      return null;
    }
    BasicFileAttributes attrs;
    FileChannel channel;
    try {
      attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        return null;
      }
      channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null; // gone since, or not readable: the same 404 as missing
    }
    try {
      return Asset.ofFile(channel, attrs.lastModifiedTime().toMillis());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The real path that {@code path} names below the root, or null when it does not exist, can't be
   * read, or leaves the root (through a symbolic link) or passes a hidden name. Never throws for a
   * name the file system refuses (too long, not a directory on the way): that is null too.
   */
  public Path resolve(SafePath path, boolean dotfiles) {
    Path candidate = realRoot;
    for (String segment : path.segments()) {
      candidate = candidate.resolve(segment);
    }
    if (!candidate.normalize().startsWith(realRoot)) {
      return null; // SafePath makes this impossible; checked again because it is cheap
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (!real.startsWith(realRoot)) {
      return null;
    }
    if (!dotfiles) {
      for (Path name : realRoot.relativize(real)) {
        if (name.toString().startsWith(".")) {
          return null; // a link inside the root that leads to a hidden file
        }
      }
    }
    return real;
  }
}
