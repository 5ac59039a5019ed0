package dev.eddy.compression;

import dev.eddy.Context;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.compress.AcceptEncoding;
import dev.eddy.internal.compress.Coding;
import dev.eddy.internal.compress.Codings;
import dev.eddy.internal.compress.CompressibleTypes;
import dev.eddy.internal.compress.ResponseEncoding;
import dev.eddy.internal.compress.VaryHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Compression encodes response bodies in the best coding the client accepts: br and zstd when their
 * native libraries are on the class path and load (brotli4j, zstd-jni), else gzip or deflate from
 * the JDK.
 *
 * <pre>{@code
 * app.use(Compression.defaults());
 * app.use(Compression.defaults().minSize(512).codings("gzip"));
 * }</pre>
 *
 * <p>Negotiation follows {@code Accept-Encoding} with its q-values ({@code q=0} refuses a coding,
 * ties go to the order above); without the header nothing is compressed. A response is compressed
 * when its type is compressible ({@link #types}), it is at least {@link #minSize} bytes (unless the
 * client refused {@code identity}), and it is not already encoded, partial (206), empty (204, 304,
 * HEAD of a stream) or marked {@code Cache-Control: no-transform}. Each such response says
 * {@code Vary: Accept-Encoding}, and a compressed one carries a weak ETag ({@code W/"..."}), since
 * its bytes differ from the identity response with the same tag; a 304 for a weak tag keeps it weak.
 *
 * <p>Bodies set by the time the chain returns are compressed whole, on the thread that ran the
 * chain (an event-loop route compresses on the loop). Streams ({@link Context#stream}) are
 * compressed as they are written, with the compressor flushed on every {@code flush()}, so memory
 * stays bounded and each flushed piece reaches the client. Server-Sent Events are never compressed.
 * Bodies set later by {@link Context#async} are sent as they are.
 */
public final class Compression implements Middleware {
  private final List<Coding> codings;
  private final List<String> names;
  private final int minSize;
  private final Predicate<String> types;

  private Compression(List<Coding> codings, int minSize, Predicate<String> types) {
    this.codings = List.copyOf(codings);
    this.names = this.codings.stream().map(Coding::name).toList();
    this.minSize = minSize;
    this.types = types;
  }

  /** Every coding that works here, responses of 1 KiB and more, the usual compressible types. */
  public static Compression defaults() {
    return new Compression(Codings.available(), 1024, CompressibleTypes::test);
  }

  /**
   * The codings to offer, in order of preference, from {@code br}, {@code zstd}, {@code gzip},
   * {@code deflate}. A coding whose native library is missing here is skipped; an unknown name
   * throws {@link IllegalArgumentException}.
   */
  public Compression codings(String... names) {
    List<Coding> chosen = new ArrayList<>();
    for (String name : names) {
      String n = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
      if (!List.of("br", "zstd", "gzip", "deflate").contains(n)) {
        throw new IllegalArgumentException("Unknown content coding '" + name + "'; use br, zstd, gzip or deflate");
      }
      Coding c = Codings.byName(n);
      if (c != null) {
        chosen.add(c);
      }
    }
    return new Compression(chosen, minSize, types);
  }

  /** The smallest body worth compressing, in bytes (1024 by default). */
  public Compression minSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("minSize must be >= 0, got " + bytes);
    }
    return new Compression(codings, bytes, types);
  }

  /** Which Content-Type values are compressible (the full header value is passed). */
  public Compression types(Predicate<String> compressible) {
    return new Compression(codings, minSize, Objects.requireNonNull(compressible, "compressible"));
  }

  /** The names of the codings offered, in order of preference. */
  public List<String> codingNames() {
    return names;
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    Exchange ex = (Exchange) ctx;
    AcceptEncoding accept = AcceptEncoding.parse(ctx.header("Accept-Encoding"));
    String chosen = ctx.header("Accept-Encoding") == null ? null : accept.choose(names);
    Plan plan = new Plan(chosen == null ? null : codings.get(names.indexOf(chosen)), !accept.identityAcceptable());
    if (plan.coding != null) {
      ctx.attr(ResponseEncoding.KEY, plan);
    }
    ex.streamEncoder(plan);
    next.run();
    if (ex.committed() || ex.asyncPending()) {
      return;
    }
    if (ctx.status() == 304) {
      keepWeakTag(ctx);
      return;
    }
    String type = ctx.responseHeader("Content-Type");
    if (!plan.varies(ctx, type)) {
      return;
    }
    VaryHeader.add(ctx, "Accept-Encoding"); // a file sent as is varies too: another client gets it encoded
    byte[] body = ex.responseBody();
    if (body == null || !plan.encodes(type, body.length)) {
      return;
    }
    byte[] encoded = plan.coding.encode(body, -1);
    if (encoded.length >= body.length && !plan.identityRefused) {
      return; // no gain: the client is better off without the decoding
    }
    ctx.bytes(encoded, type);
    plan.markEncoded(ctx);
  }

  /** A 304 answers the client's copy: if that was our compressed variant (weak tag), say so again. */
  private static void keepWeakTag(Context ctx) {
    String etag = ctx.responseHeader("ETag");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (etag != null && etag.startsWith("\"") && ifNoneMatch != null && ifNoneMatch.contains("W/" + etag)) {
      ctx.header("ETag", "W/" + etag);
    }
  }

  /** Plan is this request's negotiated coding, also the stream hook and the hint for static files. */
  private final class Plan implements ResponseEncoding, dev.eddy.internal.app.StreamEncoder {
    final Coding coding;
    final boolean identityRefused;

    Plan(Coding coding, boolean identityRefused) {
      this.coding = coding;
      this.identityRefused = identityRefused;
    }

    /** Whether the response's form depends on Accept-Encoding: an unencoded, whole, compressible body. */
    boolean varies(Context ctx, String type) {
      int status = ctx.status();
      if (status == 204 || status == 206 || status == 304 || status < 200) {
        return false;
      }
      String encoding = ctx.responseHeader("Content-Encoding");
      if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
        return false;
      }
      String cacheControl = ctx.responseHeader("Cache-Control");
      if (cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-transform")) {
        return false;
      }
      return ctx.responseHeader("Content-Range") == null && type != null && types.test(type);
    }

    @Override
    public boolean encodes(String type, long length) {
      return coding != null && types.test(type) && (length < 0 || length >= minSize || identityRefused);
    }

    void markEncoded(Context ctx) {
      ctx.header("Content-Encoding", coding.name());
      String etag = ctx.responseHeader("ETag");
      if (etag != null && etag.startsWith("\"")) {
        ctx.header("ETag", "W/" + etag);
      }
    }

    @Override
    public UnaryOperator<OutputStream> begin(Context ctx) {
      String type = ctx.responseHeader("Content-Type");
      if (!varies(ctx, type)) {
        return null;
      }
      VaryHeader.add(ctx, "Accept-Encoding");
      if (!encodes(type, -1)) {
        return null;
      }
      markEncoded(ctx);
      return raw -> {
        try {
          return coding.encoder(raw, -1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }
  }
}
