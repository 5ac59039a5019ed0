package dev.eddy.internal.body;

import dev.eddy.Context;
import dev.eddy.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** BodyBytes reads a whole request body into memory, up to a limit, on any kind of route. */
public final class BodyBytes {
  private BodyBytes() {}

  /**
   * Reads the body from {@link Context#bodyStream()}. Throws {@link HttpException} 413 naming
   * {@code what} and {@code limitName} past {@code max} bytes (at most 2 GiB), and 400 if the
   * client goes away mid-body (it won't see it; the handler stops and its request ends).
   */
  public static byte[] read(Context ctx, long max, String what, String limitName) {
    String length = ctx.header("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > max) {
          throw tooLarge(max, what, limitName);
        }
      } catch (NumberFormatException ignored) {
        // the server has checked the framing; a strange value is caught while reading
      }
    }
    try (InputStream in = ctx.bodyStream()) {
      byte[] buf = new byte[(int) Math.min(Math.max(max + 1, 1), 8192)];
      int n = 0;
      for (int r; (r = in.read(buf, n, buf.length - n)) >= 0; ) {
        n += r;
        if (n > max) {
          throw tooLarge(max, what, limitName);
        }
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, max + 1));
        }
      }
      return Arrays.copyOf(buf, n);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The request ended before its body did (the client left, or its framing broke). */
  public static HttpException unreadable(IOException e) {
    return new HttpException(400, "The request body ended early: " + e.getMessage(), e);
  }

  private static HttpException tooLarge(long max, String what, String limitName) {
    return new HttpException(413, what + " larger than " + max + " bytes (" + limitName + ")");
  }
}
