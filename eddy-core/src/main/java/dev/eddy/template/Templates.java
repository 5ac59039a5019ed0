package dev.eddy.template;

import dev.eddy.Context;
import dev.eddy.Key;
import dev.eddy.Middleware;
import java.util.Map;
import java.util.Objects;

/**
 * Templates serves rendered pages. A renderer is put in scope with middleware, so routers (and
 * sub-apps) can use different template sets, and handlers render by name without holding it:
 *
 * <pre>{@code
 * app.use(Templates.with(JteRenderer.fromDirectory(Path.of("templates"))));
 * app.get("/posts/:id", ctx -> Templates.render(ctx, "post", Map.of("post", posts.find(ctx.param("id")))));
 * }</pre>
 *
 * The page is rendered in full before anything is sent, so a template that fails becomes a clean
 * 500 (the {@link TemplateException} is logged with the template and line), not half a page.
 */
public final class Templates {
  private static final Key<Renderer> RENDERER = Key.of("eddy.renderer");

  private Templates() {}

  /** Middleware that makes {@code renderer} the one {@link #render} uses on the routes it wraps. */
  public static Middleware with(Renderer renderer) {
    Objects.requireNonNull(renderer, "renderer");
    return Middleware.named("Templates", (ctx, next) -> {
      ctx.attr(RENDERER, renderer);
      next.run();
    });
  }

  /** The renderer in scope. Throws {@link IllegalStateException} if no {@link #with} wraps this route. */
  public static Renderer renderer(Context ctx) {
    Renderer r = ctx.attr(RENDERER);
    if (r == null) {
      throw new IllegalStateException("No template renderer for " + ctx.method() + " " + ctx.routePattern()
          + ": add app.use(Templates.with(renderer)) before its routes");
    }
    return r;
  }

  /**
   * Renders {@code name} with {@code model} and responds with it as {@code text/html; charset=utf-8},
   * keeping the status set so far.
   *
   * @throws TemplateException if the template can't be rendered (a 500 unless an error handler says otherwise)
   */
  public static void render(Context ctx, String name, Map<String, ?> model) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    ctx.html(renderer(ctx).render(name, model));
  }
}
