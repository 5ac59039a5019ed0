package dev.eddy.examples.blog;

import dev.eddy.Context;
import dev.eddy.HttpException;
import dev.eddy.Mount;
import dev.eddy.body.Form;
import dev.eddy.body.InvalidBodyException;
import dev.eddy.body.JsonBody;
import dev.eddy.route.Get;
import dev.eddy.route.Param;
import dev.eddy.route.Query;
import dev.eddy.security.Csrf;
import dev.eddy.template.Templates;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Blog is seed 004's {@code Blog} routerclass: each annotated method is a route, made into a
 * router by {@code Routes.of(new Blog(posts))}. Pages are jte templates ({@code blog/*.jte}, in
 * the gallery's layout); clients that prefer JSON ({@code Accept: application/json}) get JSON.
 *
 * <ul>
 *   <li>{@code GET /} the posts, newest first, {@value #PAGE_SIZE} to a page ({@code ?page=2}),
 *       and the form for a new post; JSON {@code {"page", "pages", "total", "posts"}};
 *   <li>{@code GET /:id} one post (400 for an id that is not a whole number, 404 for an unknown one);
 *   <li>{@code GET /:year/:mo/:day} the posts of that day in UTC (400 for a date that does not exist);
 *   <li>{@code GET /new_post} redirects to the form on the index page;
 *   <li>{@code POST /new_post} publishes a post: a form ({@code title}, {@code body} and the CSRF
 *       token {@code _csrf}) is answered with 303 to the new post, or with the index page again and
 *       400 naming the fields that are wrong; JSON {@code {"title", "body"}} with 201, the post and
 *       {@code Location}, or 400 {@code {"error", "fields"}}.
 * </ul>
 *
 * Paths in pages and redirects start with {@link Mount#basePath}, so the blog works under any prefix.
 */
public final class Blog {
  public static final int PAGE_SIZE = 20;

  private final PostStore posts;

  /** The index as JSON. */
  public record Index(int page, int pages, int total, List<Post> posts) {}

  /** A day's posts as JSON. */
  public record Day(LocalDate date, List<Post> posts) {}

  public Blog(PostStore posts) {
    this.posts = Objects.requireNonNull(posts, "posts");
  }

  /** Seed 004's {@code get_index}: the root blog page. */
  @Get("/")
  public void index(@Query(value = "page", orElse = "1") int page, Context ctx) {
    if (page < 1) {
      throw new HttpException(400, "Query parameter 'page' must be 1 or more, got " + page);
    }
    PostStore.Page found = posts.page(page, PAGE_SIZE);
    if (page > found.pages()) {
      throw new HttpException(404, "No page " + page + ": the blog has " + found.pages()
          + (found.pages() == 1 ? " page" : " pages"));
    }
    if (Negotiation.wantsJson(ctx)) {
      ctx.json(new Index(found.page(), found.pages(), found.total(), found.posts()));
    } else {
      renderIndex(ctx, found, PostForm.EMPTY);
    }
  }

  /** Seed 004's {@code get_post_by_id}. */
  @Get("/:id")
  public void show(@Param("id") long id, Context ctx) {
    Post post = posts.find(id)
        .orElseThrow(() -> new HttpException(404, "No post with id " + id));
    if (Negotiation.wantsJson(ctx)) {
      ctx.json(post);
    } else {
      Templates.render(ctx, "blog/post", Map.of("base", Mount.basePath(ctx), "post", post));
    }
  }

  /** Seed 004's {@code get_posts_by_date}. */
  @Get("/:year/:mo/:day")
  public void day(@Param("year") int year, @Param("mo") int month, @Param("day") int day, Context ctx) {
    LocalDate date = date(year, month, day);
    List<Post> found = posts.on(date);
    if (Negotiation.wantsJson(ctx)) {
      ctx.json(new Day(date, found));
    } else {
      Templates.render(ctx, "blog/day", Map.of("base", Mount.basePath(ctx), "date", date, "posts", found));
    }
  }

  /** The form for a new post is on the index page: a browser that asks for this path goes there. */
  @Get("/new_post")
  public void newPostForm(Context ctx) {
    ctx.redirect(Mount.basePath(ctx) + "/#new", 303);
  }

  /** Seed 004's {@code post_new_entry}: a form from the index page, or JSON. */
  @dev.eddy.route.Post("/new_post") // qualified: Post is also this package's record
  public void create(Context ctx) {
    String base = Mount.basePath(ctx);
    if (Negotiation.isJsonBody(ctx)) {
      Post post = posts.add(JsonBody.read(ctx, NewPost.class));
      ctx.status(201).header("Location", base + "/" + post.id()).json(post);
      return;
    }
    PostForm form = PostForm.submitted(Form.read(ctx));
    if (!form.errors().isEmpty()) {
      if (Negotiation.wantsJson(ctx)) {
        throw new InvalidBodyException("The request has invalid fields", form.errors());
      }
      renderIndex(ctx.status(400), posts.page(1, PAGE_SIZE), form);
      return;
    }
    Post post = posts.add(form.toNewPost());
    ctx.redirect(base + "/" + post.id(), 303);
  }

  private static void renderIndex(Context ctx, PostStore.Page page, PostForm form) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("base", Mount.basePath(ctx));
    model.put("page", page);
    model.put("csrf", Csrf.token(ctx));
    model.put("form", form);
    Templates.render(ctx, "blog/index", model);
  }

  private static LocalDate date(int year, int month, int day) {
    String asked = year + "/" + month + "/" + day;
    if (year < 1 || year > 9999) {
      throw new HttpException(400, "No such date " + asked + ": the year must be from 1 to 9999");
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new HttpException(400, "No such date " + asked + ": " + e.getMessage());
    }
  }
}
