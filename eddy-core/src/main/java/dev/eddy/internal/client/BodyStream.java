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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BodyStream is a response body of the JDK's HTTP client as a blocking {@link InputStream}, handed
 * over as soon as the response headers arrive. It asks the JDK for one piece of the body at a
 * time, only when the reader has taken the last one, so a slow reader slows the connection (the
 * JDK stops reading the socket) and at most one piece waits in memory.
 *
 * <p>Unlike the JDK's {@code ofInputStream} it has a read timeout: a read that waits longer than
 * {@code readTimeout} for the next bytes fails with {@link HttpTimeoutException} and cancels the
 * body (the connection is closed). It delivers what arrived before a failure, then the failure.
 * {@link #close()} before the end cancels the body too; {@code onClose} runs once, when the body
 * ends, fails or is closed, whichever comes first.
 */
public final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> pieces = new LinkedBlockingQueue<>(); // at most 2: one requested at a time
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final long readTimeoutNanos;
  private final String source;
  private final Runnable onClose;
  private final AtomicBoolean finished = new AtomicBoolean();
  private List<ByteBuffer> current = List.of();
  private int index;
  private boolean ended;
  private IOException failure;
  private boolean closed;

  /**
   * @param readTimeout the longest wait for the next bytes
   * @param source what to name in a timeout message, such as the URI
   * @param onClose runs once when the body is done with, from the thread that found out
   */
  public BodyStream(Duration readTimeout, String source, Runnable onClose) {
    this.readTimeoutNanos = readTimeout.toNanos();
    this.source = source;
    this.onClose = Objects.requireNonNull(onClose, "onClose");
  }

  // ---- the JDK's side ----

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.complete(s)) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    pieces.add(item);
  }

  @Override
  public void onError(Throwable error) {
    pieces.add(error);
  }

  @Override
  public void onComplete() {
    pieces.add(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedFuture(this);
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
  @SuppressWarnings("unchecked")
  private boolean next() throws IOException {
    while (true) {
      if (failure != null) {
        throw new IOException(failure.getMessage(), failure);
      }
      if (ended) {
        return false;
      }
      Object piece;
      try {
        piece = pieces.poll(readTimeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new InterruptedIOException("Interrupted while reading the body of " + source);
      }
      if (piece == null) {
        failure = new HttpTimeoutException("No data from " + source + " for "
            + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
        cancel();
        throw failure;
      }
      if (piece == END) {
        ended = true;
        finish();
        return false;
      }
      if (piece instanceof Throwable error) {
        failure = error instanceof IOException io ? io : new IOException(error.getMessage(), error);
        finish();
        throw failure;
      }
      current = (List<ByteBuffer>) piece;
      index = 0;
      subscription.join().request(1);
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
    subscription.thenAccept(Flow.Subscription::cancel);
    finish();
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      onClose.run();
    }
  }
}
