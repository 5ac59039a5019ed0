package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eddy.test.EddyTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The Paginated results page in headless Chromium: its script (a file, as the gallery's CSP
 * wants) connects with eddy.js, appends the pushed pages after the server-rendered one and ends
 * in the done state; leaving the page closes the socket, which stops the server's fetching.
 */
class ResultsBrowserTest {

  @Test
  void thePageEndsShowingAllTenPagesInOrderAndTheDoneState() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofMillis(50));
    EddyTest.run(Gallery.create(results), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/results/"));
        String done = browser.waitForText(By.id("status"), s -> s.startsWith("Done"));
        assertEquals("Done: all 10 pages, 100 results", done);
        assertEquals("done", browser.driver().findElement(By.id("status")).getDomAttribute("data-state"));
        List<String> expected = IntStream.rangeClosed(1, 100).mapToObj(i -> "Result " + i).toList();
        assertEquals(expected, browser.texts(By.cssSelector("#results li")), "every result once, in order");
        List<String> pages = browser.driver().findElements(By.cssSelector("#results ul.page")).stream()
            .map(e -> e.getDomAttribute("data-page")).toList();
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), pages);
        assertEquals("10", browser.driver().findElement(By.id("progress")).getDomProperty("value"));
        assertEquals(10, results.pagesFetched(), "page 1 for the HTML, 2 to 10 over the socket, none twice");
        String console = browser.console();
        assertFalse(console.lines().anyMatch(line -> line.contains("SEVERE") && !line.contains("favicon.ico")),
            "no errors (a CSP refusal would be one):\n" + console);
      }
    });
  }

  @Test
  void leavingThePageStopsTheFetching() throws Exception {
    ResultsDemo results = new ResultsDemo(Duration.ofSeconds(2));
    EddyTest.run(Gallery.create(results), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/results/")); // takes one fetch: page 1
        browser.waitFor("the page's socket to open", d -> results.producing() == 1);
        browser.get(URI.create("about:blank"));
        browser.waitFor("the producer to stop", d -> results.producing() == 0);
        assertEquals(1, results.pagesFetched(), "page 2 was never finished");
      }
    });
  }
}
