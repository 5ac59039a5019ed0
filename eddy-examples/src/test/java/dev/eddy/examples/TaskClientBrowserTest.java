package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.js.EddyJs;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskQuery;
import dev.eddy.task.TaskSocket;
import dev.eddy.task.TaskState;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * eddy.js's task client in headless Chromium against a real {@link TaskSocket}: a task started
 * from the page reports progress and custom events, each once and in order, to its end; a reload
 * in the middle re-attaches from sessionStorage and goes on from the last event the page saw; a
 * stop cancels it. The page is a test resource ({@code taskclient/}).
 */
class TaskClientBrowserTest {
  record Count(int n) {}

  private final Tasks tasks = Tasks.create();

  TaskClientBrowserTest() {
    tasks.register(TaskKind.blocking("count", Count.class, (task, args) -> {
      for (int i = 1; i <= args.n(); i++) {
        task.progress(i, args.n());
        task.emit("tick", Map.of("n", i));
        task.sleep(Duration.ofMillis(25));
      }
      return args.n();
    }));
  }

  @AfterEach
  void close() {
    tasks.close();
  }

  private App app() {
    App app = new App();
    app.use(Gallery.securityHeaders());
    app.use("/", EddyJs.router());
    app.get("/taskclient/", ctx -> ctx.bytes(resource("index.html"), "text/html; charset=utf-8"));
    app.get("/taskclient/page.js", ctx -> ctx.bytes(resource("page.js"), "text/javascript; charset=utf-8"));
    app.ws("/tasks/ws", TaskSocket.handler(tasks));
    return app;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TaskClientBrowserTest.class.getResourceAsStream("taskclient/" + name)) {
      return in.readAllBytes();
    }
  }

  private static int percent(Browser browser) {
    String text = browser.text(By.id("percent"));
    return Integer.parseInt(text.substring(0, text.length() - 1));
  }

  private static List<Integer> ticks(Browser browser) {
    return browser.texts(By.cssSelector("#ticks li")).stream().map(Integer::valueOf).toList();
  }

  private static void assertConsecutiveUpTo100(List<Integer> ticks) {
    for (int i = 1; i < ticks.size(); i++) {
      assertEquals(ticks.get(i - 1) + 1, ticks.get(i), "each tick once, in order: " + ticks);
    }
    assertEquals(100, ticks.getLast());
  }

  @Test
  void aStartedTaskReportsEveryEventOnceToItsEnd() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/taskclient/"));
        browser.waitForText(By.id("status"), "idle"::equals);
        browser.driver().findElement(By.id("start")).click();
        browser.waitForText(By.id("status"), "succeeded"::equals);
        assertEquals(100, percent(browser));
        List<Integer> ticks = ticks(browser);
        assertEquals(1, ticks.getFirst());
        assertConsecutiveUpTo100(ticks);
      }
    });
  }

  @Test
  void aReloadReattachesFromTheLastEventSeenAndAStopCancels() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/taskclient/"));
        browser.waitForText(By.id("status"), "idle"::equals);
        browser.driver().findElement(By.id("start")).click();
        browser.waitFor("20 ticks", d -> ticks(browser).size() >= 20 ? true : null);
        int before = percent(browser);
        browser.driver().navigate().refresh();
        browser.waitForText(By.id("status"), "running"::equals);
        browser.waitFor("the bar at " + before + "% or beyond", d -> percent(browser) >= before ? true : null);
        browser.waitForText(By.id("status"), "succeeded"::equals);
        List<Integer> after = ticks(browser);
        assertTrue(after.getFirst() > 20, "the reloaded page goes on from where it was, not from the start: " + after);
        assertConsecutiveUpTo100(after);
        assertEquals(1, tasks.list(TaskQuery.all()).tasks().size(), "one task: the page re-attached to it");

        browser.driver().navigate().refresh(); // it ended: nothing is remembered any more
        browser.waitForText(By.id("status"), "idle"::equals);
        browser.driver().findElement(By.id("start")).click();
        browser.waitFor("a tick", d -> ticks(browser).isEmpty() ? null : true);
        browser.driver().navigate().refresh();
        browser.waitForText(By.id("status"), "running"::equals);
        browser.driver().findElement(By.id("stop")).click();
        browser.waitForText(By.id("status"), "cancelled"::equals);
        assertEquals(TaskState.CANCELLED, tasks.list(TaskQuery.all()).tasks().getFirst().state());
      }
    });
  }
}
