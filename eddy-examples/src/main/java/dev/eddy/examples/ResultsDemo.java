package dev.eddy.examples;

import dev.eddy.App;
import dev.eddy.ws.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ResultsDemo is seed 000's last example, "the web socket handler as a task": a slow result set
 * of {@value #PAGES} pages of {@value #PAGE_SIZE} items, where
 *
 * <ul>
 *   <li>{@code GET /results/} fetches page 1 and renders it on the server (its script is
 *       {@code /results/results.js});
 *   <li>{@code /results/ws} is a WebSocket that fetches pages 2 to {@value #PAGES} one after
 *       another and pushes each as {@code {"type":"results","page":n,"value":[...]}}, then sends
 *       {@code {"type":"done"}} and closes with 1000. When the socket closes first, the fetching
 *       stops at once; see {@link ResultsSocket}.
 * </ul>
 *
 * Fetching a page takes {@code delay} (the gallery's {@code RESULTS_DELAY_MS}, 1000 ms by
 * default), standing in for a slow query, as {@code asyncio.sleep(1)} does in the seed.
 */
final class ResultsDemo {
  static final int PAGES = 10;
  static final int PAGE_SIZE = 10;

  /**
   * The socket only sends, so what it reads is kept small: a message over 1 KiB closes it with
   * 1009, and 64 KiB of unread pages and error replies close a peer that does not read with 1008.
   */
  static final WebSocketOptions SOCKET_OPTIONS = WebSocketOptions.defaults()
      .maxFrameBytes(1024).maxMessageBytes(1024).maxQueuedBytes(64 << 10);

  private static final byte[] SCRIPT = resource("results.js");

  private final Duration delay;
  private final AtomicLong fetched = new AtomicLong();
  private final ResultsSocket socket = new ResultsSocket(this);

  /** A result set whose pages each take {@code delay} to fetch; negative throws {@link IllegalArgumentException}. */
  ResultsDemo(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("The results delay must not be negative, got " + delay.toMillis() + " ms");
    }
    this.delay = delay;
  }

  /** Adds the demo's routes to {@code app}. */
  void register(App app) {
    app.get("/results", ctx -> ctx.redirect("/results/", 301));
    app.get("/results/", ctx -> ctx.html(ResultsPage.html(fetch(1), PAGES)));
    app.get("/results/results.js", ctx -> ctx.header("Cache-Control", "no-cache").bytes(SCRIPT, "text/javascript; charset=utf-8"));
    app.ws("/results/ws", SOCKET_OPTIONS, socket);
  }

  /**
   * The items of {@code page} (1 to {@value #PAGES}), after waiting the delay: the seed's
   * {@code fetch(page)}. An interrupt ends the wait with {@link InterruptedException} and no page.
   */
  List<String> fetch(int page) throws InterruptedException {
    if (page < 1 || page > PAGES) {
      throw new IllegalArgumentException("Pages are 1 to " + PAGES + ", got " + page);
    }
    Thread.sleep(delay);
    List<String> items = new ArrayList<>(PAGE_SIZE);
    for (int i = (page - 1) * PAGE_SIZE + 1; i <= page * PAGE_SIZE; i++) {
      items.add("Result " + i);
    }
    fetched.incrementAndGet();
    return List.copyOf(items);
  }

  /** Pages fetched so far, page 1 for the HTML included. */
  long pagesFetched() {
    return fetched.get();
  }

  /** Sockets whose producer thread is still running: fetching, sending or just ending. */
  int producing() {
    return socket.producing();
  }

  private static byte[] resource(String name) {
    try (InputStream in = ResultsDemo.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the gallery's resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
