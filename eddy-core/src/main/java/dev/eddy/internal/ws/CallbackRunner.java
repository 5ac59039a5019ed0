package dev.eddy.internal.ws;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CallbackRunner runs one connection's callbacks one at a time, in the order they were submitted,
 * on a virtual thread that exists only while there is something to run: an idle connection holds
 * no thread. Submitting never blocks, so the event loop can hand work over from any handler.
 */
final class CallbackRunner {
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("eddy-ws").factory();

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  void submit(Runnable callback) {
    queue.add(callback);
    if (running.compareAndSet(false, true)) {
      VIRTUAL.newThread(this::drain).start();
    }
  }

  private void drain() {
    do {
      Runnable next;
      while ((next = queue.poll()) != null) {
        next.run();
        Thread.interrupted(); // an interrupt meant for one callback must not reach the next
      }
      running.set(false);
      // A callback submitted between the last poll and the reset has to be run by someone: us.
    } while (!queue.isEmpty() && running.compareAndSet(false, true));
  }
}
