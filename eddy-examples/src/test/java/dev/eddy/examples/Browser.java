package dev.eddy.examples;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Browser is one headless Chromium for a gallery test: Debian's {@code chromium} driven through
 * its {@code chromedriver} by Selenium, with a fresh profile, no network of its own (no updates,
 * sync, QUIC or background requests) and nothing downloaded. Two {@code Browser}s are two
 * separate users (separate processes and profiles, so separate cookies and connections).
 *
 * <pre>{@code
 * try (Browser ada = Browser.open()) {
 *   ada.get(server.uri("/chat/"));
 *   ada.waitForText(By.id("me"), name -> !name.isBlank());
 * }
 * }</pre>
 *
 * <p>Waits are bounded ({@link #WAIT}); a wait that times out fails with what the page showed and
 * what its console logged. Chromium and chromedriver are found at {@code /usr/bin} (override with
 * the {@code CHROMIUM} and {@code CHROMEDRIVER} environment variables); when they are missing the
 * test fails saying how to install them: browser tests never skip.
 */
final class Browser implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  private static final List<String> FLAGS = List.of(
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-quic", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
      "--password-store=basic", "--window-size=1200,900");

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /** Starts a headless Chromium with a new, empty profile. */
  static Browser open() throws IOException {
    File chromium = executable("CHROMIUM", "/usr/bin/chromium", "chromium");
    File chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver");
    Path profile = Files.createTempDirectory("eddy-chromium-");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver)
        .usingAnyFreePort()
        .withSilent(true)
        .build();
    ChromeOptions options = new ChromeOptions()
        .setBinary(chromium)
        .addArguments(FLAGS)
        .addArguments("--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
      return new Browser(profile, service, driver);
    } catch (RuntimeException e) {
      service.stop();
      delete(profile);
      throw new AssertionError("Chromium did not start (" + chromium + " driven by " + chromedriver + ")", e);
    }
  }

  /** The Selenium driver, for anything the helpers below don't cover. */
  WebDriver driver() {
    return driver;
  }

  /** Loads {@code uri} and waits for the document to have loaded. */
  Browser get(URI uri) {
    driver.get(uri.toString());
    return this;
  }

  /** The element's visible text, waiting for it to exist. */
  String text(By locator) {
    return waitFor("an element " + locator, d -> d.findElements(locator).isEmpty() ? null : d.findElement(locator)).getText();
  }

  /** The visible texts of every element {@code locator} finds now, in document order. */
  List<String> texts(By locator) {
    return driver.findElements(locator).stream().map(WebElement::getText).toList();
  }

  /** Waits until the element exists and its text satisfies {@code test}; returns the text. */
  String waitForText(By locator, java.util.function.Predicate<String> test) {
    return waitFor("text of " + locator + " to match", d -> {
      List<WebElement> found = d.findElements(locator);
      if (found.isEmpty()) {
        return null;
      }
      String text = found.getFirst().getText();
      return test.test(text) ? text : null;
    });
  }

  /** Waits until some element found by {@code locator} has text containing {@code fragment}. */
  WebElement waitForElementWithText(By locator, String fragment) {
    return waitFor("an element " + locator + " containing '" + fragment + "'", d -> d.findElements(locator).stream()
        .filter(e -> e.getText().contains(fragment))
        .findFirst()
        .orElse(null));
  }

  /** Types {@code text} into the field and submits its form, as a person would with Enter. */
  void type(By field, String text) {
    WebElement input = waitFor("an enabled " + field, d -> {
      List<WebElement> found = d.findElements(field);
      return found.isEmpty() || !found.getFirst().isEnabled() ? null : found.getFirst();
    });
    input.clear();
    input.sendKeys(text);
    input.submit();
  }

  /**
   * Waits up to {@link #WAIT} for {@code condition} to return non-null (and not false); on a
   * timeout fails naming {@code what}, with the page's text and console.
   */
  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError("Waited " + WAIT + " for " + what + " on " + driver.getCurrentUrl()
          + "\n--- page text ---\n" + driver.findElement(By.tagName("body")).getText()
          + "\n--- console ---\n" + console(), e);
    }
  }

  /** What the page logged to its console so far (errors included), one entry a line. */
  String console() {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(LogEntry::toString)
          .collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      return "(console not available: " + e.getMessage() + ")";
    }
  }

  /** Ends the session: Chromium quits (its connections close), the profile is deleted. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      delete(profile);
    }
  }

  private static File executable(String env, String fallback, String debianPackage) {
    String configured = System.getenv(env);
    File file = new File(configured == null || configured.isBlank() ? fallback : configured);
    if (!file.canExecute()) {
      throw new AssertionError("Browser tests need " + file + " (Debian package " + debianPackage
          + "): apt-get install chromium chromium-driver, as .ci/run does; or set " + env);
    }
    return file;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
