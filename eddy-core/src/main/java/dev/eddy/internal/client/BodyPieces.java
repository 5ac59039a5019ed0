package dev.eddy.internal.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * BodyPieces hands a response body of the JDK's HTTP client to one reader thread a piece (a list
 * of buffers) at a time, from the moment the response headers arrive. It asks the JDK for the next
 * piece only when the reader takes one, so a slow reader slows the connection (the JDK stops
 * reading the socket) and at most one piece waits in memory.
 *
 * <p>Unlike the JDK's {@code ofInputStream}, it delivers what arrived before a failure before the
 * failure: the bytes a server sent just before the connection broke are not lost. Once the body
 * has ended or failed, every later {@link #next} says so again.
 */
public final class BodyPieces implements HttpResponse.BodySubscriber<BodyPieces> {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> pieces = new LinkedBlockingQueue<>(); // at most 2: one requested at a time
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

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
  public CompletionStage<BodyPieces> getBody() {
    return CompletableFuture.completedFuture(this); // the response is handed over at its headers
  }

  // ---- the reader's side ----

  /**
   * The next buffers, waiting as long as it takes; null at the end of the body.
   *
   * @throws IOException the body failed (an {@link IOException} as it came, anything else wrapped)
   */
  public List<ByteBuffer> next() throws IOException, InterruptedException {
    return open(pieces.take());
  }

  /**
   * The next buffers, waiting at most {@code timeoutNanos}; null at the end of the body.
   *
   * @throws TimeoutException nothing came in time; the body goes on, and a later call may succeed
   * @throws IOException the body failed (an {@link IOException} as it came, anything else wrapped)
   */
  public List<ByteBuffer> next(long timeoutNanos) throws IOException, InterruptedException, TimeoutException {
    Object piece = pieces.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (piece == null) {
      throw new TimeoutException();
    }
    return open(piece);
  }

  /** Stops the body: the connection is closed. Any thread; harmless when already done. */
  public void cancel() {
    subscription.thenAccept(Flow.Subscription::cancel);
  }

  @SuppressWarnings("unchecked")
  private List<ByteBuffer> open(Object piece) throws IOException {
    if (piece == END) {
      pieces.add(END);
      return null;
    }
    if (piece instanceof Throwable error) {
      pieces.add(error);
      throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
    }
    subscription.join().request(1);
    return (List<ByteBuffer>) piece;
  }
}
