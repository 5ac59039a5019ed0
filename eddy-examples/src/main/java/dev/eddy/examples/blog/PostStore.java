package dev.eddy.examples.blog;

import dev.eddy.HttpException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PostStore keeps the blog's posts in memory, safe for any number of threads: ids count up from
 * 1, a post's time comes from the store's clock, and newer posts have higher ids. It holds at
 * most {@code capacity} posts; past that, adding one is refused with 507 (nothing is dropped to
 * make room: this is the demo's only copy of the posts).
 */
public final class PostStore {
  /** The capacity of {@link #seeded()}. */
  public static final int DEFAULT_CAPACITY = 1_000;

  private final int capacity;
  private final Clock clock;
  private final NavigableMap<Long, Post> posts = new TreeMap<>();
  private long lastId;

  /** A page of posts, newest first: page {@code page} of {@code pages}, out of {@code total}. */
  public record Page(int page, int pages, int total, List<Post> posts) {}

  public PostStore(int capacity, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A store with {@link #DEFAULT_CAPACITY} and the system clock, holding a few first posts. */
  public static PostStore seeded() {
    PostStore store = new PostStore(DEFAULT_CAPACITY, Clock.systemUTC());
    store.add(new NewPost("Growler at PyOhio", """
        Growler is a web framework written from the ground up on asyncio, inspired by Express: a \
        chain of middleware you have total control over.

        Its talk was given at PyOhio on 2 August 2015."""), Instant.parse("2015-08-02T14:00:00Z"));
    store.add(new NewPost("Routerclass: a blog as a class", """
        Decorate a class with routerclass and its methods become routes: get_index is /, \
        get_post_by_id is /:id, get_posts_by_date is /:year/:mo/:day.

        This blog is that class, in Java: Routes.of(new Blog(posts))."""), Instant.parse("2015-08-02T16:30:00Z"));
    store.add(new NewPost("Turn off the blog, keep the site up", """
        The talk ended on the future: containment for sub-applications, so the blog can go down \
        for maintenance while the rest of the site keeps serving.

        The gallery's admin page does exactly that, through Mount.maintenance."""), Instant.parse("2024-03-14T09:15:00Z"));
    return store;
  }

  /**
   * Publishes {@code post} (stripped, line breaks normalized) now.
   *
   * @throws HttpException 507 when the store is full
   */
  public Post add(NewPost post) {
    return add(post, clock.instant());
  }

  private synchronized Post add(NewPost post, Instant at) {
    if (posts.size() >= capacity) {
      throw new HttpException(507, "The blog is full: it keeps at most " + capacity + " posts in memory");
    }
    NewPost p = post.normalized();
    Post saved = new Post(++lastId, p.title(), p.body(), at);
    posts.put(saved.id(), saved);
    return saved;
  }

  public synchronized Optional<Post> find(long id) {
    return Optional.ofNullable(posts.get(id));
  }

  public synchronized int size() {
    return posts.size();
  }

  /**
   * Page {@code page} (from 1) of the posts, newest first, {@code size} to a page. An empty blog
   * has one empty page; a page past the last has no posts.
   */
  public synchronized Page page(int page, int size) {
    if (page < 1 || size < 1) {
      throw new IllegalArgumentException("page and size must be at least 1, got " + page + " and " + size);
    }
    int total = posts.size();
    int pages = Math.max(1, (total + size - 1) / size);
    List<Post> found = posts.descendingMap().values().stream()
        .skip((long) (page - 1) * size)
        .limit(size)
        .toList();
    return new Page(page, pages, total, found);
  }

  /** The posts published on {@code day} (UTC), oldest first. */
  public synchronized List<Post> on(LocalDate day) {
    List<Post> found = new ArrayList<>();
    for (Post p : posts.values()) {
      if (p.day().equals(day)) {
        found.add(p);
      }
    }
    return found;
  }
}
