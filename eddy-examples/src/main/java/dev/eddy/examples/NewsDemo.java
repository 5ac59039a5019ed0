package dev.eddy.examples;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.Mount;
import dev.eddy.client.Http;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * NewsDemo is seed 003's concurrent fetch ({@code get_news_sync.py} against
 * {@code get_news_async.py}): fetch 20 slow pages one after another, then all at once, and compare
 * the times. The pages are the demo's own, {@code /news/source/:i}, each answering after a delay
 * ({@code NEWS_DELAY_MS}, 200 ms by default), so the demo needs no network. It is a sub-app,
 * mounted at {@code /news}:
 *
 * <ul>
 *   <li>{@code GET /news/} the page: it runs the race on load and on its button;
 *   <li>{@code GET /news/run} the race as JSON:
 *       {@code {"pages": 20, "sequentialMs": .., "concurrentMs": .., "delayMs": 200, "headlines": [..]}};
 *   <li>{@code GET /news/source/:i} one slow page, {@code {"id": i, "title": ".."}}.
 * </ul>
 *
 * The concurrent half is plain blocking code on virtual threads, one per page, through one
 * {@link Http} client: what {@code asyncio.gather} does in the seed. At most two races run at
 * once (each holds 20 requests for a while); a third gets 503.
 */
final class NewsDemo {
  static final int PAGES = 20;

  /** Headline is one fetched page. */
  record Headline(int id, String title) {}

  /** Race is what {@code /news/run} answers. */
  record Race(int pages, long sequentialMs, long concurrentMs, long delayMs, List<String> headlines) {}

  private NewsDemo() {}

  /**
   * The demo as an app to mount at a prefix. {@code self} is the gallery's own address, known once
   * it has started; the demo fetches its sources from there.
   */
  static App app(Duration delay, Supplier<URI> self) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("The news delay must not be negative, got " + delay.toMillis() + " ms");
    }
    Http http = Http.builder().maxConcurrent(PAGES).timeout(Duration.ofSeconds(10)).build();
    Semaphore races = new Semaphore(2);
    App news = new App();
    news.onStop(http::close);
    news.get("/", ctx -> ctx.html(NewsPage.html(Mount.basePath(ctx), PAGES, delay.toMillis())));
    news.get("/news.js", ctx -> ctx.header("Cache-Control", "no-cache").bytes(
        NewsPage.SCRIPT.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/javascript; charset=utf-8"));
    news.get("/source/:i", ctx -> {
      int i = index(ctx.param("i"));
      Thread.sleep(delay);
      ctx.json(new Headline(i, "Headline " + (i + 1) + ": slow news is still news"));
    });
    news.get("/run", ctx -> {
      if (!races.tryAcquire()) {
        ctx.header("Retry-After", "5");
        throw new HttpException(503, "Two races are running already; try again in a few seconds");
      }
      try {
        String sources = self.get() + Mount.basePath(ctx) + "/source/";
        ctx.json(race(http, sources, delay));
      } finally {
        races.release();
      }
    });
    return news;
  }

  /** Fetches every page one after another, then all at once, timing both. */
  static Race race(Http http, String sources, Duration delay) throws Exception {
    long start = System.nanoTime();
    List<String> sequential = new ArrayList<>();
    for (int i = 0; i < PAGES; i++) {
      sequential.add(http.get(sources + i).json(Headline.class).title());
    }
    long sequentialMs = millisSince(start);

    start = System.nanoTime();
    List<String> concurrent = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Headline>> pages = new ArrayList<>();
      for (int i = 0; i < PAGES; i++) {
        String url = sources + i;
        pages.add(pool.submit(() -> http.get(url).json(Headline.class)));
      }
      for (Future<Headline> page : pages) {
        concurrent.add(get(page).title());
      }
    }
    long concurrentMs = millisSince(start);
    if (!sequential.equals(concurrent)) {
      throw new IllegalStateException("The two runs fetched different pages");
    }
    return new Race(PAGES, sequentialMs, concurrentMs, delay.toMillis(), concurrent);
  }

  private static Headline get(Future<Headline> page) throws Exception {
    try {
      return page.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static int index(String raw) {
    try {
      int i = Integer.parseInt(raw);
      if (i >= 0 && i < PAGES) {
        return i;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new HttpException(404, "No news page '" + raw + "': pages are 0 to " + (PAGES - 1));
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
