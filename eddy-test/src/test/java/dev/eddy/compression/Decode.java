package dev.eddy.compression;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** Decode undoes a content coding in tests, with the reference decoders. */
final class Decode {
  private Decode() {}

  static byte[] decode(String coding, byte[] body) throws IOException {
    InputStream in = new ByteArrayInputStream(body);
    InputStream decoded = switch (coding) {
      case "gzip" -> new GZIPInputStream(in);
      case "deflate" -> new InflaterInputStream(in);
      case "br" -> {
        Brotli4jLoader.ensureAvailability();
        yield new BrotliInputStream(in);
      }
      case "zstd" -> new ZstdInputStream(in);
      default -> throw new IllegalArgumentException(coding);
    };
    try (decoded) {
      return decoded.readAllBytes();
    }
  }
}
