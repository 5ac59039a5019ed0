package dev.eddy.internal.compress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** ClosingOnce passes writes straight through and makes close() idempotent: Eddy may close after the handler did. */
final class ClosingOnce extends FilterOutputStream {
  private boolean closed;

  ClosingOnce(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      super.close();
    }
  }
}
