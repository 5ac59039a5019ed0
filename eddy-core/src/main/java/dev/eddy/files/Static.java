package dev.eddy.files;

import dev.eddy.Context;
import dev.eddy.Handler;
import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.files.ClasspathSource;
import dev.eddy.internal.files.DirectorySource;
import dev.eddy.internal.files.FileOptions;
import dev.eddy.internal.files.FileResponder;
import dev.eddy.internal.files.Source;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Static serves files from a directory or from the class path, as the handler of a wildcard route:
 *
 * <pre>{@code
 * app.get("/static/*", Static.dir(Path.of("public")));
 * app.get("/assets/*", Static.classpath("web").cacheControl(Static.IMMUTABLE));
 * }</pre>
 *
 * <p>The part of the path that {@code *} matched names the file below the root; a path ending in
 * '/' (or a route without {@code *}) names a directory, which serves its {@code index.html}, and a
 * directory named without the slash is redirected (301) to the path with it. GET and HEAD only.
 *
 * <p>What it sends: {@code ETag} and {@code Last-Modified} with 304 and 412 for conditional
 * requests (RFC 9110 order); {@code Range} with 206, multipart/byteranges for several ranges (at
 * most 16, not overlapping, else 416) and {@code If-Range}; a precompressed {@code .br},
 * {@code .zst} or {@code .gz} sibling when the client accepts that coding (with
 * {@code Vary: Accept-Encoding}); {@code Content-Type} from the extension ({@code charset=utf-8}
 * for text) with {@code X-Content-Type-Options: nosniff}; the configured {@code Cache-Control}.
 * Files go out zero-copy (a Netty file region) unless the compression middleware will encode them
 * or they sit in a jar; then they are streamed.
 *
 * <p>Nothing outside the root is ever served: each segment is percent-decoded exactly once as
 * strict UTF-8, and {@code ..}, empty segments, backslashes, colons, control characters and
 * dotfiles (unless {@link #dotfiles} allows them) are refused with 404, malformed escapes with 400;
 * symbolic links are followed only while their target stays below the root. File I/O blocks: keep
 * it on a virtual-thread route (the default), not {@link Handler#onEventLoop}.
 *
 * <p>Immutable: each option returns a new Static.
 */
public final class Static implements Handler {
  /** Cache-Control for fingerprinted assets, whose name changes when their content does. */
  public static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final Source source;
  private final FileOptions options;

  private Static(Source source, FileOptions options) {
    this.source = source;
    this.options = options;
  }

  /**
   * Serves files below {@code root}. Throws {@link IllegalArgumentException} if it is not an
   * existing directory.
   */
  public static Static dir(Path root) {
    return new Static(new DirectorySource(Objects.requireNonNull(root, "root")), defaults());
  }

  /**
   * Serves class path resources below {@code root} ({@code "web"} for {@code src/main/resources/web}),
   * found through the thread's context class loader (else Eddy's own).
   */
  public static Static classpath(String root) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return classpath(loader != null ? loader : Static.class.getClassLoader(), root);
  }

  /** Serves class path resources below {@code root}, found through {@code loader}. */
  public static Static classpath(ClassLoader loader, String root) {
    return new Static(new ClasspathSource(loader, root), defaults());
  }

  private static FileOptions defaults() {
    return new FileOptions(path -> "no-cache", false, "index.html", true, Map.of());
  }

  /** The same Cache-Control for every file: {@code "no-cache"} (revalidate each time) by default. */
  public Static cacheControl(String value) {
    Objects.requireNonNull(value, "value");
    return cacheControl(path -> value);
  }

  /**
   * Cache-Control chosen by the file's path below the root ({@code "app.3f2a1c.js"}, without a
   * leading '/'), such as {@link #IMMUTABLE} for fingerprinted names; null sends none.
   */
  public Static cacheControl(Function<String, String> byPath) {
    Objects.requireNonNull(byPath, "byPath");
    return new Static(source, new FileOptions(byPath, options.dotfiles(), options.index(),
        options.precompressed(), options.mediaTypes()));
  }

  /** Whether names starting with '.' are served; false (404) by default. */
  public Static dotfiles(boolean serve) {
    return new Static(source, new FileOptions(options.cacheControl(), serve, options.index(),
        options.precompressed(), options.mediaTypes()));
  }

  /** The file served for a directory; {@code index.html} by default. */
  public Static index(String fileName) {
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
      throw new IllegalArgumentException("Index must be a plain file name, got '" + fileName + "'");
    }
    return new Static(source, new FileOptions(options.cacheControl(), options.dotfiles(), fileName,
        options.precompressed(), options.mediaTypes()));
  }

  /** Whether precompressed {@code .br}, {@code .zst}, {@code .gz} siblings are looked for; true by default. */
  public Static precompressed(boolean look) {
    return new Static(source, new FileOptions(options.cacheControl(), options.dotfiles(), options.index(),
        look, options.mediaTypes()));
  }

  /** Adds or replaces the Content-Type for an extension ({@code "avif"}, no dot). */
  public Static mediaType(String extension, String contentType) {
    Objects.requireNonNull(contentType, "contentType");
    String ext = Objects.requireNonNull(extension, "extension").toLowerCase(Locale.ROOT);
    if (ext.isEmpty() || ext.contains(".")) {
      throw new IllegalArgumentException("Extension must be given without a dot, got '" + extension + "'");
    }
    Map<String, String> types = new HashMap<>(options.mediaTypes());
    types.put(ext, contentType);
    return new Static(source, new FileOptions(options.cacheControl(), options.dotfiles(), options.index(),
        options.precompressed(), types));
  }

  @Override
  public void handle(Context ctx) throws Exception {
    FileResponder.serve((Exchange) ctx, source, options, rest(ctx.path(), ctx.routePattern()));
  }

  /**
   * The percent-encoded part of {@code path} that the route's trailing {@code *} matched: the
   * route and the raw path have the same number of segments before it, since routes split paths
   * on '/' before decoding. "" for a route without {@code *}.
   */
  static String rest(String path, String pattern) {
    if (pattern == null || !pattern.endsWith("*")) {
      return "";
    }
    int slashes = 0;
    for (int i = 0; i < pattern.length() - 1; i++) {
      if (pattern.charAt(i) == '/') {
        slashes++;
      }
    }
    int pos = 0;
    for (int i = 0; i < slashes; i++) {
      pos = path.indexOf('/', pos) + 1;
    }
    return path.substring(pos);
  }
}
