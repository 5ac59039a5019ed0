package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The blog and the admin page in headless Chromium: read the index, open a post, publish one
 * through the form (its CSRF token and cookie as a browser handles them), then log into the admin
 * page with Basic credentials, put the blog into maintenance with the page's button (its script
 * is a file, under the gallery's CSP) and see the blog's 503 page while the rest serves, and
 * bring it back.
 */
class BlogBrowserTest {
  private static final String PASSWORD = "correct-horse-battery-staple";

  @Test
  void readPublishThenTakeTheBlogDownAndBackFromTheAdminPage() throws Exception {
    EddyTest.run(Gallery.create(GalleryConfig.withAdminPassword(PASSWORD)), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/blog/"));
        browser.waitForElementWithText(By.cssSelector("#posts a.post-link"), "Growler at PyOhio");
        assertEquals(List.of("Turn off the blog, keep the site up", "Routerclass: a blog as a class", "Growler at PyOhio"),
            browser.texts(By.cssSelector("#posts a.post-link")), "newest first");

        browser.driver().findElement(By.linkText("Routerclass: a blog as a class")).click();
        browser.waitForText(By.id("post-title"), "Routerclass: a blog as a class"::equals);
        assertTrue(browser.text(By.id("post-body")).contains("Routes.of(new Blog(posts))"), browser.text(By.id("post-body")));
        assertEquals("2 August 2015, 16:30 UTC", browser.text(By.id("post-day")));
        browser.driver().findElement(By.id("all-posts")).click();

        browser.waitFor("the form", d -> d.findElements(By.id("body")).isEmpty() ? null : true);
        browser.driver().findElement(By.id("body")).sendKeys("Written in a browser.\n\nWith <b>two</b> paragraphs.");
        browser.type(By.id("title"), "Hello from <Chromium>");
        browser.waitForText(By.id("post-title"), "Hello from <Chromium>"::equals);
        assertTrue(browser.driver().getCurrentUrl().endsWith("/blog/4"), browser.driver().getCurrentUrl());
        assertEquals(2, browser.texts(By.cssSelector("#post-body p")).size());
        assertEquals("With <b>two</b> paragraphs.", browser.texts(By.cssSelector("#post-body p")).get(1), "text stays text");
        browser.get(server.uri("/blog/"));
        assertEquals("Hello from <Chromium>", browser.texts(By.cssSelector("#posts a.post-link")).getFirst());

        URI admin = URI.create("http://admin:" + PASSWORD + "@127.0.0.1:" + server.port() + "/admin/");
        browser.get(admin);
        browser.waitForText(By.id("state-blog"), "serving"::equals);
        assertEquals("4 posts", browser.text(By.id("summary-blog")));
        browser.driver().findElement(By.id("toggle-blog")).click();
        browser.waitForText(By.id("state-blog"), "in maintenance"::equals);
        assertEquals("End maintenance", browser.text(By.id("toggle-blog")));
        assertEquals("Blog is in maintenance.", browser.text(By.id("admin-status")));

        browser.get(server.uri("/blog/"));
        browser.waitForText(By.tagName("h1"), "Down for maintenance"::equals);
        assertEquals("Blog is down for maintenance. The rest of the gallery is up.", browser.text(By.id("maintenance-message")));
        browser.get(server.uri("/hello"));
        browser.waitForText(By.tagName("body"), "Hello, Anonymous"::equals);

        browser.get(server.uri("/admin/"));   // the browser remembers the Basic credentials
        browser.waitForText(By.id("state-blog"), "in maintenance"::equals);
        browser.driver().findElement(By.id("toggle-blog")).click();
        browser.waitForText(By.id("state-blog"), "serving"::equals);
        assertEquals("Blog is serving again.", browser.text(By.id("admin-status")));

        browser.get(server.uri("/blog/"));
        browser.waitForElementWithText(By.cssSelector("#posts a.post-link"), "Hello from <Chromium>");
      }
    });
  }
}
