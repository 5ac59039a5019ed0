package dev.eddy.bench.live;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stats is what a live server reports at {@code GET /stats}: connections, and memory after a full
 * GC, as one line of {@code key=value} pairs the client parses.
 */
final class Stats {
  private Stats() {}

  /** The stats line; with {@code gc}, after three full GCs, so the heap figure is what is live. */
  static String line(int sse, int ws, boolean gc) {
    for (int i = 0; gc && i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long nettyDirect = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider m
        ? m.metric().usedDirectMemory() : -1;
    long jdkDirect = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        jdkDirect = pool.getMemoryUsed();
      }
    }
    return "sse=" + sse + " ws=" + ws + " heap=" + heap + " netty_direct=" + nettyDirect
        + " jdk_direct=" + jdkDirect + " rss=" + rss() + " threads=" + Thread.activeCount() + "\n";
  }

  private static long rss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: no RSS
    }
    return -1;
  }
}
