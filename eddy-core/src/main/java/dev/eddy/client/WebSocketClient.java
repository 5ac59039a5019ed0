package dev.eddy.client;

import dev.eddy.JsonCodec;
import dev.eddy.internal.client.ClientArguments;
import dev.eddy.internal.json.JacksonCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocketClient is a WebSocket connection on the JDK's {@link WebSocket}, with whole messages,
 * a blocking {@link #receive}, JSON messages dispatched by their {@code type}, and sends that any
 * thread may call.
 *
 * <pre>{@code
 * try (WebSocketClient ws = WebSocketClient.builder(URI.create("ws://127.0.0.1:8080/chat"))
 *     .header("Origin", "http://127.0.0.1:8080").connect()) {
 *   ws.on("joined", msg -> show(msg.get("name")));
 *   ws.sendJson(Map.of("type", "join", "room", "lobby"));
 *   WsMessage next = ws.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p><b>Receiving.</b> Fragments are joined into whole messages of at most
 * {@link Builder#maxMessageBytes}; a longer one closes the connection with 1008 (the JDK does not
 * let a client send 1009, "message too big"). A text message that is a JSON object whose
 * {@code type} has a handler ({@link #on}) goes to that handler; every other message waits in a
 * queue for {@link #receive}. Handlers run one at a time, in order, on the JDK's WebSocket thread;
 * reading waits while a handler runs.
 *
 * <p><b>When nobody drains the queue.</b> It holds {@link Builder#queueCapacity} messages. When it
 * is full the client stops asking the JDK for more, so the JDK stops reading the socket and the
 * peer's writes back up (TCP backpressure); nothing is dropped. Reading resumes when
 * {@link #receive} takes a message. Typed messages behind a full queue wait too.
 *
 * <p><b>Sending.</b> The JDK allows one outstanding send at a time; here sends from any thread are
 * queued and go out in call order. Each returns a future that completes when its message is
 * written; a sender that must bound its memory waits on them. Pings are answered by the JDK.
 */
public final class WebSocketClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketClient.class);

  /** CloseStatus is a Close message's status code and reason. */
  public record CloseStatus(int code, String reason) {}

  private record Ping(ByteBuffer data, CompletableFuture<Void> answered) {}

  /** Shared by all clients: settings live on each WebSocket's builder; both are thread-safe. */
  private static final class Shared {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final JsonCodec JSON = new JacksonCodec();
  }

  private final URI uri;
  private final JsonCodec json;
  private final int maxMessageBytes;
  private final Inbox<WsMessage> inbox;
  private final Map<String, Consumer<Map<String, Object>>> handlers = new ConcurrentHashMap<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<Ping> pings = new ConcurrentLinkedQueue<>();
  private final Object sendLock = new Object();
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null); // guarded by sendLock
  private volatile WebSocket ws;

  private WebSocketClient(Builder b) {
    this.uri = b.uri;
    this.json = b.json;
    this.maxMessageBytes = b.maxMessageBytes;
    this.inbox = new Inbox<>(b.queueCapacity, () -> ws.request(1));
  }

  /** Connects to {@code uri} with the defaults; see {@link Builder#connect}. */
  public static WebSocketClient connect(URI uri) throws IOException, InterruptedException {
    return builder(uri).connect();
  }

  /** A builder for a client of the {@code ws} or {@code wss} {@code uri}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  // ---- receiving ----

  /**
   * The next whole message, waiting up to {@code timeout}; null if none came in time. Once the
   * connection has closed and the queued messages are taken, throws {@link IllegalStateException}
   * saying how it closed.
   */
  public WsMessage receive(Duration timeout) throws InterruptedException {
    return inbox.take(timeout);
  }

  /**
   * Sends text messages that are JSON objects with {@code "type": type} to {@code handler}, decoded
   * as a map, instead of to {@link #receive}. Applies to messages that arrive after this call.
   * Throws {@link IllegalStateException} if {@code type} already has a handler. A handler that
   * throws is logged; the connection goes on.
   */
  public WebSocketClient on(String type, Consumer<Map<String, Object>> handler) {
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(Objects.requireNonNull(type, "type"), handler) != null) {
      throw new IllegalStateException("Message type \"" + type + "\" already has a handler");
    }
    return this;
  }

  // ---- sending ----

  /** Sends a text message. */
  public CompletableFuture<Void> sendText(String text) {
    Objects.requireNonNull(text, "text");
    return send(ws -> ws.sendText(text, true));
  }

  /** Sends a binary message; {@code data} is copied. */
  public CompletableFuture<Void> sendBinary(byte[] data) {
    ByteBuffer copy = ByteBuffer.wrap(data.clone());
    return send(ws -> ws.sendBinary(copy, true));
  }

  /**
   * Sends {@code value} encoded as JSON, as a text message. Throws {@link IllegalArgumentException}
   * at once if it can't be encoded.
   */
  public CompletableFuture<Void> sendJson(Object value) {
    return sendText(new String(json.encode(value), StandardCharsets.UTF_8));
  }

  /**
   * Sends a Ping with up to 125 bytes of {@code data}. The future completes when the peer answers
   * with a Pong carrying the same data, and fails if the ping can't be sent or the connection ends
   * first; bound the wait with {@code orTimeout}.
   */
  public CompletableFuture<Void> sendPing(byte[] data) {
    if (data.length > 125) {
      throw new IllegalArgumentException("A ping carries at most 125 bytes, not " + data.length);
    }
    Ping ping = new Ping(ByteBuffer.wrap(data.clone()).asReadOnlyBuffer(), new CompletableFuture<>());
    pings.add(ping);
    send(ws -> ws.sendPing(ping.data().duplicate())).whenComplete((ok, e) -> {
      if (e != null && pings.remove(ping)) {
        ping.answered().completeExceptionally(e);
      }
    });
    if (closed.isDone() && pings.remove(ping)) {
      ping.answered().completeExceptionally(new IOException("The WebSocket is closed"));
    }
    return ping.answered().copy();
  }

  // ---- closing ----

  /**
   * Sends a Close with {@code code} and {@code reason} after the sends queued before it. The future
   * completes with the peer's answering Close, or fails if the close can't be sent or the
   * connection fails; bound the wait with {@code orTimeout} and {@link #abort} if it runs out.
   */
  public CompletableFuture<CloseStatus> close(int code, String reason) {
    return send(ws -> ws.sendClose(code, reason))
        .handle((ok, e) -> e == null || closed.isDone() ? closed.copy() : CompletableFuture.<CloseStatus>failedFuture(e))
        .thenCompose(Function.identity());
  }

  /**
   * The peer's Close, whoever started closing: completes with its code and reason (1005 when it
   * sent none), or fails if the connection failed or was aborted.
   */
  public CompletableFuture<CloseStatus> closed() {
    return closed.copy();
  }

  /** The subprotocol the server chose, or empty. */
  public String subprotocol() {
    return ws.getSubprotocol();
  }

  /** Closes the connection at once, without a closing handshake. */
  public void abort() {
    ws.abort();
    ended(null, new IOException("The WebSocket was aborted"));
  }

  /**
   * Closes with 1000 (normal closure) and waits up to 5 seconds for the peer's Close; aborts if it
   * doesn't come. Does nothing if the connection has already closed.
   */
  @Override
  public void close() {
    if (closed.isDone()) {
      return;
    }
    try {
      close(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      abort();
    } catch (InterruptedException e) {
      abort();
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<Void> send(Function<WebSocket, CompletableFuture<WebSocket>> op) {
    synchronized (sendLock) {
      CompletableFuture<Void> next = lastSend
          .handle((ok, e) -> null)
          .thenCompose(x -> op.apply(ws))
          .thenApply(w -> null);
      lastSend = next;
      return next;
    }
  }

  /** The connection ended: a Close came ({@code status}) or it failed ({@code error}). */
  private void ended(CloseStatus status, Throwable error) {
    if (status != null) {
      closed.complete(status);
      inbox.finish("The WebSocket closed: " + status.code() + " " + status.reason(), null);
    } else {
      closed.completeExceptionally(error);
      inbox.finish("The WebSocket failed: " + error, error);
    }
    for (Ping ping; (ping = pings.poll()) != null; ) {
      ping.answered().completeExceptionally(new IOException("The WebSocket closed before the Pong"));
    }
  }

  /**
   * Receiver is the JDK listener. The JDK calls it one invocation at a time and only as many
   * times as requested; each invocation here requests the next unless the queue is full.
   */
  private final class Receiver implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private boolean tooBig; // dropping the rest of an oversized message

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (!tooBig && text.length() + data.length() > maxMessageBytes) {
        refuseTooBig();
      } else if (!tooBig) {
        text.append(data);
      }
      boolean more = true;
      if (last) {
        if (!tooBig) {
          more = deliverText(text.toString());
        }
        text.setLength(0);
        tooBig = false;
      }
      if (more) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      if (!tooBig && binary.size() + data.remaining() > maxMessageBytes) {
        refuseTooBig();
      } else if (!tooBig) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
      }
      boolean more = true;
      if (last) {
        if (!tooBig) {
          more = inbox.offer(new WsMessage.Binary(binary.toByteArray()));
        }
        binary.reset();
        tooBig = false;
      }
      if (more) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      webSocket.request(1); // the JDK sends the Pong
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      for (Ping ping : pings) {
        if (ping.data().equals(message) && pings.remove(ping)) {
          ping.answered().complete(null);
          break;
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended(new CloseStatus(statusCode, reason), null);
      return null; // the JDK answers with the same Close
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended(null, error);
    }

    private void refuseTooBig() {
      tooBig = true;
      text.setLength(0);
      binary.reset();
      log.warn("WebSocket {} sent a message over {} bytes; closing with 1008", uri, maxMessageBytes);
      send(ws -> ws.sendClose(1008, "Message too big")).whenComplete((ok, e) -> {
        if (e != null) {
          abort();
        }
      });
    }

    /** Hands a text message to its type's handler, or queues it; false when the queue is full. */
    private boolean deliverText(String message) {
      Consumer<Map<String, Object>> handler;
      Map<String, Object> object = handlers.isEmpty() ? null : jsonObject(message);
      if (object != null && object.get("type") instanceof String type && (handler = handlers.get(type)) != null) {
        try {
          handler.accept(object);
        } catch (RuntimeException e) {
          log.warn("WebSocket handler for \"{}\" messages from {} threw", type, uri, e);
        }
        return true;
      }
      return inbox.offer(new WsMessage.Text(message));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> jsonObject(String message) {
      if (!message.stripLeading().startsWith("{")) {
        return null;
      }
      try {
        return json.decode(message.getBytes(StandardCharsets.UTF_8), Map.class);
      } catch (IllegalArgumentException e) {
        return null; // not JSON: plain text
      }
    }
  }

  /** Builder configures a {@link WebSocketClient}; {@link #connect} opens it. */
  public static final class Builder {
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(10);
    private int queueCapacity = 256;
    private int maxMessageBytes = 1 << 20;
    private JsonCodec json;

    private Builder(URI uri) {
      this.uri = ClientArguments.scheme(uri, "ws", "wss", "A WebSocket URI");
    }

    /** Adds a header to the opening handshake ({@code Origin}, {@code Authorization}, ...). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Offers subprotocols, most preferred first; {@link WebSocketClient#subprotocol} tells the pick. */
    public Builder subprotocols(String... names) {
      subprotocols.addAll(List.of(names));
      return this;
    }

    /** How long the connection and opening handshake may take; 10 seconds by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = ClientArguments.positive("timeout", timeout);
      return this;
    }

    /** How many messages wait for {@link WebSocketClient#receive} before reading pauses; 256. */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = ClientArguments.atLeastOne("queueCapacity", capacity);
      return this;
    }

    /** The largest message accepted (text counted in chars); larger closes with 1008. 1 MiB. */
    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = ClientArguments.atLeastOne("maxMessageBytes", bytes);
      return this;
    }

    /** The codec for {@link WebSocketClient#sendJson} and typed messages; Jackson by default. */
    public Builder json(JsonCodec codec) {
      this.json = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Opens the connection and returns once the handshake is done. Throws
     * {@link java.net.http.WebSocketHandshakeException} if the server refuses the upgrade,
     * {@link HttpTimeoutException} if it takes longer than the timeout, and {@link IOException} if
     * the connection fails.
     */
    public WebSocketClient connect() throws IOException, InterruptedException {
      if (json == null) {
        json = Shared.JSON;
      }
      WebSocketClient client = new WebSocketClient(this);
      WebSocket.Builder builder = Shared.CLIENT.newWebSocketBuilder().connectTimeout(timeout);
      headers.forEach(builder::header);
      if (!subprotocols.isEmpty()) {
        builder.subprotocols(subprotocols.getFirst(), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
      }
      CompletableFuture<WebSocket> opening = builder.buildAsync(uri, client.new Receiver());
      try {
        client.ws = opening.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        return client;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IOException("Can't open a WebSocket to " + uri + ": " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        opening.cancel(true);
        throw new HttpTimeoutException("The WebSocket handshake with " + uri + " took over " + timeout);
      } catch (InterruptedException e) {
        opening.cancel(true);
        throw e;
      }
    }
  }
}
