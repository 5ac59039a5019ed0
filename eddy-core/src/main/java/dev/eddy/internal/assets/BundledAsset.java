package dev.eddy.internal.assets;

import dev.eddy.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * BundledAsset is a file that ships on the class path with Eddy, held in memory with a gzip copy
 * and served with validators: a strong {@code ETag} per encoding, {@code Cache-Control: no-cache}
 * and conditional GETs ({@code If-None-Match}, answered with 304). Immutable and shared.
 */
public final class BundledAsset {
  private final String contentType;
  private final Variant identity;
  private final Variant gzip;

  /** Variant is one encoding of the asset: its bytes and its entity tag. */
  private record Variant(byte[] bytes, String etag, String encoding) {}

  private BundledAsset(String contentType, byte[] bytes) {
    this.contentType = contentType;
    String hash = hash(bytes);
    this.identity = new Variant(bytes, "\"" + hash + "\"", null);
    this.gzip = new Variant(gzip(bytes), "\"" + hash + "-gzip\"", "gzip");
  }

  /**
   * Loads {@code resource} (an absolute class path name) from eddy-core.
   *
   * @throws IllegalStateException if the resource is missing: eddy-core is incomplete
   */
  public static BundledAsset load(String resource, String contentType) {
    try (InputStream in = BundledAsset.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from eddy-core's class path resources");
      }
      return new BundledAsset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Can't read " + resource, e);
    }
  }

  /** Answers a GET or HEAD with the asset, gzip-encoded when the client accepts it, or a 304. */
  public void serve(Context ctx) {
    Variant v = acceptsGzip(ctx.header("Accept-Encoding")) ? gzip : identity;
    ctx.header("ETag", v.etag())
        .header("Cache-Control", "no-cache")
        .header("Vary", "Accept-Encoding")
        .header("X-Content-Type-Options", "nosniff");
    if (matches(ctx.header("If-None-Match"), v.etag())) {
      ctx.status(304);
      return;
    }
    if (v.encoding() != null) {
      ctx.header("Content-Encoding", v.encoding());
    }
    ctx.bytes(v.bytes(), contentType);
  }

  /** Whether an If-None-Match list names {@code etag} (weak comparison, as RFC 9110 asks) or is {@code *}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an Accept-Encoding header allows gzip: listed, or covered by {@code *}, with q above 0. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Boolean gzip = null;
    boolean any = false;
    for (String part : acceptEncoding.split(",")) {
      String[] fields = part.split(";");
      String coding = fields[0].strip().toLowerCase(Locale.ROOT);
      boolean allowed = quality(fields) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzip = allowed;
      } else if (coding.equals("*")) {
        any = allowed;
      }
    }
    return gzip != null ? gzip : any;
  }

  private static double quality(String[] fields) {
    for (int i = 1; i < fields.length; i++) {
      String f = fields[i].strip();
      if (f.length() > 2 && (f.charAt(0) == 'q' || f.charAt(0) == 'Q') && f.charAt(1) == '=') {
        try {
          return Double.parseDouble(f.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0; // an unreadable weight: don't count on the coding
        }
      }
    }
    return 1;
  }

  private static String hash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory failed", e);
    }
    return out.toByteArray();
  }
}
