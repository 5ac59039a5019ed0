package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.task.TaskApi;
import dev.eddy.task.TaskDashboard;
import dev.eddy.task.TaskException;
import dev.eddy.task.TaskKind;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task dashboard ({@code /tasks/}) in headless Chromium: a task started through the API shows
 * live and its cancel button cancels it for good; the form starts tasks and shows refusals; text
 * from tasks stays text; and with 1,000 tasks counting down at once the page shows them all,
 * updates rows in place (those in view; the others catch up when scrolled to) and still answers
 * clicks.
 */
class TaskDashboardBrowserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String start(TestClient client, String kind, String args) throws Exception {
    HttpResponse<String> r = client.postJson("/api/tasks/" + kind, args);
    assertEquals(202, r.statusCode(), r.body());
    return (String) JSON.readValue(r.body(), Map.class).get("id");
  }

  private static By row(String id) {
    return By.cssSelector("tr[data-id='" + id + "']");
  }

  private static By cell(String id, String name) {
    return By.cssSelector("tr[data-id='" + id + "'] ." + name);
  }

  /** The row's progress bar value, as the page set it. */
  private static double progress(Browser browser, String id) {
    WebElement bar = browser.driver().findElement(By.cssSelector("tr[data-id='" + id + "'] progress"));
    String value = bar.getDomProperty("value");
    return value == null ? 0 : Double.parseDouble(value);
  }

  private static Object script(Browser browser, String js, Object... args) {
    return ((JavascriptExecutor) browser.driver()).executeScript(js, args);
  }

  @Test
  void aTaskStartedThroughTheApiShowsLiveAndItsCancelButtonCancelsItForGood() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/tasks/"));
        browser.waitForText(By.id("status"), "live"::equals);
        String id = start(client, "countdown", "{\"seconds\": 60}");

        browser.waitForText(cell(id, "state"), "running"::equals);
        assertEquals("countdown", browser.text(cell(id, "kind")));
        double first = progress(browser, id);
        browser.waitFor("the bar to advance past " + first, d -> progress(browser, id) > first ? true : null);
        browser.waitForText(cell(id, "message"), m -> m.endsWith(" s left"));
        browser.waitForText(cell(id, "duration"), d -> d.endsWith(" s"));
        assertTrue(browser.text(By.id("summary")).startsWith("1 task: 1 running"), browser.text(By.id("summary")));

        browser.driver().findElement(By.cssSelector("tr[data-id='" + id + "'] button.cancel")).click();
        browser.waitForText(cell(id, "state"), "cancelled"::equals);
        double stopped = progress(browser, id);
        Thread.sleep(500); // five steps' time
        assertEquals("cancelled", browser.text(cell(id, "state")), "it stays cancelled");
        assertEquals(stopped, progress(browser, id), "and its bar stays put");
        assertEquals("cancelled: cancelled by request", browser.text(cell(id, "message")));
        assertTrue(!browser.driver().findElement(By.cssSelector("tr[data-id='" + id + "'] button.cancel")).isEnabled());
        assertEquals("", browser.text(By.id("notice")));
      }
    });
  }

  @Test
  void theFormStartsATaskAndShowsWhyOneWasRefused() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/tasks"));
        assertTrue(browser.driver().getCurrentUrl().endsWith("/tasks/"), "redirected to the page's own URL");
        browser.waitForText(By.id("status"), "live"::equals);
        new Select(browser.driver().findElement(By.id("kind"))).selectByValue("countdown");

        submit(browser, "{\"seconds\": 0}");
        browser.waitForText(By.id("notice"), n -> n.startsWith("Not started: seconds must be a whole number from 1 to 3600, got 0"));
        submit(browser, "{\"seconds\": ");
        browser.waitForText(By.id("notice"), n -> n.startsWith("The arguments are not JSON"));

        submit(browser, "{\"seconds\": 1}");
        String notice = browser.waitForText(By.id("notice"), n -> n.startsWith("Started countdown "));
        String id = notice.substring("Started countdown ".length(), notice.length() - 1);
        browser.waitForText(cell(id, "state"), "succeeded"::equals);
        assertEquals("100%", browser.text(cell(id, "pct")));
        assertEquals("0.0 s left", browser.text(cell(id, "message")));
        assertTrue(browser.text(cell(id, "duration")).matches("1\\.\\d s"), browser.text(cell(id, "duration")));
      }
    });
  }

  private static void submit(Browser browser, String args) {
    WebElement field = browser.driver().findElement(By.id("args"));
    field.clear();
    field.sendKeys(args);
    browser.driver().findElement(By.id("start-button")).click();
  }

  @Test
  void kindsMessagesAndErrorsWithHtmlRenderAsText() throws Exception {
    String html = "<script>window.pwned = 1</script><b>bold</b> & <img src=x onerror=\"window.pwned = 2\">";
    Tasks tasks = Tasks.create();
    tasks.register(TaskKind.blocking("fails", Void.class, (task, none) -> {
      throw new TaskException("bad_input", html);
    }));
    tasks.register(TaskKind.blocking("says", Void.class, (task, none) -> {
      task.progress(1, 2, html);
      task.sleep(java.time.Duration.ofMinutes(1));
      return null;
    }));
    App app = new App()
        .use("/api/tasks", TaskApi.router(tasks))
        .use("/tasks", TaskDashboard.router(tasks, "/api/tasks"))
        .onStop(tasks::close);
    EddyTest.run(app, (server, client) -> {
      String failed = start(client, "fails", "");
      String says = start(client, "says", "");
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/tasks/"));
        browser.waitForText(cell(failed, "state"), "failed"::equals);
        assertEquals(html, browser.text(cell(failed, "message")));
        assertEquals("bad_input", browser.driver().findElement(cell(failed, "message")).getDomProperty("title"));
        browser.waitForText(cell(says, "message"), html::equals);
        assertEquals(0L, script(browser, "return document.querySelectorAll('#tasks b, #tasks img, #tasks script').length;"));
        assertEquals(null, script(browser, "return window.pwned === undefined ? null : window.pwned;"), "nothing ran");
      }
    });
  }

  @Test
  void withAThousandTasksThePageShowsThemAllUpdatesInPlaceAndStillAnswers() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      String[] ids = new String[1000];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = start(client, "countdown", "{\"seconds\": 120}");
      }
      try (Browser browser = Browser.open()) {
        browser.get(server.uri("/tasks/"));
        browser.waitForText(By.id("summary"), s -> s.startsWith("1000 tasks: 1000 running"));
        assertEquals(1000L, script(browser, "return document.querySelectorAll('#tasks tbody tr').length;"));
        assertEquals(ids[999], browser.driver().findElement(By.cssSelector("#tasks tbody tr")).getDomAttribute("data-id"),
            "newest first");

        // rows are updated in place: the same element, a moving bar (rows in view follow at once)
        String probe = ids[500];
        script(browser, "window.probe = document.querySelector(arguments[0]); window.probe.scrollIntoView();",
            "tr[data-id='" + probe + "']");
        double before = progress(browser, probe);
        browser.waitFor("the probe's bar to advance", d -> progress(browser, probe) > before ? true : null);
        assertEquals(true, script(browser, "return document.querySelector(arguments[0]) === window.probe;", "tr[data-id='" + probe + "']"));

        // the page still answers: a cancel and a start from the form, while all of them count
        browser.driver().findElement(By.cssSelector("tr[data-id='" + ids[0] + "'] button.cancel")).click();
        browser.waitForText(cell(ids[0], "state"), "cancelled"::equals);
        new Select(browser.driver().findElement(By.id("kind"))).selectByValue("countdown");
        submit(browser, "{\"seconds\": 5}");
        String notice = browser.waitForText(By.id("notice"), n -> n.startsWith("Started countdown "));
        String newest = notice.substring("Started countdown ".length(), notice.length() - 1);
        browser.waitForText(cell(newest, "state"), "running"::equals);
        // 1,001 tasks: the newest 1,000 are shown, the oldest (the cancelled one) is gone
        browser.waitForText(By.id("summary"), s -> s.equals("1000 tasks: 1000 running (the newest 1000)"));
        assertEquals(1000L, script(browser, "return document.querySelectorAll('#tasks tbody tr').length;"));
        assertEquals(newest, browser.driver().findElement(By.cssSelector("#tasks tbody tr")).getDomAttribute("data-id"));
        assertTrue(browser.driver().findElements(row(ids[0])).isEmpty(), "the oldest row went");
        assertNotNull(browser.driver().findElement(row(ids[1])));
      }
    });
  }
}
