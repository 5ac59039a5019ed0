package dev.eddy.examples;

import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.Middleware;
import dev.eddy.Router;
import dev.eddy.session.Session;
import dev.eddy.session.SessionStore;
import dev.eddy.session.Sessions;

/**
 * GrowlerDemo is seed 004's hello example: a middleware gives every request a username, the
 * visitor's chosen name or {@code @<ip>}; {@code GET /growler} greets it and
 * {@code POST /growler/username} (the name as the text body) sets it. The name lives in the
 * visitor's session (in memory, bounded; in Redis with REDIS_URL), so it is the session cookie that tells visitors apart.
 */
final class GrowlerDemo {
  static final Key<String> USERNAME = Key.of("username");
  static final String SESSION_NAME = "username";
  private static final int MAX_NAME = 64;

  private GrowlerDemo() {}

  /** The demo with its sessions in {@code store} (Redis when the gallery runs with REDIS_URL). */
  static Router router(SessionStore store) {
    Router router = new Router();
    router.use(Sessions.builder().store(store).build());
    router.use(Middleware.named("page_defaults", (ctx, next) -> {
      Session session = Session.of(ctx);
      String name = session.get(SESSION_NAME, String.class);
      if (name == null) {
        name = "@" + ctx.remoteAddress().getAddress().getHostAddress();
        session.set(SESSION_NAME, name);
      }
      ctx.attr(USERNAME, name);
      next.run();
    }));
    router.get("/", ctx -> ctx.text("Hello " + ctx.attr(USERNAME)));
    router.post("/username", ctx -> {
      String name = ctx.bodyAsString().strip();
      if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
        throw new HttpException(400, "Send a name of 1 to " + MAX_NAME + " printable characters as the body");
      }
      Session.of(ctx).set(SESSION_NAME, name);
      ctx.status(200).text("Username set to " + name);
    });
    return router;
  }
}
