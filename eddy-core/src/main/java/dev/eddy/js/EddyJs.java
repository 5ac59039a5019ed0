package dev.eddy.js;

import dev.eddy.Handler;
import dev.eddy.Router;
import dev.eddy.internal.assets.BundledAsset;

/**
 * EddyJs serves the browser client that ships in eddy-core: {@code eddy.js}, a zero-dependency ES
 * module (WebSocket with reconnect and typed dispatch, EventSource with resume), and
 * {@code eddy.d.ts}, its TypeScript declarations. One line mounts both at the site's root:
 *
 * <pre>{@code
 * app.use("/", EddyJs.router());          // GET /eddy.js and GET /eddy.d.ts
 * }</pre>
 *
 * <p>and a page imports it with {@code import { connect, events } from '/eddy.js'}. It is opt-in
 * rather than served by every app so that an app keeps its whole URL space (an app with its own
 * {@code /eddy.js} would otherwise collide) and an API without browser pages serves nothing it does
 * not use. Mount the router under a prefix to move it: {@code app.use("/assets", ...)} serves
 * {@code /assets/eddy.js}.
 *
 * <p>Responses: {@code text/javascript; charset=utf-8} for the module and
 * {@code application/typescript; charset=utf-8} for the declarations, a strong {@code ETag} (a
 * hash of the bytes), {@code Cache-Control: no-cache} (browsers keep the file but check it on each
 * use, answered by a bodiless 304 while it is unchanged: the URL carries no version, so a newer
 * Eddy must reach browsers at once), {@code X-Content-Type-Options: nosniff}, and a gzip copy for
 * clients that accept it ({@code Vary: Accept-Encoding}). GET and HEAD only. The handlers run on
 * the event loop: the bytes are loaded and compressed once, when this class loads.
 */
public final class EddyJs {
  /** The module's path when mounted at the root. */
  public static final String PATH = "/eddy.js";
  /** The declarations' path when mounted at the root. */
  public static final String TYPES_PATH = "/eddy.d.ts";

  private static final BundledAsset SCRIPT = BundledAsset.load("/dev/eddy/js/eddy.js", "text/javascript; charset=utf-8");
  private static final BundledAsset TYPES = BundledAsset.load("/dev/eddy/js/eddy.d.ts", "application/typescript; charset=utf-8");

  private EddyJs() {}

  /** A new router with {@code GET /eddy.js} and {@code GET /eddy.d.ts}; mount it with {@code app.use(prefix, router)}. */
  public static Router router() {
    return new Router()
        .get(PATH, script())
        .get(TYPES_PATH, types());
  }

  /** The handler that answers with eddy.js, for apps that want it at another path. */
  public static Handler script() {
    return Handler.onEventLoop(SCRIPT::serve);
  }

  /** The handler that answers with eddy.d.ts. */
  public static Handler types() {
    return Handler.onEventLoop(TYPES::serve);
  }
}
