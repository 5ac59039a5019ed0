package dev.eddy.examples;

import dev.eddy.HttpException;
import dev.eddy.hub.Hub;
import dev.eddy.hub.Subscription;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.sse.SseClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * ChatRoom is seed 001's chat: members are the open event streams, each under a generated name,
 * and everything said goes through one Hub channel, so each member has its own bounded queue.
 *
 * <p>Events on a member's stream: {@code welcome} {@code {"user"}} first (no id: it belongs to
 * this connection only), then the channel's {@code message} {@code {"user", "message"}},
 * {@code joined} and {@code left} {@code {"user"}}, each with its hub id as the SSE id.
 *
 * <p>Slow members: a member's messages go from the hub (a queue of {@link #QUEUE} messages,
 * {@code DISCONNECT} when full) to its SSE client (at most {@link #MAX_QUEUED_BYTES} unsent bytes,
 * then disconnected). Either way a member that can't keep up is dropped, never waited for, and its
 * departure is announced; nobody else is held up. Its browser reconnects with
 * {@code Last-Event-ID} and, as a new member, gets what it missed from the channel's history.
 */
final class ChatRoom {
  static final String CHANNEL = "chat";
  static final int MAX_MESSAGE_CHARS = 2000;
  static final int QUEUE = 1024;
  static final long MAX_QUEUED_BYTES = 256 * 1024;
  private static final int MAX_NAME_ECHO = 64;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a member POSTs. */
  record Post(String user, String message) {}

  private record UserEvent(String user) {}

  private record ChatMessage(String user, String message) {}

  private final Hub hub;
  private final Map<String, SseClient> members = new ConcurrentHashMap<>();
  private final UserNames names = new UserNames();

  ChatRoom(Hub hub) {
    this.hub = hub;
  }

  /**
   * Makes {@code client} a member: names it, welcomes it, subscribes it (resuming after its
   * {@code Last-Event-ID} when it has one) and announces it. Its departure, for whatever reason,
   * is announced once.
   */
  void join(SseClient client) {
    String user = names.claim(members, client);
    Subscription subscription;
    try {
      client.send("welcome", json(new UserEvent(user)));
      SubscribeOptions options = SubscribeOptions.disconnect().capacity(QUEUE);
      long after = resumeId(client.lastEventId());
      if (after >= 0) {
        options = options.afterId(after);
      }
      subscription = hub.subscribe(CHANNEL, options,
          m -> client.send(m.event(), m.data(), Long.toString(m.id())));
    } catch (RuntimeException e) { // the hub closed under us (the app is stopping): undo the claim
      members.remove(user, client);
      client.close();
      throw e;
    }
    subscription.whenEnded().thenRun(client::close); // too slow, or the hub closed
    try {
      hub.publish(CHANNEL, "joined", json(new UserEvent(user)));
    } catch (IllegalStateException hubClosed) {
      subscription.close();
      members.remove(user, client);
      client.close();
      return;
    }
    // Registered after the join is announced, so a member gone already is announced leaving after it.
    client.onClose(() -> leave(user, client, subscription)); // runs at once if it has left
  }

  /**
   * Broadcasts what a member said.
   *
   * @throws HttpException 400 naming the problem: a missing or unknown user, a missing, empty or
   *     oversized message
   */
  void say(Post post) {
    if (post == null) {
      throw new HttpException(400, "Expected a JSON object {\"user\": \"...\", \"message\": \"...\"}");
    }
    String user = post.user();
    if (user == null || user.isBlank()) {
      throw new HttpException(400, "user is missing: send the name from the welcome event");
    }
    if (!members.containsKey(user)) {
      throw new HttpException(400, "Unknown user '" + clip(user) + "': open GET /chat/events to join and get a name");
    }
    String message = post.message();
    if (message == null) {
      throw new HttpException(400, "message is missing");
    }
    if (message.isBlank()) {
      throw new HttpException(400, "message is empty");
    }
    int length = message.codePointCount(0, message.length());
    if (length > MAX_MESSAGE_CHARS) {
      throw new HttpException(400, "message is " + length + " characters long; the limit is " + MAX_MESSAGE_CHARS);
    }
    hub.publish(CHANNEL, "message", json(new ChatMessage(user, message)));
  }

  /** How many members are connected now. */
  int size() {
    return members.size();
  }

  private void leave(String user, SseClient client, Subscription subscription) {
    subscription.close();
    if (members.remove(user, client)) {
      try {
        hub.publish(CHANNEL, "left", json(new UserEvent(user)));
      } catch (IllegalStateException hubClosed) {
        // the app is stopping: nobody is left to tell
      }
    }
  }

  /** The hub id to resume after, or -1 for live messages only (no id, or not one of ours). */
  private static long resumeId(String lastEventId) {
    if (lastEventId == null || lastEventId.isEmpty()) {
      return -1;
    }
    try {
      long id = Long.parseLong(lastEventId);
      return id >= 0 ? id : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String clip(String s) {
    return s.length() <= MAX_NAME_ECHO ? s : s.substring(0, MAX_NAME_ECHO) + "...";
  }

  private static String json(Object value) {
    return JSON.writeValueAsString(value);
  }
}
