package dev.eddy.examples;

import dev.eddy.HttpException;
import dev.eddy.Key;
import dev.eddy.Middleware;
import dev.eddy.Router;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GrowlerDemo is seed 004's hello example: a middleware gives every request a username, the
 * visitor's chosen name or {@code @<ip>}; {@code GET /growler} greets it and
 * {@code POST /growler/username} (the name as the text body) sets it. Visitors are told apart by
 * a cookie.
 */
final class GrowlerDemo {
  static final Key<String> USERNAME = Key.of("username");
  private static final Key<String> VISITOR = Key.of("growler visitor");
  private static final String COOKIE = "growler_id";
  private static final int MAX_NAME = 64;

  private GrowlerDemo() {}

  static Router router() {
    Map<String, String> names = new ConcurrentHashMap<>();
    Router router = new Router();
    router.use(Middleware.named("page_defaults", (ctx, next) -> {
      String id = cookie(ctx.header("Cookie"));
      if (id == null) {
        id = UUID.randomUUID().toString();
        ctx.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=/growler; HttpOnly; SameSite=Lax");
      }
      ctx.attr(VISITOR, id);
      String name = names.get(id);
      ctx.attr(USERNAME, name != null ? name : "@" + ctx.remoteAddress().getAddress().getHostAddress());
      next.run();
    }));
    router.get("/", ctx -> ctx.text("Hello " + ctx.attr(USERNAME)));
    router.post("/username", ctx -> {
      String name = ctx.bodyAsString().strip();
      if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
        throw new HttpException(400, "Send a name of 1 to " + MAX_NAME + " printable characters as the body");
      }
      names.put(ctx.attr(VISITOR), name);
      ctx.status(200).text("Username set to " + name);
    });
    return router;
  }

  private static String cookie(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) {
        String v = p.substring(COOKIE.length() + 1);
        return v.matches("[0-9a-f-]{36}") ? v : null;
      }
    }
    return null;
  }
}
