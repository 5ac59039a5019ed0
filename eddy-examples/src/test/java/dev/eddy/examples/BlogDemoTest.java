package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import dev.eddy.test.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The blog demo (seed 004's {@code Blog} routerclass) on the real gallery app: every route, as a browser and as an API client. */
class BlogDemoTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  static GalleryConfig config() {
    return GalleryConfig.withAdminPassword("correct horse battery staple");
  }

  /** A browser's view of the blog: the CSRF cookie and the token of the last index page it loaded. */
  record Visitor(String cookie, String token) {
    static Visitor load(TestClient client) throws Exception {
      HttpResponse<String> index = client.send(client.request("/blog/").header("Accept", HTML));
      assertEquals(200, index.statusCode(), index.body());
      String setCookie = index.headers().allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith("eddy_blog_csrf=")).findFirst().orElseThrow(() -> new AssertionError(index.headers()));
      assertTrue(setCookie.contains("HTTPOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie);
      Matcher m = TOKEN.matcher(index.body());
      assertTrue(m.find(), "the form carries a CSRF token: " + index.body());
      return new Visitor(setCookie.split(";")[0], m.group(1));
    }

    HttpResponse<String> post(TestClient client, TestServer server, Map<String, String> fields) throws Exception {
      return client.send(client.request("/blog/new_post")
          .header("Cookie", cookie)
          .header("Origin", "http://127.0.0.1:" + server.port())
          .header("Accept", HTML)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }
  }

  static String form(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder();
    fields.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return sb.toString();
  }

  static HttpResponse<String> getJson(TestClient client, String path) throws Exception {
    return client.send(client.request(path).header("Accept", "application/json"));
  }

  static HttpResponse<String> getHtml(TestClient client, String path) throws Exception {
    return client.send(client.request(path).header("Accept", HTML));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return JSON.readValue(r.body(), Map.class);
  }

  @Test
  void theIndexListsTheSeededPostsNewestFirstWithLinksAndTheForm() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      HttpResponse<String> r = getHtml(client, "/blog/");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
      String html = r.body();
      int third = html.indexOf("<a class=\"post-link\" href=\"/blog/3\">Turn off the blog, keep the site up</a>");
      int second = html.indexOf("<a class=\"post-link\" href=\"/blog/2\">Routerclass: a blog as a class</a>");
      int first = html.indexOf("<a class=\"post-link\" href=\"/blog/1\">Growler at PyOhio</a>");
      assertTrue(third > 0 && third < second && second < first, "newest first, each linked: " + html);
      assertTrue(html.contains("href=\"/blog/2015/08/02\""), "each post links its day");
      assertTrue(html.contains("<form method=\"post\" action=\"/blog/new_post\" id=\"new-post\">"), html);
      assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/static/layout.css\">"), "the shared layout");
      assertFalse(html.contains("<script"), "the blog needs no script");
      assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"),
          "the gallery's security headers reach the mounted blog");
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertEquals(200, client.get("/static/layout.css").statusCode());
      assertEquals(200, getHtml(client, "/blog").statusCode(), "the prefix itself is the index too");
    });
  }

  @Test
  void theIndexIsJsonForApiClientsAndPaged() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      HttpResponse<String> r = getJson(client, "/blog/");
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
      Map<String, Object> index = json(r);
      assertEquals(1, index.get("page"));
      assertEquals(1, index.get("pages"));
      assertEquals(3, index.get("total"));
      List<?> posts = (List<?>) index.get("posts");
      assertEquals(List.of(3, 2, 1), posts.stream().map(p -> ((Map<?, ?>) p).get("id")).toList());
      assertEquals(Map.of("id", 1, "title", "Growler at PyOhio", "published", "2015-08-02T14:00:00Z",
          "body", ((Map<?, ?>) posts.get(2)).get("body")), posts.get(2), "a post is id, title, body, published");

      for (int i = 1; i <= 20; i++) {
        assertEquals(201, client.postJson("/blog/new_post", "{\"title\": \"Post " + i + "\", \"body\": \"Text " + i + "\"}").statusCode());
      }
      Map<String, Object> page2 = json(getJson(client, "/blog/?page=2"));
      assertEquals(2, page2.get("pages"));
      assertEquals(23, page2.get("total"));
      assertEquals(List.of(3, 2, 1), ((List<?>) page2.get("posts")).stream().map(p -> ((Map<?, ?>) p).get("id")).toList());
      String html = getHtml(client, "/blog/").body();
      assertTrue(html.contains("Page 1 of 2") && html.contains("<a id=\"older\" href=\"/blog/?page=2\">older</a>"), html);
      assertTrue(getHtml(client, "/blog/?page=2").body().contains("<a id=\"newer\" href=\"/blog/?page=1\">newer</a>"));

      HttpResponse<String> past = getJson(client, "/blog/?page=3");
      assertEquals(404, past.statusCode());
      assertEquals("No page 3: the blog has 2 pages", json(past).get("error"));
      assertEquals(400, getJson(client, "/blog/?page=0").statusCode());
      HttpResponse<String> word = getJson(client, "/blog/?page=two");
      assertEquals(400, word.statusCode());
      assertTrue(((String) json(word).get("error")).startsWith("Query parameter 'page' must be a whole number"), word.body());
    });
  }

  @Test
  void aPostHasItsPageAndJson() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      HttpResponse<String> r = getHtml(client, "/blog/1");
      assertEquals(200, r.statusCode(), r.body());
      String html = r.body();
      assertTrue(html.contains("<title>Growler at PyOhio</title>"), html);
      assertTrue(html.contains("<h1 id=\"post-title\">Growler at PyOhio</h1>"), html);
      assertTrue(html.contains("<a id=\"post-day\" href=\"/blog/2015/08/02\"><time datetime=\"2015-08-02T14:00:00Z\">2 August 2015, 14:00 UTC</time></a>"), html);
      assertTrue(html.contains("<p>Its talk was given at PyOhio on 2 August 2015.</p>"), "a blank line starts a paragraph: " + html);

      Map<String, Object> post = json(getJson(client, "/blog/2"));
      assertEquals(2, post.get("id"));
      assertEquals("Routerclass: a blog as a class", post.get("title"));
      assertEquals("2015-08-02T16:30:00Z", post.get("published"));
    });
  }

  @Test
  void anUnknownPostIsA404PageAndANonNumericIdA400() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      HttpResponse<String> page = getHtml(client, "/blog/999");
      assertEquals(404, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      assertTrue(page.body().contains("<h1 id=\"error-status\">404 Not Found</h1>"), page.body());
      assertTrue(page.body().contains("<p id=\"error-message\">No post with id 999</p>"), page.body());
      assertTrue(page.body().contains("<link rel=\"stylesheet\" href=\"/static/layout.css\">"), "in the shared layout");

      HttpResponse<String> api = getJson(client, "/blog/999");
      assertEquals(404, api.statusCode());
      assertEquals(Map.of("status", 404, "error", "No post with id 999"), json(api));
      assertEquals(404, getJson(client, "/blog/-1").statusCode());

      HttpResponse<String> word = getJson(client, "/blog/abc");
      assertEquals(400, word.statusCode());
      assertTrue(((String) json(word).get("error")).startsWith("Path parameter 'id' must be a whole number"), word.body());
      assertEquals(400, getHtml(client, "/blog/99999999999999999999").statusCode(), "out of range");
      HttpResponse<String> wordPage = getHtml(client, "/blog/abc");
      assertTrue(wordPage.body().contains("<h1 id=\"error-status\">400 Bad Request</h1>"), wordPage.body());

      HttpResponse<String> nowhere = getHtml(client, "/blog/a/b");
      assertEquals(404, nowhere.statusCode());
      assertTrue(nowhere.body().contains("404 Not Found"), "the blog's own 404 page: " + nowhere.body());
      HttpResponse<String> getForm = getHtml(client, "/blog/new_post");
      assertEquals(303, getForm.statusCode(), "the form is on the index");
      assertEquals("/blog/#new", getForm.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> delete = client.send(client.request("/blog/1").header("Accept", HTML).DELETE());
      assertEquals(405, delete.statusCode());
      assertEquals("GET, HEAD, OPTIONS", delete.headers().firstValue("Allow").orElseThrow());
      assertTrue(delete.body().contains("405 Method Not Allowed"), delete.body());
    });
  }

  @Test
  void aDayListsItsPostsAndAnImpossibleDateIsA400() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      HttpResponse<String> r = getHtml(client, "/blog/2015/08/02");
      assertEquals(200, r.statusCode(), r.body());
      String html = r.body();
      int first = html.indexOf("href=\"/blog/1\">Growler at PyOhio</a>");
      int second = html.indexOf("href=\"/blog/2\">Routerclass: a blog as a class</a>");
      assertTrue(first > 0 && first < second, "that day's posts in order: " + html);
      assertFalse(html.contains("/blog/3\""), "not another day's");
      assertTrue(html.contains("<time datetime=\"2015-08-02\">2015-08-02</time>"), html);

      Map<String, Object> day = json(getJson(client, "/blog/2015/8/2"));
      assertEquals("2015-08-02", day.get("date"));
      assertEquals(2, ((List<?>) day.get("posts")).size());
      HttpResponse<String> empty = getHtml(client, "/blog/2020/01/01");
      assertEquals(200, empty.statusCode());
      assertTrue(empty.body().contains("id=\"no-posts\""), empty.body());

      HttpResponse<String> bad = getJson(client, "/blog/2026/13/40");
      assertEquals(400, bad.statusCode());
      String error = (String) json(bad).get("error");
      assertTrue(error.startsWith("No such date 2026/13/40: ") && error.contains("MonthOfYear"), error);
      assertEquals(400, getJson(client, "/blog/2023/2/29").statusCode(), "not a leap year");
      assertEquals(400, getJson(client, "/blog/0/1/1").statusCode());
      assertEquals(400, getJson(client, "/blog/2015/aug/02").statusCode());
      assertEquals(200, getJson(client, "/blog/2024/2/29").statusCode());
    });
  }

  @Test
  void theFormPublishesAPostAndRedirectsToIt() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      Visitor ada = Visitor.load(client);
      HttpResponse<String> r = ada.post(client, server, Map.of("_csrf", ada.token(),
          "title", "  Hello from a form  ", "body", "First paragraph.\r\n\r\nSecond & last."));
      assertEquals(303, r.statusCode(), r.body());
      assertEquals("/blog/4", r.headers().firstValue("Location").orElseThrow());
      String page = getHtml(client, "/blog/4").body();
      assertTrue(page.contains("<h1 id=\"post-title\">Hello from a form</h1>"), "stripped: " + page);
      assertTrue(page.contains("<p>First paragraph.</p>") && page.contains("<p>Second &amp; last.</p>"), page);
      assertTrue(getHtml(client, "/blog/").body().indexOf("/blog/4\"") < getHtml(client, "/blog/").body().indexOf("/blog/3\""),
          "the new post comes first");
      assertEquals(4, json(getJson(client, "/blog/")).get("total"));
    });
  }

  @Test
  void theFormNeedsItsCsrfTokenAndASameOriginRequest() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      Visitor ada = Visitor.load(client);
      Map<String, String> post = Map.of("title", "t", "body", "b");

      HttpResponse<String> noToken = ada.post(client, server, post);
      assertEquals(403, noToken.statusCode());
      assertTrue(noToken.body().contains("CSRF: token missing"), noToken.body());
      HttpResponse<String> wrongToken = ada.post(client, server, Map.of("_csrf", "x" + ada.token().substring(1), "title", "t", "body", "b"));
      assertEquals(403, wrongToken.statusCode());
      Visitor eve = Visitor.load(client);
      HttpResponse<String> othersToken = ada.post(client, server, Map.of("_csrf", eve.token(), "title", "t", "body", "b"));
      assertEquals(403, othersToken.statusCode(), "a token is good only with its own browser's cookie");
      HttpResponse<String> crossSite = client.send(client.request("/blog/new_post")
          .header("Cookie", ada.cookie()).header("Origin", "https://evil.example")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("_csrf", ada.token(), "title", "t", "body", "b")))));
      assertEquals(403, crossSite.statusCode());
      assertTrue(crossSite.body().contains("cross-origin"), crossSite.body());
      HttpResponse<String> plain = client.send(client.request("/blog/new_post").header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"t\", \"body\": \"b\"}")));
      assertEquals(403, plain.statusCode(), "text/plain is what a cross-site form can send: it needs the token");
      assertEquals(3, json(getJson(client, "/blog/")).get("total"), "nothing was published");
    });
  }

  @Test
  void aFormWithBadFieldsIsA400PageNamingThemAndKeepingTheInput() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      Visitor ada = Visitor.load(client);
      HttpResponse<String> r = ada.post(client, server, Map.of("_csrf", ada.token(), "title", "   ", "body", "Kept <b>as text</b>"));
      assertEquals(400, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      String html = r.body();
      assertTrue(html.contains("<li>title must not be blank</li>"), html);
      assertTrue(html.contains(">Kept &lt;b&gt;as text&lt;/b&gt;</textarea>"), "the input is kept, escaped: " + html);
      assertTrue(TOKEN.matcher(html).find(), "with a token to try again");

      HttpResponse<String> missing = ada.post(client, server, Map.of("_csrf", ada.token(), "title", "Only a title"));
      assertEquals(400, missing.statusCode());
      assertTrue(missing.body().contains("<li>body is required</li>"), missing.body());
      HttpResponse<String> long_ = ada.post(client, server, Map.of("_csrf", ada.token(), "title", "x".repeat(201), "body", "b"));
      assertEquals(400, long_.statusCode());
      assertTrue(long_.body().contains("<li>title must be 1 to 200 characters</li>"), long_.body());
      HttpResponse<String> twoLines = ada.post(client, server, Map.of("_csrf", ada.token(), "title", "a\nb", "body", "b"));
      assertEquals(400, twoLines.statusCode());
      assertTrue(twoLines.body().contains("<li>title must be one line of text"), twoLines.body());
      assertEquals(3, json(getJson(client, "/blog/")).get("total"), "nothing was published");
    });
  }

  @Test
  void jsonPublishesWith201AndLocationAndNamesBadFields() throws Exception {
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      HttpResponse<String> r = client.postJson("/blog/new_post", "{\"title\": \"From the API\", \"body\": \"Hello.\"}");
      assertEquals(201, r.statusCode(), r.body());
      assertEquals("/blog/4", r.headers().firstValue("Location").orElseThrow());
      Map<String, Object> post = json(r);
      assertEquals(4, post.get("id"));
      assertEquals("From the API", post.get("title"));
      assertEquals("Hello.", post.get("body"));
      assertTrue(((String) post.get("published")).endsWith("Z"), post.toString());
      assertEquals("From the API", json(getJson(client, "/blog/4")).get("title"));

      HttpResponse<String> missing = client.postJson("/blog/new_post", "{\"title\": \"No body\"}");
      assertEquals(400, missing.statusCode());
      assertEquals(Map.of("body", "is required"), json(missing).get("fields"));
      HttpResponse<String> invalid = client.postJson("/blog/new_post", "{\"title\": \"" + "x".repeat(201) + "\", \"body\": \" \"}");
      assertEquals(400, invalid.statusCode());
      assertEquals(Map.of("title", "must be 1 to 200 characters", "body", "must not be blank"), json(invalid).get("fields"));
      HttpResponse<String> typed = client.postJson("/blog/new_post", "{\"title\": 7, \"body\": \"b\", \"tags\": []}");
      assertEquals(400, typed.statusCode());
      Map<?, ?> fields = (Map<?, ?>) json(typed).get("fields");
      assertTrue(fields.containsKey("title") && fields.containsKey("tags"), typed.body());
      assertEquals(400, client.postJson("/blog/new_post", "{\"title\": ").statusCode(), "malformed");
      assertEquals(400, client.postJson("/blog/new_post", "[]").statusCode(), "not an object");
      assertEquals(4, json(getJson(client, "/blog/")).get("total"), "only the valid post was published");
    });
  }

  @Test
  void aScriptInATitleIsShownAsText() throws Exception {
    String evil = "<script>alert(1)</script>";
    EddyTest.run(Gallery.create(config()), (server, client) -> {
      assertEquals(201, client.postJson("/blog/new_post",
          "{\"title\": \"" + evil + "\", \"body\": \"<img src=x onerror=alert(2)>\"}").statusCode());
      for (String path : List.of("/blog/", "/blog/4")) {
        String html = getHtml(client, path).body();
        assertFalse(html.contains("<script>"), path + ": " + html);
        assertFalse(html.contains("<img"), path + ": " + html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), path + ": " + html);
      }
      assertTrue(getHtml(client, "/blog/4").body().contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
      assertEquals(evil, json(getJson(client, "/blog/4")).get("title"), "stored as sent");
    });
  }
}
