package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A listener hears opens, events and errors in order, on one thread; a throwing one is survived. */
class SseListenerTest {

  @Test
  void theListenerHearsOpensEventsAndTheRefusalInOrder() throws Exception {
    App app = new App();
    app.get("/events", ctx -> {
      if (ctx.header("Last-Event-ID") != null) {
        ctx.status(204);
        return;
      }
      try (OutputStream out = ctx.stream("text/event-stream")) {
        out.write("retry: 10\nid: a\nevent: first\ndata: 1\n\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    List<String> heard = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    EddyTest.run(app, (server, client) -> {
      SseClient sse = SseClient.builder(server.uri("/events")).listener(new SseClient.Listener() {
        @Override
        public void onOpen() {
          heard.add("open");
          threads.add(Thread.currentThread());
        }

        @Override
        public void onEvent(SseEvent event) {
          heard.add(event.event() + ":" + event.data());
          threads.add(Thread.currentThread());
          if (event.data().equals("1")) {
            throw new IllegalStateException("a listener bug does not stop the client");
          }
        }

        @Override
        public void onError(Throwable error) {
          heard.add("error:" + ((SseRefusedException) error).status());
          stopped.countDown();
        }
      }).connect();
      try (sse) {
        assertTrue(stopped.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("open", "first:1", "message:2", "error:204"), heard);
        assertTrue(threads.stream().allMatch(t -> t == threads.getFirst() && t.isVirtual()));
        assertThrows(IllegalStateException.class, () -> sse.next(Duration.ZERO), "events went to the listener");
      }
    });
  }
}
