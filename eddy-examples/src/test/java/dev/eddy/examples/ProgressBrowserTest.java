package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.js.EddyJs;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The progress page in headless Chromium, for both task styles: Start moves the bar, Stop stops
 * it for good, and a reload in the middle picks the same task up where it is, carries on to the
 * end, and can still stop it. The app is the gallery's page, socket and Content-Security-Policy,
 * with 20 ms steps (3 s a run) instead of 50.
 */
class ProgressBrowserTest {
  private final Tasks tasks = Tasks.create();

  @AfterEach
  void close() {
    tasks.close();
  }

  private App app() {
    App app = new App();
    app.use(Gallery.securityHeaders());
    app.use("/", EddyJs.router());
    ProgressDemo.register(app, tasks, Duration.ofMillis(20));
    return app;
  }

  private static int percent(Browser browser) {
    String text = browser.text(By.id("percent"));
    assertTrue(text.endsWith("%"), text);
    return Integer.parseInt(text.substring(0, text.length() - 1));
  }

  private static void click(Browser browser, String id) {
    browser.waitFor("an enabled #" + id, d -> d.findElement(By.id(id)).isEnabled() ? true : null);
    browser.driver().findElement(By.id(id)).click();
  }

  @ParameterizedTest
  @ValueSource(strings = {"async", "blocking"})
  void startMovesTheBarAndStopStopsItForGood(String mode) throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/progress/?mode=" + mode));
        browser.waitForText(By.id("connection"), "live"::equals);
        click(browser, "start");
        browser.waitForText(By.id("status"), s -> s.equals("running (" + mode + ")"));
        browser.waitFor("the bar to move", d -> percent(browser) >= 5 ? true : null);
        click(browser, "stop");
        browser.waitForText(By.id("status"), "cancelled"::equals);
        int stopped = percent(browser);
        assertTrue(stopped < 100, "stopped before the end: " + stopped + "%");
        Thread.sleep(300); // 15 steps' worth
        assertEquals(stopped, percent(browser), "the bar stays where it stopped");
        assertEquals("cancelled", browser.text(By.id("status")));
        assertTrue(browser.driver().findElement(By.id("start")).isEnabled(), "it can start again");
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"async", "blocking"})
  void aReloadMidTaskPicksItUpWhereItIsAndItRunsToTheEnd(String mode) throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/progress/?mode=" + mode));
        click(browser, "start");
        browser.waitFor("the bar to pass 10%", d -> percent(browser) >= 10 ? true : null);
        int before = percent(browser);
        browser.driver().navigate().refresh();
        browser.waitForText(By.id("status"), s -> s.equals("running (" + mode + ")") || s.equals("done"));
        browser.waitFor("the bar at " + before + "% or beyond after the reload", d -> percent(browser) >= before ? true : null);
        browser.waitForText(By.id("status"), "done"::equals);
        assertEquals(100, percent(browser));
        assertEquals(1, tasks.list(dev.eddy.task.TaskQuery.all()).tasks().size(), "the same task, not a new one");
      }
    });
  }

  @Test
  void stopAfterAReloadStopsTheTask() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/progress/?mode=blocking"));
        click(browser, "start");
        browser.waitFor("the bar to move", d -> percent(browser) >= 3 ? true : null);
        browser.driver().navigate().refresh();
        browser.waitForText(By.id("status"), "running (blocking)"::equals);
        click(browser, "stop");
        browser.waitForText(By.id("status"), "cancelled"::equals);
        int stopped = percent(browser);
        Thread.sleep(300);
        assertEquals(stopped, percent(browser));
        assertEquals(dev.eddy.task.TaskState.CANCELLED, tasks.list(dev.eddy.task.TaskQuery.all()).tasks().getFirst().state());
        browser.driver().navigate().refresh(); // a finished task is not picked up again
        browser.waitForText(By.id("status"), "idle"::equals);
      }
    });
  }
}
