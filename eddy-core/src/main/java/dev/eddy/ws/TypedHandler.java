package dev.eddy.ws;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TypedHandler dispatches JSON text messages by their {@code type} field, like muffin's
 * {@code auto_dispatch} and eddy.js's {@code on(type, ...)}:
 *
 * <pre>{@code
 * app.ws("/tasks", new TypedHandler()
 *     .on("start", (ws, msg) -> tasks.start(ws, (String) msg.get("name")))
 *     .on("stop", Stop.class, (ws, stop) -> tasks.stop(stop.id())));
 * }</pre>
 *
 * A text message that is not a JSON object with a string {@code type}, or whose type has no
 * handler, or that does not fit the class its handler asked for, is answered with
 * {@code {"type":"error","error":"..."}} (see {@link #reject}); the connection stays open. Binary
 * messages close the connection with 1003 unless a subclass overrides {@link #onBinary}.
 *
 * <p>Subclass it to handle the other events as well: register types in the constructor and
 * override {@link #onOpen}, {@link #onClose} or {@link #onError}. Handlers run like every
 * WebSocket callback: one at a time per connection, on a virtual thread.
 */
public class TypedHandler implements WebSocketHandler {
  /** MessageHandler handles messages of one type, decoded as a {@code Map} or the class given. */
  @FunctionalInterface
  public interface MessageHandler<T> {
    void handle(WebSocket ws, T message) throws Exception;
  }

  private record Route<T>(Class<T> type, MessageHandler<? super T> handler) {}

  private final Map<String, Route<?>> routes = new ConcurrentHashMap<>();

  /** Handles messages of {@code type} as a map of their JSON fields ({@code type} included). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public TypedHandler on(String type, MessageHandler<Map<String, Object>> handler) {
    return add(type, new Route(Map.class, Objects.requireNonNull(handler, "handler")));
  }

  /** Handles messages of {@code type} bound to {@code as} (a record or a bean) by the app's JSON codec. */
  public <T> TypedHandler on(String type, Class<T> as, MessageHandler<? super T> handler) {
    return add(type, new Route<>(Objects.requireNonNull(as, "as"), Objects.requireNonNull(handler, "handler")));
  }

  private TypedHandler add(String type, Route<?> route) {
    Objects.requireNonNull(type, "type");
    if (routes.putIfAbsent(type, route) != null) {
      throw new IllegalStateException("Message type \"" + type + "\" already has a handler");
    }
    return this;
  }

  @Override
  public final void onText(WebSocket ws, String text) throws Exception {
    byte[] json = text.getBytes(StandardCharsets.UTF_8);
    Map<?, ?> fields;
    try {
      fields = ws.json().decode(json, Map.class);
    } catch (IllegalArgumentException e) {
      fields = null;
    }
    if (fields == null || !(fields.get("type") instanceof String type)) {
      reject(ws, "Expected a JSON object with a string \"type\" field");
      return;
    }
    Route<?> route = routes.get(type);
    if (route == null) {
      reject(ws, "Unknown message type \"" + type + "\"");
      return;
    }
    dispatch(ws, route, fields, json);
  }

  @SuppressWarnings("unchecked")
  private <T> void dispatch(WebSocket ws, Route<T> route, Map<?, ?> fields, byte[] json) throws Exception {
    T message;
    if (route.type() == Map.class) {
      message = (T) fields;
    } else {
      try {
        message = ws.json().decode(json, route.type());
      } catch (IllegalArgumentException e) {
        reject(ws, e.getMessage());
        return;
      }
    }
    route.handler().handle(ws, message);
  }

  /**
   * Answers a message that can't be dispatched with {@code {"type":"error","error":error}}.
   * Override to answer differently (or to close the connection).
   */
  protected void reject(WebSocket ws, String error) {
    Map<String, String> reply = new LinkedHashMap<>(); // "type" first, as in every message
    reply.put("type", "error");
    reply.put("error", error);
    ws.sendJson(reply);
  }
}
