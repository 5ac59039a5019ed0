package dev.eddy.internal.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.IOException;
import java.io.OutputStream;

/**
 * BrotliCoding is {@code br} through brotli4j. Loaded only by {@link Codings}, and only used once
 * its native library has loaded. Default quality 4: brotli's higher qualities are for
 * precompressing, far too slow per request.
 */
final class BrotliCoding implements Coding {
  BrotliCoding() {
    Brotli4jLoader.ensureAvailability();
  }

  @Override
  public String name() {
    return "br";
  }

  @Override
  public OutputStream encoder(OutputStream out, int level) throws IOException {
    return new ClosingOnce(new BrotliOutputStream(out, new Encoder.Parameters().setQuality(level < 0 ? 4 : level)));
  }
}
