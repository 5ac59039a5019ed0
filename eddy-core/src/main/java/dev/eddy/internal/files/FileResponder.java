package dev.eddy.internal.files;

import dev.eddy.HttpException;
import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.compress.AcceptEncoding;
import dev.eddy.internal.compress.ResponseEncoding;
import dev.eddy.internal.compress.VaryHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * FileResponder answers one GET or HEAD for a static file: it finds the file (or the index of a
 * directory, or the redirect that adds a directory's trailing slash), picks a precompressed
 * sibling the client accepts, sets the validators and cache headers, evaluates preconditions
 * (304, 412) and ranges (206, multipart/byteranges, 416), and sends the bytes: zero-copy from a
 * file, streamed when the compression middleware will encode them or they come from a jar.
 */
public final class FileResponder {
  /** A class path resource up to this size is read into memory and sent with a Content-Length. */
  private static final int SMALL = 256 * 1024;

  /** Variant is a precompressed sibling: the coding and the file name suffix. */
  private record Variant(String coding, String suffix) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("br", ".br"), new Variant("zstd", ".zst"), new Variant("gzip", ".gz"));

  private FileResponder() {}

  /** Serves {@code raw}, the percent-encoded path below the root, from {@code source}. */
  public static void serve(Exchange ex, Source source, FileOptions options, String raw) throws IOException {
    String method = ex.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.header("Allow", "GET, HEAD");
      throw new HttpException(405, "Method Not Allowed");
    }
    SafePath path = SafePath.parse(raw, options.dotfiles());
    SafePath target = path.directory() ? path.child(options.index()) : path;
    Asset asset = source.open(target, options.dotfiles());
    if (asset == null) {
      if (!path.directory() && !path.segments().isEmpty() && exists(source, path.child(options.index()), options)) {
        String t = ex.target();
        int q = t.indexOf('?');
        ex.redirect(ex.path() + "/" + (q < 0 ? "" : t.substring(q)), 301);
        return;
      }
      throw new HttpException(404, "Not Found");
    }
    try {
      send(ex, source, target, asset, options);
    } finally {
      asset.close();
    }
  }

  private static boolean exists(Source source, SafePath path, FileOptions options) throws IOException {
    try (Asset a = source.open(path, options.dotfiles())) {
      return a != null;
    }
  }

  private static void send(Exchange ex, Source source, SafePath target, Asset original, FileOptions options)
      throws IOException {
    String type = MediaTypes.of(target.name(), options.mediaTypes());
    Asset asset = original;
    String coding = null;
    if (options.precompressed()) {
      VaryHeader.add(ex, "Accept-Encoding");
      AcceptEncoding accept = AcceptEncoding.parse(ex.header("Accept-Encoding"));
      List<Variant> wanted = new ArrayList<>();
      for (Variant v : VARIANTS) {
        if (accept.quality(v.coding()) > 0) {
          wanted.add(v);
        }
      }
      wanted.sort(Comparator.comparingDouble((Variant v) -> -accept.quality(v.coding())));
      for (Variant v : wanted) {
        String name = target.name() + v.suffix();
        Asset found = source.open(new SafePath(replaceLast(target, name), false), options.dotfiles());
        if (found != null) {
          asset = found;
          coding = v.coding();
          break;
        }
      }
    }
    try {
      respond(ex, target, asset, type, coding, options);
    } finally {
      if (asset != original) {
        asset.close();
      }
    }
  }

  private static List<String> replaceLast(SafePath path, String name) {
    List<String> s = new ArrayList<>(path.segments());
    s.set(s.size() - 1, name);
    return s;
  }

  private static void respond(Exchange ex, SafePath target, Asset asset, String type, String coding,
                              FileOptions options) throws IOException {
    ex.header("X-Content-Type-Options", "nosniff");
    ex.header("Accept-Ranges", "bytes");
    ex.header("ETag", asset.etag());
    long modified = Math.min(asset.lastModified(), System.currentTimeMillis());
    if (modified > 0) {
      ex.header("Last-Modified", Preconditions.httpDate(modified));
    }
    String cacheControl = options.cacheControl().apply(target.relative());
    if (cacheControl != null) {
      ex.header("Cache-Control", cacheControl);
    }
    switch (Preconditions.evaluate(ex, asset.etag(), modified)) {
      case NOT_MODIFIED -> {
        ex.status(304);
        return;
      }
      case FAILED -> throw new HttpException(412, "Precondition Failed");
      case PROCEED -> { }
    }
    long length = asset.length();
    String range = ex.header("Range");
    if (range != null && ex.method().equals("GET") && Preconditions.rangeApplies(ex, asset.etag(), modified)) {
      ByteRanges.Parsed parsed = ByteRanges.parse(range, length);
      if (parsed.kind() == ByteRanges.Kind.UNSATISFIABLE) {
        ex.header("Content-Range", "bytes */" + length);
        throw new HttpException(416, "Range Not Satisfiable");
      }
      if (parsed.kind() == ByteRanges.Kind.SATISFIABLE) {
        if (coding != null) {
          ex.header("Content-Encoding", coding);
        }
        ex.status(206);
        if (parsed.ranges().size() == 1) {
          ByteRanges.Range r = parsed.ranges().get(0);
          ex.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + length);
          body(ex, asset, r.first(), r.length(), type, false);
        } else {
          multipart(ex, asset, parsed.ranges(), type);
        }
        return;
      }
    }
    if (coding != null) {
      ex.header("Content-Encoding", coding);
    }
    body(ex, asset, 0, length, type, coding == null);
  }

  /** Sends {@code count} bytes from {@code position}: zero-copy when it can, else from memory or streamed. */
  private static void body(Exchange ex, Asset asset, long position, long count, String type, boolean mayCompress)
      throws IOException {
    ResponseEncoding encoding = ex.attr(ResponseEncoding.KEY);
    boolean encoded = mayCompress && encoding != null && encoding.encodes(type, count);
    if (asset.isFile() && !encoded) {
      ex.sendFile(asset.takeChannel(), position, count, type);
      return;
    }
    if (count <= SMALL) {
      // In memory: a Content-Length, and the compression middleware encodes it after the handler.
      try (InputStream in = asset.open(position)) {
        ex.bytes(in.readNBytes((int) count), type);
      }
      return;
    }
    try (OutputStream out = ex.stream(type)) {
      if (!ex.method().equals("HEAD")) {
        copy(asset, position, count, out);
      }
    }
  }

  private static void multipart(Exchange ex, Asset asset, List<ByteRanges.Range> ranges, String type)
      throws IOException {
    String boundary = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    long length = asset.length();
    try (OutputStream out = ex.stream("multipart/byteranges; boundary=" + boundary)) {
      for (ByteRanges.Range r : ranges) {
        String head = "--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes "
            + r.first() + "-" + r.last() + "/" + length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        copy(asset, r.first(), r.length(), out);
        out.write(CRLF);
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private static void copy(Asset asset, long position, long count, OutputStream out) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = asset.open(position)) {
      long left = count;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("The file ended " + left + " bytes early; it changed while being sent");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
