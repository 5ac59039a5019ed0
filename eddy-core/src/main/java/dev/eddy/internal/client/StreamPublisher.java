package dev.eddy.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * StreamPublisher publishes a blocking {@link InputStream} as a request body for the JDK's HTTP
 * client. A virtual thread of its own reads the stream, one buffer per unit of demand, so at most
 * what was asked for is read ahead, and the JDK's threads never block on a read. (The JDK's
 * {@code BodyPublishers.ofInputStream} reads on the thread that writes the request, so a stream
 * that waits for its data, such as a body still arriving from a client, holds up even the request
 * headers.)
 *
 * <p>Each subscription asks the supplier for a new stream and closes it at the end. Cancelling
 * interrupts a read in progress.
 */
public final class StreamPublisher implements Flow.Publisher<ByteBuffer> {
  private static final int CHUNK = 16 * 1024;

  private final Supplier<? extends InputStream> source;

  public StreamPublisher(Supplier<? extends InputStream> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Pump pump = new Pump(subscriber);
    subscriber.onSubscribe(pump);
  }

  /** Pump is one subscription: demand in, buffers out, from its own reader thread. */
  private final class Pump implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicBoolean started = new AtomicBoolean();
    private long demand;
    private volatile boolean cancelled;
    private volatile Thread reader;

    Pump(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancelled = true;
        subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
        return;
      }
      lock.lock();
      try {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (started.compareAndSet(false, true)) {
        reader = Thread.ofVirtual().name("eddy-body-reader").start(this::run);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      Thread r = reader;
      if (r != null) {
        r.interrupt();
      }
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    private void run() {
      try (InputStream in = source.get()) {
        while (awaitDemand()) {
          byte[] buf = new byte[CHUNK];
          int n = in.read(buf);
          if (n < 0) {
            if (!cancelled) {
              subscriber.onComplete();
            }
            return;
          }
          if (n > 0 && !cancelled) {
            lock.lock();
            try {
              demand--;
            } finally {
              lock.unlock();
            }
            subscriber.onNext(ByteBuffer.wrap(buf, 0, n));
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!cancelled) {
          subscriber.onError(e);
        }
      } catch (InterruptedException e) {
        // cancelled while waiting for demand
      }
    }

    /** Waits until there is demand; false once cancelled. */
    private boolean awaitDemand() throws InterruptedException {
      lock.lock();
      try {
        while (demand == 0 && !cancelled) {
          changed.await();
        }
        return !cancelled;
      } finally {
        lock.unlock();
      }
    }
  }
}
