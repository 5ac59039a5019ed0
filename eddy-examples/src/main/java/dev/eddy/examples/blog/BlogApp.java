package dev.eddy.examples.blog;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.Mount;
import dev.eddy.Router;
import dev.eddy.body.InvalidBodyException;
import dev.eddy.cookie.SigningKeys;
import dev.eddy.route.Routes;
import dev.eddy.security.Csrf;
import dev.eddy.template.Renderer;
import dev.eddy.template.Templates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * BlogApp makes the blog as an app of its own, to {@linkplain App#mount mount} under a prefix
 * ({@code app.mount("/blog", BlogApp.create(templates, posts))}), so it can go into maintenance
 * while the rest of the site serves:
 *
 * <ul>
 *   <li>the routes are the annotated methods of {@link Blog}, through {@link Routes#of};
 *   <li>pages are rendered by {@code templates} (the gallery's jte templates);
 *   <li>unsafe requests pass {@link Csrf}, with the secret in a signed cookie
 *       ({@code eddy_blog_csrf}, keyed per process: a restart asks forms to be reloaded). JSON
 *       bodies are exempt: another site's page can't send one without a CORS preflight, and the
 *       gallery answers none, so API clients need no token;
 *   <li>errors are an HTML page for browsers (status, reason, and the fields that were wrong),
 *       Eddy's JSON or text otherwise.
 * </ul>
 */
public final class BlogApp {
  private BlogApp() {}

  public static App create(Renderer templates, PostStore posts) {
    Objects.requireNonNull(templates, "templates");
    App blog = new App();
    blog.use(Templates.with(templates));
    // Router middleware, so it runs on the blog's routes only: a method the blog doesn't have
    // is a 405, not a CSRF refusal.
    Router routes = new Router();
    routes.use(Csrf.signedCookie(SigningKeys.generate()).cookieName("eddy_blog_csrf")
        .exemptIf(Negotiation::isJsonBody).build());
    routes.use("/", Routes.of(new Blog(posts)));
    blog.use("/", routes);
    blog.error(HttpException.class, (e, ctx) -> {
      if (!Negotiation.wantsHtml(ctx)) {
        return; // not answered: Eddy's default JSON or text body
      }
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("base", Mount.basePath(ctx));
      model.put("status", e.status());
      model.put("reason", reason(e.status()));
      model.put("message", e.getMessage() == null ? "" : e.getMessage());
      model.put("fields", e instanceof InvalidBodyException invalid ? invalid.fields() : Map.of());
      ctx.status(e.status()).html(templates.render("blog/error", model));
    });
    return blog;
  }

  /** The reason phrase of the statuses the blog answers with. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 507 -> "Insufficient Storage";
      default -> status < 500 ? "Client Error" : "Server Error";
    };
  }
}
