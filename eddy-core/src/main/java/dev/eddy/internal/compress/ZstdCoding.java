package dev.eddy.internal.compress;

import com.github.luben.zstd.ZstdOutputStream;
import com.github.luben.zstd.util.Native;
import java.io.IOException;
import java.io.OutputStream;

/**
 * ZstdCoding is {@code zstd} through zstd-jni. Loaded only by {@link Codings}, and only used once
 * its native library has loaded. Level 3 (zstd's default). The window stays at or below 8 MiB, as
 * RFC 9659 requires of zstd in HTTP: levels up to 19 never ask for more, higher ones are capped.
 */
final class ZstdCoding implements Coding {
  ZstdCoding() {
    Native.load();
  }

  @Override
  public String name() {
    return "zstd";
  }

  @Override
  public OutputStream encoder(OutputStream out, int level) throws IOException {
    int l = level < 0 ? 3 : level;
    ZstdOutputStream z = new ZstdOutputStream(out, l);
    if (l > 19) {
      z.setWindowLog(23);
    }
    return new ClosingOnce(z);
  }
}
