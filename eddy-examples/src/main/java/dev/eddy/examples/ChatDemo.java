package dev.eddy.examples;

import dev.eddy.App;
import dev.eddy.hub.Hub;
import dev.eddy.sse.SseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * ChatDemo is seed 001's aiohttp chat on Eddy: {@code GET /chat/} is the page (its script is
 * {@code /chat/chat.js}), {@code GET /chat/events} the live stream that makes the browser a member, and
 * {@code POST /chat/events} says something to everyone. See {@link ChatRoom} for the events and
 * the slow-member policy.
 */
final class ChatDemo {
  /** The channel keeps ten minutes of chat, at most 500 events, for members that reconnect. */
  static final int HISTORY = 500;
  static final Duration HISTORY_AGE = Duration.ofMinutes(10);

  private static final byte[] PAGE = resource("chat.html");
  private static final byte[] SCRIPT = resource("chat.js");

  private ChatDemo() {}

  /** Adds the chat's routes to {@code app}, with a hub on {@code backends} that closes when the app stops. */
  static ChatRoom register(App app, Backends backends) {
    Hub hub = backends.hub(ChatRoom.CHANNEL, HISTORY, HISTORY_AGE);
    ChatRoom room = new ChatRoom(hub);
    app.onStop(hub::close);
    app.get("/chat", ctx -> ctx.redirect("/chat/", 301));
    app.get("/chat/", ctx -> ctx.bytes(PAGE, "text/html; charset=utf-8"));
    app.get("/chat/chat.js", ctx -> ctx.header("Cache-Control", "no-cache").bytes(SCRIPT, "text/javascript; charset=utf-8"));
    app.sse("/chat/events", SseOptions.defaults().maxQueuedBytes(ChatRoom.MAX_QUEUED_BYTES), room::join);
    app.post("/chat/events", ctx -> {
      room.say(ctx.bodyAs(ChatRoom.Post.class));
      ctx.json(Map.of("success", true));
    });
    return room;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ChatDemo.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the gallery's resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
