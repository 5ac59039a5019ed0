package dev.eddy.route;

import dev.eddy.Router;
import dev.eddy.internal.route.ClassRoutes;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * Routes turns the annotated methods of a plain object into a {@link Router}: Growler's
 * {@code routerclass}, resolved once, when it is built.
 *
 * <pre>{@code
 * public class Blog {
 *   @Get("/") public List<Post> index(@Query(orElse = "1") int page) { ... }        // -> JSON
 *   @Get("/:id") public Post show(@Param("id") long id) { ... }
 *   @Get("/:year/:month") public String archive(@Param("year") int y, @Param("month") Month m) { ... }  // -> text
 *   @Post("/new_post") public void create(@Body NewPost post, Context ctx) { ctx.status(201).json(save(post)); }
 *   @Get("/feed") public CompletionStage<Feed> feed() { ... }                     // -> async
 * }
 * app.use("/blog", Routes.of(new Blog()));
 * }</pre>
 *
 * <p><b>Parameters</b> are bound by annotation: {@link Param} (path), {@link Query}, {@link Header},
 * {@link Body}; a {@link dev.eddy.Context} parameter gets the exchange. Text converts to
 * {@code String}, primitives and their boxes, {@code BigInteger}, {@code BigDecimal}, enums (by
 * name), {@code UUID}, {@code LocalDate}, {@code LocalDateTime}, {@code LocalTime},
 * {@code Instant} and {@code OffsetDateTime}, and to {@code Optional} or {@code List} of those for
 * query parameters and headers. A value that does not convert, or a required one that is absent, is
 * a 400 naming the parameter: {@code Path parameter 'id' must be a whole number from ... , got 'abc'}.
 *
 * <p><b>Return values</b>: {@code void} (the method responds through its {@code Context}), a
 * {@code String} (text), a {@code byte[]} (octets), a {@code CompletionStage} (answered when it
 * completes, as {@link dev.eddy.Context#async}), anything else as JSON; null is 204.
 *
 * <p><b>Registration</b> reflects over the class once and builds a method handle and an array of
 * argument binders per route; requests run those, with no reflection. Every mistake is reported
 * then, together, naming the class and method: a route method that is not public, an unknown path
 * parameter, an unsupported parameter type, a parameter without a binding, two routes with the same
 * method and path, a bad path.
 */
public final class Routes {
  /** The value of {@link Query#orElse} and {@link Header#orElse} that means "no default". */
  public static final String NO_DEFAULT = "\u0000eddy:no-default";

  private Routes() {}

  /**
   * A router with a route for each annotated public method of {@code target}. The class (and its
   * package, on the module path) must be accessible to Eddy; otherwise pass a lookup.
   *
   * @throws IllegalArgumentException listing every mistake, each with the class and method
   */
  public static Router of(Object target) {
    return of(target, MethodHandles.publicLookup());
  }

  /**
   * As {@link #of(Object)}, with {@code lookup} (from {@code MethodHandles.lookup()} in the
   * target's class or package) to reach a class that is not public or not exported.
   */
  public static Router of(Object target, MethodHandles.Lookup lookup) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(lookup, "lookup");
    return ClassRoutes.build(target, lookup);
  }
}
