package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.examples.blog.BlogApp;
import dev.eddy.examples.blog.NewPost;
import dev.eddy.examples.blog.Post;
import dev.eddy.examples.blog.PostStore;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The blog's in-memory store: ids, order, days, its bound, and many writers at once. */
class PostStoreTest {
  private static final Clock NOON = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void postsGetIncreasingIdsTheClocksTimeAndAreStoredStripped() {
    PostStore store = new PostStore(10, NOON);
    Post first = store.add(new NewPost("  One ", " Line 1\r\nLine 2\r\rEnd  "));
    Post second = store.add(new NewPost("Two", "b"));
    assertEquals(1, first.id());
    assertEquals(2, second.id());
    assertEquals("One", first.title());
    assertEquals("Line 1\nLine 2\n\nEnd", first.body(), "line breaks become \\n");
    assertEquals(List.of("Line 1\nLine 2", "End"), first.paragraphs());
    assertEquals(Instant.parse("2026-03-01T12:00:00Z"), first.published());
    assertEquals("2026/03/01", first.dayPath());
    assertEquals(List.of(2L, 1L), store.page(1, 20).posts().stream().map(Post::id).toList(), "newest first");
    assertEquals(List.of(1L, 2L), store.on(LocalDate.of(2026, 3, 1)).stream().map(Post::id).toList(), "a day in order");
    assertEquals(List.of(), store.on(LocalDate.of(2026, 3, 2)));
    assertTrue(store.find(3).isEmpty());
  }

  @Test
  void pagesCountFromOneAndAnEmptyStoreHasOneEmptyPage() {
    PostStore store = new PostStore(100, NOON);
    assertEquals(new PostStore.Page(1, 1, 0, List.of()), store.page(1, 20));
    for (int i = 0; i < 41; i++) {
      store.add(new NewPost("t" + i, "b"));
    }
    PostStore.Page last = store.page(3, 20);
    assertEquals(3, last.pages());
    assertEquals(41, last.total());
    assertEquals(List.of(1L), last.posts().stream().map(Post::id).toList());
    assertEquals(List.of(), store.page(4, 20).posts());
    assertThrows(IllegalArgumentException.class, () -> store.page(0, 20));
  }

  @Test
  void aFullStoreRefusesNewPostsWith507AndKeepsTheOldOnesUnderAnyMountPoint() throws Exception {
    PostStore store = new PostStore(2, NOON);
    store.add(new NewPost("a", "b"));
    store.add(new NewPost("c", "d"));
    HttpException full = assertThrows(HttpException.class, () -> store.add(new NewPost("e", "f")));
    assertEquals(507, full.status());
    assertEquals("The blog is full: it keeps at most 2 posts in memory", full.getMessage());
    assertEquals(2, store.size());

    App app = new App();
    app.mount("/journal", BlogApp.create(GalleryTemplates.renderer(), store));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/journal/new_post").header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"title\": \"t\", \"body\": \"b\"}")));
      assertEquals(507, r.statusCode());
      assertTrue(r.body().contains("The blog is full"), r.body());
      assertEquals(200, client.get("/journal/2").statusCode());
      String index = client.get("/journal/").body();
      assertTrue(index.contains("href=\"/journal/2\"") && index.contains("action=\"/journal/new_post\""),
          "links follow the mount point: " + index);
    });
  }

  @Test
  void manyWritersAtOnceGetDistinctIdsAndNoPostIsLost() throws Exception {
    PostStore store = new PostStore(10_000, NOON);
    int writers = 16;
    int each = 200;
    List<Future<List<Long>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(pool.submit(() -> {
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            ids.add(store.add(new NewPost("w" + writer + " #" + i, "b")).id());
            store.page(1, 20);   // readers and writers interleave
          }
          return ids;
        }));
      }
      Set<Long> ids = new HashSet<>();
      for (Future<List<Long>> f : results) {
        ids.addAll(f.get(30, TimeUnit.SECONDS));
      }
      assertEquals(writers * each, ids.size(), "every id distinct");
    }
    assertEquals(writers * each, store.size());
    assertEquals(writers * each, store.page(1, 20).total());
    for (long id = 1; id <= writers * each; id++) {
      assertTrue(store.find(id).isPresent(), "post " + id);
    }
  }
}
