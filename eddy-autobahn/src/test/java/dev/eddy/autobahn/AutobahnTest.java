package dev.eddy.autobahn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.App;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import me.normanmaurer.maven.autobahntestsuite.AutobahnTestSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the Autobahn fuzzing client against {@link AutobahnEchoServer}: every case must come out
 * OK or INFORMATIONAL, for the behaviour and for the closing handshake; FAILED, NON-STRICT,
 * UNCLEAN and the rest fail the build with each case's description and outcome. Cases come from
 * the {@code autobahn.cases} system property (1-7 and 10 by default). The HTML report is in
 * {@code target/autobahntestsuite-reports/index.html}.
 */
class AutobahnTest {
  private static final String AGENT = AutobahnClient.AGENT;
  private static final Path REPORTS = Path.of("target", "autobahntestsuite-reports");
  private static final Set<String> PASSING = Set.of("OK", "INFORMATIONAL");

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void everyCaseIsOkOrInformational() throws Exception {
    List<String> cases = Arrays.stream(System.getProperty("autobahn.cases", "1.*,2.*,3.*,4.*,5.*,6.*,7.*,10.*").split(","))
        .map(String::trim).filter(c -> !c.isEmpty()).toList();
    deleteReports();
    App app = AutobahnEchoServer.app().start(0);
    try {
      // 127.0.0.1 explicitly: the plugin's own mojo would connect to the host name's address.
      runClient("ws://127.0.0.1:" + app.port(), String.join(",", cases));
    } finally {
      app.stop();
    }

    JsonMapper json = JsonMapper.builder().build();
    Map<?, ?> index = json.readValue(REPORTS.resolve("index.json").toFile(), Map.class);
    Map<?, ?> results = (Map<?, ?>) index.get(AGENT);
    assertFalse(results == null || results.isEmpty(), "Autobahn reported no cases for " + cases);
    Map<String, Map<?, ?>> sorted = new TreeMap<>(AutobahnTest::byCaseNumber);
    results.forEach((k, v) -> sorted.put((String) k, (Map<?, ?>) v));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Map<?, ?>> e : sorted.entrySet()) {
      Map<?, ?> r = e.getValue();
      if (!PASSING.contains(r.get("behavior")) || !PASSING.contains(r.get("behaviorClose"))) {
        Map<?, ?> report = json.readValue(REPORTS.resolve((String) r.get("reportfile")).toFile(), Map.class);
        problems.add(e.getKey() + ": " + r.get("behavior") + " / close " + r.get("behaviorClose")
            + "\n    " + report.get("description") + "\n    " + report.get("result"));
      }
    }
    System.out.println("Autobahn: " + sorted.size() + " cases (" + String.join(",", cases) + "), "
        + (sorted.size() - problems.size()) + " OK or INFORMATIONAL");
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + sorted.size() + " Autobahn cases failed:\n" + String.join("\n", problems));
    }
  }

  /** Runs {@link AutobahnClient} in a JVM of its own; its output goes to target/autobahn-client.log. */
  private static void runClient(String url, String cases) throws Exception {
    String classPath = String.join(java.io.File.pathSeparator,
        codeSource(AutobahnClient.class), codeSource(AutobahnTestSuite.class),
        codeSource(org.python.core.PyObject.class), codeSource(org.json.simple.JSONObject.class));
    Path log = Path.of("target", "autobahn-client.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process client = new ProcessBuilder(java, "-Xmx1g", "-Dpython.cachedir.skip=true", "-cp", classPath,
        AutobahnClient.class.getName(), url, cases)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!client.waitFor(25, TimeUnit.MINUTES)) {
        fail("The Autobahn client did not finish within 25 minutes; see " + log.toAbsolutePath());
      }
    } finally {
      client.destroyForcibly();
    }
    if (client.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      fail("The Autobahn client failed (exit " + client.exitValue() + "):\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }
  }

  private static String codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Orders "1.1.10" after "1.1.9". */
  private static int byCaseNumber(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static void deleteReports() throws IOException {
    if (Files.exists(REPORTS)) {
      try (var paths = Files.walk(REPORTS)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(REPORTS);
  }
}
