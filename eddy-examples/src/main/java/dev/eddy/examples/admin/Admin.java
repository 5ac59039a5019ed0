package dev.eddy.examples.admin;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.Middleware;
import dev.eddy.auth.Auth;
import dev.eddy.auth.Passwords;
import dev.eddy.auth.Principal;
import dev.eddy.body.JsonBody;
import dev.eddy.template.Renderer;
import dev.eddy.template.Templates;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Admin is the gallery's admin page at {@code /admin/}, behind HTTP Basic authentication (user
 * {@value #USER}): it shows the managed apps' state and puts them into maintenance and back, the
 * "turn off the blog, keep the site up" of seed 004.
 *
 * <ul>
 *   <li>{@code GET /admin/} the page (its script is {@code /static/admin.js}, a file, for the
 *       gallery's Content-Security-Policy);
 *   <li>{@code GET /admin/apps}, {@code GET /admin/apps/:name} the state as JSON ({@link AppStatus});
 *   <li>{@code POST /admin/apps/:name/maintenance} with exactly {@code {"on": true}} or
 *       {@code {"on": false}}: turns maintenance on (503 with {@code Retry-After: 60} under the
 *       app's prefix, the rest serving) or off; answers the new state. A missing, mistyped or extra
 *       field, or a body that is not a JSON object, is a 400; a body that is not JSON a 415; an
 *       unknown app a 404.
 * </ul>
 *
 * Every path under {@code /admin} needs the credentials: 401 with {@code WWW-Authenticate: Basic}
 * without them or with wrong ones, 400 for malformed ones. Responses are {@code no-store}. The
 * maintenance switch takes JSON only, which is also its CSRF defence: a page on another site can
 * send a JSON body only after a CORS preflight, and the gallery answers none, so the browser's
 * remembered Basic credentials can't be used from there.
 */
public final class Admin {
  public static final String USER = "admin";
  public static final String REALM = "Eddy gallery admin";
  /** The {@code Retry-After} of an app in maintenance. */
  public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  /** The body of the maintenance switch. */
  public record Switch(boolean on) {}

  private Admin() {}

  /**
   * The admin page and API as an app to {@linkplain App#mount mount} at {@code /admin}, with
   * {@code password} for the user {@value #USER}, managing {@code apps}; the page is rendered
   * with {@code templates}.
   */
  public static App app(String password, Renderer templates, List<ManagedApp> apps) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(templates, "templates");
    Map<String, ManagedApp> byName = new LinkedHashMap<>();
    for (ManagedApp a : apps) {
      if (byName.putIfAbsent(a.name(), a) != null) {
        throw new IllegalArgumentException("Two managed apps named '" + a.name() + "'");
      }
    }
    App admin = new App();
    // App middleware of a mounted app: it guards every path under the mount, unknown ones too,
    // so an anonymous client can't even learn which exist.
    admin.use(Auth.basic(REALM, (user, given) ->
        Passwords.equal(user, USER) & Passwords.equal(given, password) ? Principal.withRoles(USER, "admin") : null));
    admin.use(Middleware.named("no-store", (ctx, next) -> {
      ctx.header("Cache-Control", "no-store");
      next.run();
    }));
    admin.use(Templates.with(templates));
    admin.get("/", ctx -> Templates.render(ctx, "admin/index", Map.of(
        "user", Principal.of(ctx).name(), "apps", statuses(byName))));
    admin.get("/apps", ctx -> ctx.json(statuses(byName)));
    admin.get("/apps/:name", ctx -> ctx.json(find(byName, ctx.param("name")).status()));
    admin.post("/apps/:name/maintenance", ctx -> {
      ManagedApp managed = find(byName, ctx.param("name"));
      boolean on = JsonBody.read(ctx, Switch.class).on();
      if (on) {
        managed.mount().maintenance(RETRY_AFTER, managed.title() + " is down for maintenance. The rest of the gallery is up.");
      } else {
        managed.mount().maintenance(false);
      }
      ctx.json(managed.status());
    });
    return admin;
  }

  private static List<AppStatus> statuses(Map<String, ManagedApp> apps) {
    return apps.values().stream().map(ManagedApp::status).toList();
  }

  private static ManagedApp find(Map<String, ManagedApp> apps, String name) {
    ManagedApp found = apps.get(name);
    if (found == null) {
      throw new HttpException(404, "No app '" + name + "' to manage; there are " + String.join(", ", apps.keySet()));
    }
    return found;
  }
}
