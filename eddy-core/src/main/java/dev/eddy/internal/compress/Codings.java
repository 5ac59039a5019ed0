package dev.eddy.internal.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Codings holds the content codings this JVM can produce. gzip and deflate come from the JDK and
 * are always there. br and zstd need brotli4j and zstd-jni on the class path with a native
 * library that loads on this platform; when either is missing or fails to load, that coding is
 * simply not offered (logged once at debug level), and negotiation falls back to the others.
 */
public final class Codings {
  private static final Logger log = LoggerFactory.getLogger(Codings.class);

  public static final Coding GZIP = new Coding() {
    @Override
    public String name() {
      return "gzip";
    }

    @Override
    public OutputStream encoder(OutputStream out, int level) throws IOException {
      int l = level < 0 ? 6 : level;
      return new GZIPOutputStream(out, 8192, true) {
        {
          def.setLevel(l);
        }
      };
    }
  };

  /** {@code deflate} is the zlib format (RFC 1950), as HTTP defines it, not raw deflate. */
  public static final Coding DEFLATE = new Coding() {
    @Override
    public String name() {
      return "deflate";
    }

    @Override
    public OutputStream encoder(OutputStream out, int level) {
      Deflater deflater = new Deflater(level < 0 ? 6 : level);
      return new DeflaterOutputStream(out, deflater, 8192, true) {
        private boolean closed;

        @Override
        public void close() throws IOException {
          if (closed) {
            return;
          }
          closed = true;
          try {
            super.close();
          } finally {
            deflater.end(); // a Deflater passed in is not ended by close()
          }
        }
      };
    }
  };

  private static final Coding BROTLI = load("br", "dev.eddy.internal.compress.BrotliCoding");
  private static final Coding ZSTD = load("zstd", "dev.eddy.internal.compress.ZstdCoding");

  private Codings() {}

  /** The codings that work here, in Eddy's order of preference: br, zstd, gzip, deflate. */
  public static List<Coding> available() {
    List<Coding> all = new ArrayList<>(4);
    if (BROTLI != null) {
      all.add(BROTLI);
    }
    if (ZSTD != null) {
      all.add(ZSTD);
    }
    all.add(GZIP);
    all.add(DEFLATE);
    return all;
  }

  /** The coding of that name if it works here, else null. */
  public static Coding byName(String name) {
    for (Coding c : available()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Loads an optional coding by class name, so its library's classes are touched only here. Any
   * failure (class missing, native library refused) means the coding is not offered.
   */
  private static Coding load(String name, String className) {
    try {
      Coding c = (Coding) Class.forName(className).getDeclaredConstructor().newInstance();
      c.encode(new byte[] {'o', 'k'}, -1); // proves the native library works
      return c;
    } catch (Throwable t) {
      log.debug("The {} content coding is not available: {}", name, t.toString());
      return null;
    }
  }
}
