package dev.eddy.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BodyStream is a response body of the JDK's HTTP client as a blocking {@link InputStream}, handed
 * over as soon as the response headers arrive. It reads the body through {@link BodyPieces}, so a
 * slow reader slows the connection and at most one piece of the body waits in memory.
 *
 * <p>Unlike the JDK's {@code ofInputStream} it has a read timeout: a read that waits longer than
 * {@code readTimeout} for the next bytes fails with {@link HttpTimeoutException} and cancels the
 * body (the connection is closed). It delivers what arrived before a failure, then the failure.
 * {@link #close()} before the end cancels the body too; {@code onClose} runs once, when the body
 * ends, fails or is closed, whichever comes first.
 */
public final class BodyStream extends InputStream {
  private final BodyPieces pieces;
  private final long readTimeoutNanos;
  private final String source;
  private final Runnable onClose;
  private final AtomicBoolean finished = new AtomicBoolean();
  private List<ByteBuffer> current = List.of();
  private int index;
  private boolean ended;
  private IOException failure;
  private boolean closed;

  private BodyStream(BodyPieces pieces, Duration readTimeout, String source, Runnable onClose) {
    this.pieces = pieces;
    this.readTimeoutNanos = readTimeout.toNanos();
    this.source = source;
    this.onClose = onClose;
  }

  /**
   * A subscriber for {@code HttpClient.send} whose body is a BodyStream.
   *
   * @param readTimeout the longest wait for the next bytes
   * @param source what to name in a timeout message, such as the URI
   * @param onClose runs once when the body is done with, from the thread that found out
   */
  public static HttpResponse.BodySubscriber<InputStream> subscriber(Duration readTimeout, String source, Runnable onClose) {
    Objects.requireNonNull(onClose, "onClose");
    return HttpResponse.BodySubscribers.mapping(new BodyPieces(), p -> new BodyStream(p, readTimeout, source, onClose));
  }

  // ---- the reader's side ----

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("The body of " + source + " is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (index < current.size() && !current.get(index).hasRemaining()) {
      index++;
    }
    if (index == current.size() && !next()) {
      return -1;
    }
    ByteBuffer buf = current.get(index);
    int n = Math.min(len, buf.remaining());
    buf.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    int n = 0;
    for (int i = index; i < current.size(); i++) {
      n += current.get(i).remaining();
    }
    return n;
  }

  /** Takes the next non-empty piece; false at the end of the body. */
  private boolean next() throws IOException {
    while (true) {
      if (failure != null) {
        throw new IOException(failure.getMessage(), failure);
      }
      if (ended) {
        return false;
      }
      List<ByteBuffer> piece;
      try {
        piece = pieces.next(readTimeoutNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new InterruptedIOException("Interrupted while reading the body of " + source);
      } catch (TimeoutException e) {
        failure = new HttpTimeoutException("No data from " + source + " for "
            + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
        cancel();
        throw failure;
      } catch (IOException e) {
        failure = e;
        finish();
        throw e;
      }
      if (piece == null) {
        ended = true;
        finish();
        return false;
      }
      current = piece;
      index = 0;
      for (ByteBuffer buf : current) {
        if (buf.hasRemaining()) {
          return true;
        }
      }
    }
  }

  /** Closes the body; before its end this cancels it, which closes the connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!ended && failure == null) {
      cancel();
    }
    finish();
  }

  private void cancel() {
    pieces.cancel();
    finish();
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      onClose.run();
    }
  }
}
