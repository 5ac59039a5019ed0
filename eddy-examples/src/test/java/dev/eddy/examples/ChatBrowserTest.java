package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The chat page in two real browsers (headless Chromium): each is welcomed under its own name,
 * sees the other join, both see each other's messages as text (never as HTML), and the one that
 * stays sees the other leave when its browser quits. This also proves the page's module import
 * of {@code /eddy.js} works as served.
 */
class ChatBrowserTest {
  private static final String NAME = "[a-z]+-[a-z]+-[0-9]+";

  private static By item(String kind, String user) {
    return By.cssSelector("#log li." + kind + "[data-user='" + user + "']");
  }

  /** Opens the chat and returns the name the page shows once the welcome event has come. */
  private static String join(Browser browser, java.net.URI page) {
    browser.get(page);
    return browser.waitForText(By.id("me"), name -> name.matches(NAME));
  }

  @Test
  void twoBrowsersChatWithEachOtherAndSeeJoinsAndLeaves() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Browser ada = Browser.open()) {
        String adaName = join(ada, server.uri("/chat/"));
        ada.waitForElementWithText(item("joined", adaName), "joined");
        assertEquals("live", ada.text(By.id("status")));

        String bobName;
        try (Browser bob = Browser.open()) {
          bobName = join(bob, server.uri("/chat/"));
          assertNotEquals(adaName, bobName);
          ada.waitForElementWithText(item("joined", bobName), "joined");

          ada.type(By.id("text"), "Hello Bob, this is <b>not bold</b> & fine");
          for (Browser b : new Browser[] {ada, bob}) {
            WebElement said = b.waitForElementWithText(item("message", adaName), "Hello Bob");
            assertEquals(adaName, said.findElement(By.className("user")).getText());
            assertEquals("Hello Bob, this is <b>not bold</b> & fine", said.findElement(By.className("text")).getText());
            assertTrue(said.findElements(By.tagName("b")).isEmpty(), "text stays text");
          }
          assertEquals("", ada.text(By.id("text")), "the field is cleared once the server took it");
          assertTrue(ada.waitForElementWithText(item("message", adaName), "Hello Bob").getAttribute("class").contains("mine"));

          bob.type(By.id("text"), "Hi Ada 👋");
          ada.waitForElementWithText(item("message", bobName), "Hi Ada 👋");
          bob.waitForElementWithText(item("message", bobName), "Hi Ada 👋");
        }
        ada.waitForElementWithText(item("left", bobName), "left");
        assertEquals("", ada.text(By.id("error")), "no error was shown");
      }
    });
  }
}
