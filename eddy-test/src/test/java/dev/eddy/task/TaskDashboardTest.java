package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's page and assets as HTTP sees them: types, caching, policy, escaping, refusals. */
class TaskDashboardTest {
  private final Tasks tasks = Tasks.create();

  TaskDashboardTest() {
    tasks.register(TaskKind.blocking("report", Void.class, (task, none) -> null));
    tasks.register(TaskKind.blocking("backup", Void.class, (task, none) -> null));
  }

  @AfterEach
  void close() {
    tasks.close();
  }

  private App app(String api) {
    return new App()
        .use("/api/tasks", TaskApi.router(tasks))
        .use("/tasks", TaskDashboard.router(tasks, api));
  }

  @Test
  void thePageNamesTheApiAndEveryKindAndLoadsOnlyItsOwnFiles() throws Exception {
    EddyTest.run(app("/api/tasks"), (server, client) -> {
      HttpResponse<String> page = client.get("/tasks/");
      assertEquals(200, page.statusCode());
      assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElseThrow());
      String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertTrue(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"), policy);
      String html = page.body();
      assertTrue(html.contains("data-api=\"/api/tasks\""), html);
      assertTrue(html.contains("<option value=\"backup\">backup</option><option value=\"report\">report</option>"), "kinds, sorted");
      assertTrue(html.contains("<script type=\"module\" src=\"dashboard.js\"></script>"));
      assertTrue(html.contains("<link rel=\"stylesheet\" href=\"dashboard.css\">"));
      assertFalse(html.contains("{{"), "every placeholder filled");
      assertFalse(html.contains("<script>") || html.contains("style="), "no inline script or style: a strict CSP holds");
    });
  }

  @Test
  void thePrefixWithoutItsSlashIsRedirectedSoRelativeFilesResolve() throws Exception {
    EddyTest.run(app("/api/tasks"), (server, client) -> {
      HttpResponse<String> r = client.get("/tasks");
      assertEquals(301, r.statusCode());
      assertEquals("/tasks/", r.headers().firstValue("Location").orElseThrow());
    });
  }

  @Test
  void kindsRegisteredLaterAppearOnTheNextLoad() throws Exception {
    EddyTest.run(app("/api/tasks"), (server, client) -> {
      assertFalse(client.get("/tasks/").body().contains("value=\"cleanup\""));
      tasks.register(TaskKind.blocking("cleanup", Void.class, (task, none) -> null));
      assertTrue(client.get("/tasks/").body().contains("<option value=\"cleanup\">cleanup</option>"));
    });
  }

  @Test
  void theApiPathIsEscapedInThePage() throws Exception {
    EddyTest.run(app("../api/t&'sks"), (server, client) -> {
      assertTrue(client.get("/tasks/").body().contains("data-api=\"../api/t&amp;&#39;sks\""));
    });
  }

  @Test
  void scriptsStylesAndEddyJsAreServedWithTypesValidatorsAndGzip() throws Exception {
    EddyTest.run(app("/api/tasks"), (server, client) -> {
      for (String[] asset : List.of(
          new String[] {"/tasks/dashboard.js", "text/javascript; charset=utf-8", "import { events } from './eddy.js';"},
          new String[] {"/tasks/dashboard.css", "text/css; charset=utf-8", "progress"},
          new String[] {"/tasks/eddy.js", "text/javascript; charset=utf-8", "export class EddyEvents"})) {
        HttpResponse<String> r = client.get(asset[0]);
        assertEquals(200, r.statusCode(), asset[0]);
        assertEquals(asset[1], r.headers().firstValue("Content-Type").orElseThrow(), asset[0]);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(r.body().contains(asset[2]), asset[0]);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, client.send(client.request(asset[0]).header("If-None-Match", etag)).statusCode());

        HttpResponse<byte[]> gz = client.http().send(client.request(asset[0]).header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElseThrow());
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(r.body(), unzipped);
      }
    });
  }

  @Test
  void anApiPathThatIsNotASameSitePathIsRefused() {
    for (String api : new String[] {"", " ", "https://evil.example/api", "//evil.example/api", "javascript:alert(1)",
        "/api/tasks?x=1", "/api/tasks#top", "/api tasks", "/api/{{kinds}}", "/api/\"x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskDashboard.router(tasks, api), api);
      assertTrue(e.getMessage().contains("API path"), e.getMessage());
    }
  }
}
