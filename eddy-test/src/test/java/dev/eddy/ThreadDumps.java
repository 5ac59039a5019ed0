package dev.eddy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** ThreadDumps takes a dump of every thread, virtual threads included, as text. */
final class ThreadDumps {
  private ThreadDumps() {}

  static String all() throws IOException {
    Path dir = Files.createTempDirectory("eddy-threads");
    Path file = dir.resolve("dump.json");
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      return Files.readString(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
