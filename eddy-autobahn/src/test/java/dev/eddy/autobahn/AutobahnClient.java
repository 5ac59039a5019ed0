package dev.eddy.autobahn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import me.normanmaurer.maven.autobahntestsuite.AutobahnTestSuite;

/**
 * AutobahnClient runs the Autobahn fuzzing client (Python, in Jython) against one URL and writes
 * its reports to {@code target/autobahntestsuite-reports}. {@link AutobahnTest} starts it in a JVM
 * of its own whose class path holds nothing but Jython and the suite: with Netty on the class path,
 * Jython resolves Python's {@code io} module to the Java package {@code io} (io.netty) and the
 * suite does not start.
 *
 * <p>Arguments: the WebSocket URL, then the cases, comma-separated ({@code 1.*,2.*}).
 */
public final class AutobahnClient {
  static final String AGENT = "eddy";

  private AutobahnClient() {}

  public static void main(String[] args) {
    List<String> cases = Arrays.stream(args[1].split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    AutobahnTestSuite.runFuzzingClient(AGENT, args[0], Map.of("version", 18), cases, List.of());
    System.exit(0); // the suite's reactor may leave threads behind
  }
}
