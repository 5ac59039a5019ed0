package dev.eddy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * LogCapture collects what is logged to standard error (where slf4j-simple writes in tests) while
 * it is open, still passing it through.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  public LogCapture() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (copy) {
          copy.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (copy) {
          copy.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  public String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits up to 5 s for {@code needle} to be logged, and returns the log. */
  public String await(String needle) throws InterruptedException {
    for (int i = 0; i < 500 && !text().contains(needle); i++) {
      Thread.sleep(10);
    }
    return text();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
