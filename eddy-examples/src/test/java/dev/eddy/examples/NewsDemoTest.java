package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.internal.json.JacksonCodec;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewsDemoTest {

  @Test
  void runFetchesEveryPageAndAllAtOnceIsClearlyFaster() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      HttpResponse<String> r = client.get("/news/run");
      assertEquals(200, r.statusCode(), r.body());
      @SuppressWarnings("unchecked")
      Map<String, Object> race = new JacksonCodec().decode(r.body().getBytes(StandardCharsets.UTF_8), Map.class);
      assertEquals(20, race.get("pages"));
      long delay = ((Number) race.get("delayMs")).longValue();
      long sequential = ((Number) race.get("sequentialMs")).longValue();
      long concurrent = ((Number) race.get("concurrentMs")).longValue();
      assertTrue(sequential >= 20 * delay, "one after another waits for every delay: " + race);
      assertTrue(concurrent * 2 < sequential, "all at once is clearly faster: " + race);
      List<?> headlines = (List<?>) race.get("headlines");
      assertEquals(20, headlines.size());
      assertEquals("Headline 1: slow news is still news", headlines.get(0));
    });
  }

  @Test
  void thePageHasStableIdsAndTheSourcesAnswerJson() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      HttpResponse<String> page = client.get("/news/");
      assertEquals(200, page.statusCode());
      for (String id : List.of("run", "status", "pages", "sequential-ms", "concurrent-ms", "speedup", "headlines")) {
        assertTrue(page.body().contains("id=\"" + id + "\""), id);
      }
      assertTrue(page.body().contains("data-base=\"/news\""), "the page's script calls the run endpoint under its mount");
      assertTrue(page.body().contains("src=\"/news/news.js\""), "the script is a file, as the gallery's CSP wants");
      HttpResponse<String> script = client.get("/news/news.js");
      assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
      assertTrue(script.body().contains("dataset.base + '/run'"), script.body());
      assertEquals(200, client.get("/news").statusCode());
      assertEquals("{\"id\":3,\"title\":\"Headline 4: slow news is still news\"}", client.get("/news/source/3").body());
      assertEquals(404, client.get("/news/source/20").statusCode());
      assertEquals(404, client.get("/news/source/x").statusCode());
      assertTrue(client.get("/").body().contains("href=\"/news/\""), "the index links the demo");
    });
  }
}
