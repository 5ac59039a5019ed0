package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * InboundBytes carries bytes from an event loop to a blocking reader: the loop {@link #offer}s
 * what it reads (copied out of Netty's buffers, so no buffer outlives the read), the reader takes
 * it through this {@link InputStream}. At most {@code maxQueued} bytes wait; past that the loop is
 * told to {@link Flow#pause} reading from the socket, and once the reader has taken half of them,
 * to {@link Flow#resume}. So a slow reader holds the peer back (TCP backpressure), not the heap.
 *
 * <p>The input ends with {@link #end} (EOF once the queue is drained) or {@link #fail}: the reader
 * gets what was queued before the failure, then the failure, so a cut-off upload is never mistaken
 * for a complete one.
 */
final class InboundBytes extends InputStream {
  /** Flow is the loop side's read switch. Called with this queue's lock held: must not block. */
  interface Flow {
    void pause();

    void resume();
  }

  private final int maxQueued;
  private final Flow flow;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int queued;
  private boolean paused;
  private boolean ended;
  private Exception failure;
  private byte[] current;
  private int pos;

  InboundBytes(int maxQueued, Flow flow) {
    this.maxQueued = maxQueued;
    this.flow = flow;
  }

  /** Queues the readable bytes of {@code buf} (not released here). Loop side. */
  void offer(ByteBuf buf) {
    int n = buf.readableBytes();
    if (n == 0) {
      return;
    }
    byte[] bytes = new byte[n];
    buf.getBytes(buf.readerIndex(), bytes);
    lock.lock();
    try {
      if (ended || failure != null) {
        return;
      }
      queue.add(bytes);
      queued += n;
      if (queued >= maxQueued && !paused) {
        paused = true;
        flow.pause();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Marks the end of the input: the reader sees EOF once it has taken what is queued. */
  void end() {
    lock.lock();
    try {
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the input with an error ({@link IOException} or an unchecked exception) that the reader
   * gets after what is queued. Ignored once the input has ended.
   */
  void fail(Exception error) {
    lock.lock();
    try {
      if (!ended && failure == null) {
        failure = error;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the input ended normally (EOF was or will be reached). */
  boolean ended() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if ((current == null || pos == current.length) && !take()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean take() throws IOException {
    lock.lock();
    try {
      while (queue.isEmpty() && !ended && failure == null) {
        changed.await();
      }
      if (queue.isEmpty()) {
        if (failure != null) {
          throw rethrow(failure);
        }
        return false;
      }
      current = queue.poll();
      pos = 0;
      queued -= current.length;
      if (paused && queued < maxQueued / 2) {
        paused = false;
        flow.resume();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while reading");
    } finally {
      lock.unlock();
    }
  }

  private static IOException rethrow(Exception failure) {
    if (failure instanceof IOException io) {
      return new IOException(io.getMessage(), io); // a fresh trace shows the reader's stack too
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    throw new UncheckedIOException(new IOException(failure));
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return (current == null ? 0 : current.length - pos) + queued;
    } finally {
      lock.unlock();
    }
  }
}
