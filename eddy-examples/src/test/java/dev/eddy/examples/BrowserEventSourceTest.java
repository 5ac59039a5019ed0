package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.SseClient;
import dev.eddy.client.SseEvent;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chromium's own EventSource decodes what Eddy's server sends exactly as Eddy's Java client does,
 * and as the HTML standard says (the expectations are written out by hand): multi-line data, CR
 * inside data, empty data, astral characters, Unicode and empty event names, ids that stick to
 * later events and an empty id that resets them, {@code retry}, and {@code Last-Event-ID} on the
 * reconnection. The Node client in eddy-test's {@code SseInteropTest} checks the same against the
 * {@code eventsource} package.
 */
class BrowserEventSourceTest {
  private static final Duration RETRY = Duration.ofMillis(3600); // above the browser's 3 s default
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Sent is one {@code send(event, data, id)} and the event a client must dispatch for it. */
  private record Sent(String event, String data, String id, Decoded expected) {}

  /** Decoded is a dispatched event: its type, its data and the last event id. */
  private record Decoded(String event, String data, String id) {}

  private static final List<Sent> SCRIPT = List.of(
      new Sent(null, "plain", null, new Decoded("message", "plain", "")),
      new Sent("lines", "one\ntwo\r\nthree\rfour", "1", new Decoded("lines", "one\ntwo\nthree\nfour", "1")),
      new Sent("cr", "a\r\r\nb", null, new Decoded("cr", "a\n\nb", "1")),
      new Sent(null, "", null, new Decoded("message", "", "1")),
      new Sent("unicode", "été ✓ 🚀 𝄞 \u2028 \uFEFF中文", "2", new Decoded("unicode", "été ✓ 🚀 𝄞 \u2028 \uFEFF中文", "2")),
      new Sent("ünïcödé-✓", "named", null, new Decoded("ünïcödé-✓", "named", "2")),
      new Sent("", "no name is a message", null, new Decoded("message", "no name is a message", "2")),
      new Sent("spaces", "  lead and trail  ", null, new Decoded("spaces", "  lead and trail  ", "2")),
      new Sent("reset", "the id is emptied", "", new Decoded("reset", "the id is emptied", "")),
      new Sent("still", "no id", null, new Decoded("still", "no id", "")),
      new Sent("last", "final", "99", new Decoded("last", "final", "99")));

  private static final String PAGE = """
      <!doctype html><meta charset="utf-8"><title>EventSource</title>
      <script>
        window.got = [];
        const es = new EventSource('/script?client=chromium');
        for (const name of %s) {
          es.addEventListener(name, (e) => {
            window.got.push({ event: e.type, data: e.data, id: e.lastEventId });
            if (e.type === 'resumed') es.close();
          });
        }
      </script>
      """;

  @Test
  void chromiumAndTheJavaClientDecodeEveryEventAlike() throws Exception {
    List<Decoded> expected = new ArrayList<>(SCRIPT.stream().map(Sent::expected).toList());
    expected.add(new Decoded("resumed", "99", "99")); // the data is the Last-Event-ID header sent
    Set<String> names = new LinkedHashSet<>();
    expected.forEach(d -> names.add(d.event()));
    Map<String, Long> closedAt = new ConcurrentHashMap<>();
    Map<String, Long> reconnectedAt = new ConcurrentHashMap<>();

    App app = new App();
    app.get("/page", ctx -> ctx.html(PAGE.formatted(JSON.writeValueAsString(names))));
    app.sse("/script", client -> {
      String who = client.context().query("client");
      String lastEventId = client.context().header("Last-Event-ID");
      if (lastEventId == null) {
        for (Sent s : SCRIPT) {
          client.send(s.event(), s.data(), s.id());
        }
        client.comment("ignored");
        client.retry(RETRY);
        closedAt.put(who, System.nanoTime());
        client.close();
      } else {
        reconnectedAt.put(who, System.nanoTime());
        client.send("resumed", lastEventId);
      }
    });

    EddyTest.run(app, (server, client) -> {
      try (Browser chromium = Browser.open();
           SseClient java = SseClient.connect(server.uri("/script?client=java"))) {
        chromium.get(server.uri("/page"));
        List<Decoded> fromJava = new ArrayList<>();
        while (fromJava.isEmpty() || !fromJava.getLast().event().equals("resumed")) {
          SseEvent e = java.next(Duration.ofSeconds(15));
          assertNotNull(e, "the Java client got " + fromJava);
          fromJava.add(new Decoded(e.event(), e.data(), e.id()));
        }
        List<Decoded> fromChromium = new ArrayList<>();
        chromium.waitFor("the 'resumed' event in Chromium", d -> {
          Object got = ((JavascriptExecutor) d).executeScript("return JSON.stringify(window.got)");
          List<?> events = JSON.readValue((String) got, List.class);
          if (events.isEmpty() || !"resumed".equals(((Map<?, ?>) events.getLast()).get("event"))) {
            return null;
          }
          for (Object o : events) {
            Map<?, ?> m = (Map<?, ?>) o;
            fromChromium.add(new Decoded((String) m.get("event"), (String) m.get("data"), (String) m.get("id")));
          }
          return true;
        });
        assertEquals(expected, fromJava, "Eddy's Java client");
        assertEquals(expected, fromChromium, "Chromium's EventSource");
        for (String who : List.of("java", "chromium")) {
          long waited = TimeUnit.NANOSECONDS.toMillis(reconnectedAt.get(who) - closedAt.get(who));
          assertTrue(waited >= RETRY.toMillis() - 50, who + " reconnected after " + waited + " ms, before the retry field's "
              + RETRY.toMillis() + " ms");
        }
      }
    });
  }
}
