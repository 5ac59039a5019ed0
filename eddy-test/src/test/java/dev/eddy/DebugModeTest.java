package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DebugModeTest {

  /** Blocks the event loop it runs on: exactly what debug mode is there to catch. */
  private static void blockTheLoop(Context ctx) throws InterruptedException {
    Thread.sleep(400);
    ctx.text("slept");
  }

  @Test
  void anEventLoopHeldLongerThanTheThresholdIsLoggedWithTheCulpritsStack() throws Exception {
    App app = new App().debug(Duration.ofMillis(100));
    app.get("/block", Handler.onEventLoop(DebugModeTest::blockTheLoop));
    try (LogCapture log = new LogCapture()) {
      EddyTest.run(app, (server, client) -> assertEquals("slept", client.get("/block").body()));
      String text = log.await("was blocked for about");
      assertTrue(text.contains("has been blocked for"), text);
      assertTrue(text.contains("DebugModeTest.blockTheLoop"), "the stack names the handler:\n" + text);
    }
  }

  @Test
  void blockingOnAVirtualThreadRouteIsNotReported() throws Exception {
    App app = new App().debug(Duration.ofMillis(50));
    app.get("/sleep", DebugModeTest::blockTheLoop); // a virtual thread: blocking is fine
    try (LogCapture log = new LogCapture()) {
      EddyTest.run(app, (server, client) -> assertEquals("slept", client.get("/sleep").body()));
      assertFalse(log.text().contains("has been blocked for"), log.text());
    }
  }

  @Test
  void debugModeRaisesTheLeakDetector() throws Exception {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    try {
      App app = new App().debug(true);
      app.get("/", ctx -> ctx.text("ok"));
      EddyTest.run(app, (server, client) -> assertEquals("ok", client.get("/").body()));
      assertEquals(ResourceLeakDetector.Level.ADVANCED, ResourceLeakDetector.getLevel());
    } finally {
      ResourceLeakDetector.setLevel(before);
    }
  }

  @Test
  void aThresholdTooSmallToMeanAnythingIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new App().debug(Duration.ofMillis(1)));
    assertTrue(e.getMessage().contains("at least 10 ms"), e.getMessage());
  }
}
