package dev.eddy.test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * LeakWatch records Netty's leak reports so a test can fail on them. It must be installed before
 * Netty creates its first buffer; {@link EddyTest} and {@link LeakWatchSession} do that.
 */
public final class LeakWatch {
  private static final List<String> leaks = new ArrayList<>();
  private static boolean installed;

  private LeakWatch() {}

  /** Installs the recording detector factory; harmless if called again. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
        detector.setLeakListener((type, records) -> record(type + " leaked:\n" + records));
        return detector;
      }
    });
  }

  private static synchronized void record(String report) {
    leaks.add(report);
  }

  /**
   * Collects garbage, lets Netty report what it finds, and throws {@link AssertionError} with the
   * reports if any buffer leaked since the last check.
   */
  public static void assertNoLeaks() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      // Netty reports collected leaks when the next buffer is tracked.
      for (int i = 0; i < 8; i++) {
        ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(1);
        a.release();
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(1);
        b.release();
        ByteBuf c = io.netty.buffer.ByteBufAllocator.DEFAULT.buffer(1);
        c.release();
      }
    }
    List<String> found;
    synchronized (LeakWatch.class) {
      found = new ArrayList<>(leaks);
      leaks.clear();
    }
    if (!found.isEmpty()) {
      throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s):\n" + String.join("\n", found));
    }
  }
}
