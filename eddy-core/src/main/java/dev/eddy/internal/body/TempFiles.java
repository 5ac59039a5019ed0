package dev.eddy.internal.body;

import dev.eddy.Context;
import dev.eddy.Key;
import dev.eddy.internal.app.HandlerScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TempFiles are the temporary files one request wrote, deleted together when the handler is done
 * with it ({@link HandlerScope}): after a response, an exception, or a client that went away. Names
 * are generated ({@code eddy-upload-<random>.tmp}, by {@link Files#createTempFile}, owner-only
 * permissions on POSIX systems); nothing a client sends reaches a path.
 */
public final class TempFiles {
  private static final Logger log = LoggerFactory.getLogger(TempFiles.class);
  private static final Key<TempFiles> KEY = Key.of("eddy.temp-files");

  private final List<Path> files = new ArrayList<>();

  private TempFiles() {}

  /** The request's temporary files, registered for deletion on first use. */
  public static TempFiles of(Context ctx) {
    TempFiles t = ctx.attr(KEY);
    if (t == null) {
      t = new TempFiles();
      HandlerScope.onHandled(ctx, t::deleteAll);
      ctx.attr(KEY, t);
    }
    return t;
  }

  /** Creates an empty file in {@code dir} (made if missing), to be deleted with the others. */
  public synchronized Path create(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "eddy-upload-", ".tmp");
    files.add(file);
    return file;
  }

  /** Deletes every file still there (a moved file is gone already). */
  public void deleteAll() {
    List<Path> todo;
    synchronized (this) {
      todo = List.copyOf(files);
      files.clear();
    }
    for (Path file : todo) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not delete the upload {}", file, e);
      }
    }
  }
}
