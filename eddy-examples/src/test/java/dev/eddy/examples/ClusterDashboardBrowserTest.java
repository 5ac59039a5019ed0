package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.redis.RedisServer;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard of a gallery cluster in headless Chromium: two gallery instances on one Redis, as
 * {@code ./eddy cluster} runs them. The page on B shows a countdown started on A, live, and its
 * cancel button stops it on A.
 */
class ClusterDashboardBrowserTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static By cell(String id, String name) {
    return By.cssSelector("tr[data-id='" + id + "'] ." + name);
  }

  private static double progress(Browser browser, String id) {
    WebElement bar = browser.driver().findElement(By.cssSelector("tr[data-id='" + id + "'] progress"));
    String value = bar.getDomProperty("value");
    return value == null ? 0 : Double.parseDouble(value);
  }

  @Test
  void theDashboardOnOneInstanceShowsACountdownStartedOnTheOtherAndItsCancelButtonStopsIt() throws Exception {
    EddyTest.run(Gallery.create(Backends.at(redis.url())), (serverA, clientA) ->
        EddyTest.run(Gallery.create(Backends.at(redis.url())), (serverB, clientB) -> {
          try (Browser browser = Browser.open()) {
            browser.get(serverB.uri("/tasks/"));
            browser.waitForText(By.id("status"), "live"::equals);
            String id = GalleryClusterTest.startCountdown(clientA, 60);

            browser.waitForText(cell(id, "state"), "running"::equals);
            assertEquals("countdown", browser.text(cell(id, "kind")));
            double first = progress(browser, id);
            browser.waitFor("the bar to advance past " + first, d -> progress(browser, id) > first ? true : null);
            browser.waitForText(cell(id, "message"), m -> m.endsWith(" s left"));

            browser.driver().findElement(By.cssSelector("tr[data-id='" + id + "'] button.cancel")).click();
            browser.waitForText(cell(id, "state"), "cancelled"::equals);
            assertEquals("cancelled", GalleryClusterTest.task(clientA, id).get("state"), "stopped on A, which ran it");
            double stopped = progress(browser, id);
            Thread.sleep(Duration.ofMillis(500)); // five steps' time
            assertEquals(stopped, progress(browser, id), "its bar stays put");
            assertEquals("cancelled: cancelled by request", browser.text(cell(id, "message")));
            assertEquals("", browser.text(By.id("notice")));
          }
        }));
  }
}
