package dev.eddy.sse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * NodeEventSource runs a second, independent SSE client: the {@code eventsource} npm package
 * (pinned in {@code src/test/node/package.json}, installed by {@code npm ci}), through
 * {@code src/test/node/collect.mjs}. It fails with the command to run when Node or the package is
 * missing: acceptance tests never skip.
 */
final class NodeEventSource implements AutoCloseable {
  private static final Path DIR = Path.of("src/test/node").toAbsolutePath();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Recorded is one dispatched event as the package saw it: type, data, lastEventId. */
  record Recorded(String event, String data, String id) {}

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private NodeEventSource(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts reading {@code uri}, listening to {@code names} (and {@code message}), until an event
   * named {@code stopEvent} arrives.
   */
  static NodeEventSource start(URI uri, Collection<String> names, String stopEvent, Duration timeout) throws IOException {
    if (!Files.isRegularFile(DIR.resolve("node_modules/eventsource/package.json"))) {
      throw new AssertionError("The eventsource npm package is not installed in " + DIR
          + ": run `npm ci --prefix eddy-test/src/test/node` (.ci/run does this)");
    }
    Path out = Files.createTempFile("eddy-node-sse", ".out");
    Path err = Files.createTempFile("eddy-node-sse", ".err");
    ProcessBuilder pb = new ProcessBuilder("node", "collect.mjs", uri.toString(), JSON.writeValueAsString(names),
        stopEvent, Long.toString(timeout.toMillis()))
        .directory(DIR.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    try {
      return new NodeEventSource(pb.start(), out, err);
    } catch (IOException e) {
      throw new AssertionError("Can't run `node` (Node.js 20+ must be on PATH for the SSE acceptance tests)", e);
    }
  }

  /** Waits until the package has dispatched its first event. */
  void awaitFirstEvent(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(stderr, StandardCharsets.UTF_8).contains("first event\n")) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("node collect.mjs dispatched no event within " + timeout + ": "
            + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      Thread.sleep(10);
    }
  }

  /** Waits for the stop event and returns everything dispatched, in order. */
  List<Recorded> await(Duration timeout) throws Exception {
    boolean exited = process.waitFor(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    if (!exited || process.exitValue() != 0) {
      throw new AssertionError("node collect.mjs " + (exited ? "exited " + process.exitValue() : "hung") + ": " + err);
    }
    List<Recorded> events = new ArrayList<>();
    for (Object o : JSON.readValue(Files.readString(stdout, StandardCharsets.UTF_8), List.class)) {
      Map<?, ?> m = (Map<?, ?>) o;
      events.add(new Recorded((String) m.get("event"), (String) m.get("data"), (String) m.get("id")));
    }
    return events;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }
}
