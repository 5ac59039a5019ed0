package dev.eddy.internal.compress;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Coding is one content coding that Eddy can produce ({@code br}, {@code zstd}, {@code gzip},
 * {@code deflate}). Every encoder it makes supports {@code flush()} (emitting what was written so
 * far, so a stream can be compressed as it goes) and closes the stream it wraps when closed.
 */
public interface Coding {
  /** The token in Content-Encoding and Accept-Encoding, lower case. */
  String name();

  /** An encoder writing to {@code out}; {@code level} is this coding's own scale, or -1 for its default. */
  OutputStream encoder(OutputStream out, int level) throws IOException;

  /** Encodes a whole body. */
  default byte[] encode(byte[] body, int level) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(64, body.length / 3));
    try (OutputStream encoder = encoder(out, level)) {
      encoder.write(body);
    }
    return out.toByteArray();
  }
}
