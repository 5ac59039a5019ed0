package dev.eddy.internal.server;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Outbox is one connection's ordered queue of writes from other threads (virtual threads running
 * handlers, streams, event streams) to its event loop, which takes them in order and writes them.
 *
 * <p>It also bounds them: the bytes of queued {@link ByteBufHolder}s are counted, and a writer that
 * {@link #awaitWritable waits} blocks until the loop has taken what came before and Netty's own
 * buffer is under its high-water mark. So a client that does not read stalls the writer, not the
 * heap.
 */
final class Outbox {
  private final Channel channel;
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  /** Bytes queued here that the loop has not yet handed to Netty. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  Outbox(Channel channel) {
    this.channel = channel;
  }

  /** Queues a message for the loop to write after everything queued before it. Any thread. */
  void add(Object msg) {
    if (msg instanceof ByteBufHolder holder) {
      queuedBytes.addAndGet(holder.content().readableBytes());
    }
    queue.add(msg);
  }

  /** The next message to write, or null. Loop only; call {@link #taken} once done with a batch. */
  Object poll() {
    return queue.poll();
  }

  /** The loop has handed {@code bytes} of polled messages to Netty: writers may go on. */
  void taken(long bytes) {
    if (bytes > 0) {
      queuedBytes.addAndGet(-bytes);
      signal();
    }
  }

  /**
   * Blocks while the peer is slow: until the loop has taken what was queued before and Netty's
   * buffer is under its high-water mark. Throws once the connection has closed.
   */
  void awaitWritable() throws IOException {
    if (writable()) {
      return;
    }
    lock.lock();
    try {
      while (!writable() && channel.isActive()) {
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for a slow client");
    } finally {
      lock.unlock();
    }
    if (!channel.isActive()) {
      throw new IOException("Client closed the connection");
    }
  }

  private boolean writable() {
    return channel.isWritable() && queuedBytes.get() < channel.config().getWriteBufferHighWaterMark();
  }

  /** Wakes writers to look again: writability changed, or the connection closed. Any thread. */
  void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
