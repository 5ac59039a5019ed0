package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  @Test
  void theLimitBoundsHowManyRequestsAreInFlight() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    App app = new App();
    app.get("/work", ctx -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        Thread.sleep(100);
      } finally {
        now.decrementAndGet();
      }
      ctx.text("done");
    });
    EddyTest.run(app, (server, client) -> {
      try (Http http = Http.builder().maxConcurrent(3).build();
           ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          calls.add(pool.submit(() -> http.get(server.uri("/work").toString()).text()));
        }
        for (Future<String> f : calls) {
          assertEquals("done", f.get(20, TimeUnit.SECONDS));
        }
        assertEquals(3, most.get(), "12 calls at once, at most 3 on the wire, and all 3 places used");
        assertEquals(0, http.inFlight());
      }
    });
  }

  @Test
  void aRequestWaitsForAPlaceOnlyUpToMaxWaitAndAnOpenResponseHoldsItsPlace() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    App app = new App();
    app.get("/hold", ctx -> {
      release.await(10, TimeUnit.SECONDS);
      ctx.text("held");
    });
    app.get("/quick", ctx -> ctx.text("quick"));
    EddyTest.run(app, (server, client) -> {
      try (Http http = Http.builder().maxConcurrent(1).maxWait(Duration.ofMillis(200)).build();
           ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<String> holding = pool.submit(() -> http.get(server.uri("/hold").toString()).text());
        while (http.inFlight() == 0) {
          Thread.sleep(5);
        }
        ConcurrencyLimitException e = assertThrows(ConcurrencyLimitException.class,
            () -> http.get(server.uri("/quick").toString()).text());
        assertTrue(e.getMessage().contains("one of 1 places"), e.getMessage());
        release.countDown();
        assertEquals("held", holding.get(10, TimeUnit.SECONDS));

        Response open = http.get(server.uri("/quick").toString()).send();
        assertEquals(1, http.inFlight(), "an unread response keeps its place");
        assertThrows(ConcurrencyLimitException.class, () -> http.get(server.uri("/quick").toString()).text());
        open.close();
        assertEquals(0, http.inFlight());
        assertEquals("quick", http.get(server.uri("/quick").toString()).text());
      }
    });
  }
}
