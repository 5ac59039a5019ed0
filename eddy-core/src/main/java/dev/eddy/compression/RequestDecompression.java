package dev.eddy.compression;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.internal.app.Exchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * RequestDecompression decodes request bodies sent with {@code Content-Encoding: gzip} (or
 * {@code x-gzip}) or {@code deflate} (zlib, or raw deflate as some clients send it), so handlers
 * see plain bytes in {@link Context#body()} and no Content-Encoding. Several codings are undone
 * last to first, at most {@link #MAX_CODINGS}. Routes that stream their body
 * ({@link dev.eddy.Handler#streamingBody}) are left alone: their handler sees the coded bytes.
 *
 * <pre>{@code
 * app.use(RequestDecompression.defaults());
 * }</pre>
 *
 * <p>The decoded body counts against the server's body limit ({@code ServerOptions.maxBodyBytes}):
 * decoding stops as soon as it passes the limit and the request gets 413, so a small
 * decompression bomb never becomes a large array. An unknown coding gets 415 with
 * {@code Accept-Encoding: gzip, deflate} saying what is understood (RFC 9110 15.5.16); a body that
 * does not decode gets 400.
 */
public final class RequestDecompression implements Middleware {
  /** Most content codings undone on one body. */
  public static final int MAX_CODINGS = 4;

  private RequestDecompression() {}

  public static RequestDecompression defaults() {
    return new RequestDecompression();
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    List<String> codings = codings(ctx.headers("Content-Encoding"));
    // A streamed body (Handler.streamingBody) is the handler's to decode, or to pass on as it is.
    if (codings.isEmpty() || ((Exchange) ctx).route().streamsBody()) {
      next.run();
      return;
    }
    for (String c : codings) {
      if (!c.equals("gzip") && !c.equals("x-gzip") && !c.equals("deflate")) {
        ctx.header("Accept-Encoding", "gzip, deflate");
        throw new HttpException(415, "Unsupported Content-Encoding '" + c + "'; send gzip, deflate or identity");
      }
    }
    if (codings.size() > MAX_CODINGS) {
      throw new HttpException(415, "More than " + MAX_CODINGS + " content codings on one body");
    }
    Exchange ex = (Exchange) ctx;
    byte[] body = ctx.body();
    long limit = ex.maxBodyBytes();
    for (int i = codings.size() - 1; i >= 0 && body.length > 0; i--) {
      body = decode(body, codings.get(i), limit);
    }
    ex.decodedBody(body);
    next.run();
  }

  /** The codings named, in order, lower case, without identity. */
  private static List<String> codings(List<String> headers) {
    List<String> out = new ArrayList<>();
    for (String header : headers) {
      for (String part : header.split(",")) {
        String c = part.trim().toLowerCase(Locale.ROOT);
        if (!c.isEmpty() && !c.equals("identity")) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static byte[] decode(byte[] body, String coding, long limit) {
    Inflater inflater = null;
    try {
      InputStream in;
      if (coding.equals("deflate")) {
        inflater = new Inflater(!isZlib(body));
        in = new InflaterInputStream(new ByteArrayInputStream(body), inflater, 8192);
      } else {
        in = new GZIPInputStream(new ByteArrayInputStream(body), 8192);
      }
      return readBounded(in, limit);
    } catch (ZipException | EOFException e) {
      throw new HttpException(400, "Request body is not valid " + coding + ": " + e.getMessage());
    } catch (IOException e) {
      throw new HttpException(400, "Request body could not be decoded as " + coding);
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
  }

  /** Reads everything, or throws 413 as soon as more than {@code limit} bytes came out. */
  private static byte[] readBounded(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
      if (total > limit) {
        throw new HttpException(413, "Request body larger than " + limit + " bytes once decoded");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Whether the body starts with a zlib header (RFC 1950): deflate method, valid check bits. */
  private static boolean isZlib(byte[] body) {
    if (body.length < 2) {
      return false;
    }
    int cmf = body[0] & 0xff;
    int flg = body[1] & 0xff;
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }
}
