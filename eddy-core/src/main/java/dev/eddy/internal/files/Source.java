package dev.eddy.internal.files;

import java.io.IOException;

/** Source is where static files come from: a directory, or a root on the class path. */
public interface Source {
  /**
   * The regular file that {@code path} names, opened, or null when there is none (missing, a
   * directory, not readable, or outside the root). {@code dotfiles} allows names starting with '.'
   * anywhere on the way, symbolic links included. Throws only when reading what was found fails.
   */
  Asset open(SafePath path, boolean dotfiles) throws IOException;
}
