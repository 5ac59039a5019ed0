package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
  /** Quick backoff, so tests don't wait. */
  private static final Retry QUICK = Retry.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build();

  /** An app whose /flaky answers 503 to the first {@code failures} hits, then 200; hits are timed. */
  private static App flaky(int failures, String retryAfter, List<Long> hits) {
    App app = new App();
    app.route("GET", "/flaky", ctx -> answer(ctx, failures, retryAfter, hits));
    app.route("POST", "/flaky", ctx -> answer(ctx, failures, retryAfter, hits));
    app.route("PUT", "/flaky", ctx -> answer(ctx, failures, retryAfter, hits));
    return app;
  }

  private static void answer(dev.eddy.Context ctx, int failures, String retryAfter, List<Long> hits) {
    hits.add(System.nanoTime());
    if (hits.size() <= failures) {
      if (retryAfter != null) {
        ctx.header("Retry-After", retryAfter);
      }
      ctx.status(503).text("busy");
    } else {
      ctx.text("ok after " + hits.size());
    }
  }

  @Test
  void aGetIsRetriedOn503AndSucceeds() throws Exception {
    List<Long> hits = new CopyOnWriteArrayList<>();
    EddyTest.run(flaky(2, null, hits), (server, client) -> {
      try (Http http = Http.builder().interceptor(QUICK).build()) {
        assertEquals("ok after 3", http.get(server.uri("/flaky").toString()).text());
        assertEquals(3, hits.size());
        assertEquals(0, http.inFlight(), "the 503 responses were closed before trying again");
      }
    });
  }

  @Test
  void aPostIsNeverRetried() throws Exception {
    List<Long> hits = new CopyOnWriteArrayList<>();
    EddyTest.run(flaky(2, null, hits), (server, client) -> {
      try (Http http = Http.builder().interceptor(QUICK).build()) {
        HttpStatusException e = assertThrows(HttpStatusException.class,
            () -> http.post(server.uri("/flaky").toString()).body("order", "text/plain").text());
        assertEquals(503, e.status());
        assertEquals(1, hits.size());
      }
    });
  }

  @Test
  void aPutWithABodyThatCanOnlyBeSentOnceIsNotRetried() throws Exception {
    List<Long> hits = new CopyOnWriteArrayList<>();
    EddyTest.run(flaky(2, null, hits), (server, client) -> {
      try (Http http = Http.builder().interceptor(QUICK).build();
           SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>()) {
        Thread.ofVirtual().start(() -> {
          while (body.getNumberOfSubscribers() == 0) {
            Thread.onSpinWait();
          }
          body.submit(ByteBuffer.wrap(new byte[] {1, 2, 3}));
          body.close();
        });
        try (Response r = http.put(server.uri("/flaky").toString()).body(body, 3, "application/octet-stream").send()) {
          assertEquals(503, r.status());
        }
        assertEquals(1, hits.size());
        assertEquals("ok after 3", http.put(server.uri("/flaky").toString())
            .body(() -> new ByteArrayInputStream(new byte[] {1}), null).text(), "a supplier's stream can be sent again");
      }
    });
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    List<Long> hits = new CopyOnWriteArrayList<>();
    EddyTest.run(flaky(1, "1", hits), (server, client) -> {
      try (Http http = Http.builder().interceptor(QUICK).build()) {
        assertEquals("ok after 2", http.get(server.uri("/flaky").toString()).text());
        long gapMillis = (hits.get(1) - hits.get(0)) / 1_000_000;
        assertTrue(gapMillis >= 950, "waited the server's 1 s, not the 10 ms backoff: " + gapMillis + " ms");
      }
    });
  }

  @Test
  void aRetryAfterLongerThanTheMaximumIsPassedOn() throws Exception {
    List<Long> hits = new CopyOnWriteArrayList<>();
    EddyTest.run(flaky(1, "3600", hits), (server, client) -> {
      try (Http http = Http.builder().interceptor(QUICK).build(); Response r = http.get(server.uri("/flaky").toString()).send()) {
        assertEquals(503, r.status());
        assertEquals("3600", r.header("Retry-After"));
        assertEquals(1, hits.size());
      }
    });
  }

  @Test
  void connectFailuresAreRetriedUpToMaxAttempts() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    AtomicInteger attempts = new AtomicInteger();
    Interceptor counter = chain -> {
      attempts.incrementAndGet();
      return chain.proceed(chain.request());
    };
    try (Http http = Http.builder().interceptor(QUICK).interceptor(counter).build()) {
      assertThrows(ConnectException.class, () -> http.get("http://127.0.0.1:" + closedPort + "/").text());
      assertEquals(3, attempts.get());
      attempts.set(0);
      assertThrows(ConnectException.class, () -> http.post("http://127.0.0.1:" + closedPort + "/").text());
      assertEquals(1, attempts.get(), "a POST is not repeated even when it never got out");
      assertEquals(0, http.inFlight());
    }
  }

  @Test
  void backoffGrowsIsCappedAndJittered() {
    Retry r = Retry.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(1000)).jitter(0.5).build();
    for (int i = 0; i < 50; i++) {
      long first = r.backoff(1).toMillis();
      long third = r.backoff(3).toMillis();
      long tenth = r.backoff(10).toMillis();
      assertTrue(first >= 50 && first <= 100, "first: " + first);
      assertTrue(third >= 200 && third <= 400, "third: " + third);
      assertTrue(tenth >= 500 && tenth <= 1000, "capped: " + tenth);
    }
    assertEquals(Duration.ofSeconds(120), Retry.retryAfter("120"));
    assertEquals(Duration.ZERO, Retry.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    assertNull(Retry.retryAfter("soon"));
  }
}
