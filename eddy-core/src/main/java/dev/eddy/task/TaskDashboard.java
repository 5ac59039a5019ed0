package dev.eddy.task;

import dev.eddy.Context;
import dev.eddy.Handler;
import dev.eddy.Router;
import dev.eddy.internal.assets.BundledAsset;
import dev.eddy.internal.html.Html;
import dev.eddy.js.EddyJs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * TaskDashboard is a page that shows every task of a {@link Tasks} live: kind, state, a progress
 * bar, message or error, duration and a cancel button per task, and a form that starts a task of
 * any registered kind with JSON arguments. It talks to the {@link TaskApi} routes, so mount those
 * too, and tell the dashboard where:
 *
 * <pre>{@code
 * app.use("/api/tasks", TaskApi.router(tasks));
 * app.use("/tasks", TaskDashboard.router(tasks, "/api/tasks"));   // the page is /tasks/
 * }</pre>
 *
 * <p><b>Routes</b> (relative to the prefix): {@code GET /} the page, {@code GET /dashboard.js}
 * and {@code GET /dashboard.css} its script and style, {@code GET /eddy.js} the browser client
 * the script imports (so the dashboard needs nothing else mounted). The page is served with
 * {@code Cache-Control: no-cache} and a Content-Security-Policy of its own that allows only its
 * own files ({@code script-src 'self'}, no inline code); it adds to an app's policy, never loosens
 * it. The assets have a strong ETag and a gzip copy, as {@link EddyJs} does. The page finds its
 * files relative to its own URL, so the prefix without its trailing slash ({@code /tasks}) is
 * redirected (301) to the prefix with it.
 *
 * <p><b>Live.</b> The page opens one Server-Sent Events stream, {@code GET <api>/events} (see
 * {@link TaskApi}): a snapshot of the newest 1,000 tasks, then batches of changes at most ten
 * times a second, the latest state of each task that changed. It applies them once per animation
 * frame, updating each row in place (only rows in view write their cells; the others catch up when
 * scrolled to), and keeps at most 1,000 rows, dropping the oldest; after a reconnect the next
 * snapshot puts it right. Texts from tasks (kinds, messages, errors) are set as text, never parsed
 * as HTML.
 *
 * <p><b>Access.</b> The dashboard shows every task and can cancel and start any: put it, and the
 * API, behind the app's authentication when tasks are not everyone's business.
 */
public final class TaskDashboard {
  /** The most tasks the page shows at once: the newest. */
  public static final int MAX_ROWS = TaskQuery.MAX_LIMIT;

  private static final String PAGE = template();
  private static final BundledAsset SCRIPT = BundledAsset.load("/dev/eddy/task/dashboard.js", "text/javascript; charset=utf-8");
  private static final BundledAsset STYLE = BundledAsset.load("/dev/eddy/task/dashboard.css", "text/css; charset=utf-8");
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; base-uri 'none'; form-action 'self'; object-src 'none'";

  private TaskDashboard() {}

  /**
   * The dashboard's routes; mount them with {@code app.use(prefix, router)}.
   *
   * @param api where {@link TaskApi#router} is mounted, as a path: absolute ({@code /api/tasks})
   *     or relative to the page ({@code ../api/tasks}), on the same origin
   * @throws IllegalArgumentException if {@code api} is not a path (empty, a URL with a scheme or
   *     host, a query or fragment, or characters a URL can't hold)
   */
  public static Router router(Tasks tasks, String api) {
    Objects.requireNonNull(tasks, "tasks");
    String path = checkApi(api);
    Handler page = Handler.onEventLoop(ctx -> page(ctx, tasks, path));
    return new Router()
        .get("/", page)
        .get("/dashboard.js", Handler.onEventLoop(SCRIPT::serve))
        .get("/dashboard.css", Handler.onEventLoop(STYLE::serve))
        .get(EddyJs.PATH, EddyJs.script());
  }

  private static void page(Context ctx, Tasks tasks, String api) {
    String path = ctx.path();
    if (!path.endsWith("/")) { // the page loads its files relative to its URL: /tasks/dashboard.js
      ctx.redirect(path + "/", 301);
      return;
    }
    StringBuilder kinds = new StringBuilder();
    for (String kind : tasks.kinds()) {
      String k = Html.escape(kind);
      kinds.append("<option value=\"").append(k).append("\">").append(k).append("</option>");
    }
    String html = PAGE.replace("{{api}}", Html.escape(api))
        .replace("{{limit}}", Integer.toString(MAX_ROWS))
        .replace("{{kinds}}", kinds);
    ctx.header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
        .addHeader("Content-Security-Policy", POLICY)
        .bytes(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
  }

  static String checkApi(String api) {
    if (api == null || api.isBlank()) {
      throw new IllegalArgumentException("The API path must not be empty: give where TaskApi.router is mounted, such as /api/tasks");
    }
    URI uri;
    try {
      uri = new URI(api);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The API path '" + api + "' is not a valid URL path: " + e.getReason());
    }
    if (uri.getScheme() != null || uri.getRawAuthority() != null || api.startsWith("//")
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("The API path '" + api
          + "' must be a path on the same site, without scheme, host, query or fragment, such as /api/tasks");
    }
    return api;
  }

  private static String template() {
    String name = "/dev/eddy/task/dashboard.html";
    try (InputStream in = TaskDashboard.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from eddy-core's class path resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Can't read " + name, e);
    }
  }
}
