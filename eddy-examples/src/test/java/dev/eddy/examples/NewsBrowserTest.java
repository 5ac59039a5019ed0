package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The News page in headless Chromium: its script (served as a file, as the gallery's CSP wants)
 * runs the race on load, fills in both times and the headlines, and runs it again on a click.
 */
class NewsBrowserTest {

  @Test
  void thePageShowsBothTimesAndTheHeadlinesAndRunsAgainOnAClick() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/news/"));
        browser.waitForText(By.id("status"), "Done"::equals);
        long sequential = Long.parseLong(browser.text(By.id("sequential-ms")));
        long concurrent = Long.parseLong(browser.text(By.id("concurrent-ms")));
        assertTrue(sequential > 2 * concurrent, "one after another " + sequential + " ms, at once " + concurrent + " ms");
        assertEquals(20, browser.texts(By.cssSelector("#headlines li")).size());
        assertTrue(browser.text(By.id("speedup")).endsWith("\u00d7"), browser.text(By.id("speedup")));

        browser.driver().findElement(By.id("run")).click();
        browser.waitForText(By.id("status"), s -> s.startsWith("Running"));
        browser.waitForText(By.id("status"), "Done"::equals);
        assertEquals(20, browser.texts(By.cssSelector("#headlines li")).size());
      }
    });
  }
}
