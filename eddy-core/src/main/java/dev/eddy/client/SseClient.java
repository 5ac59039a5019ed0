package dev.eddy.client;

import dev.eddy.internal.client.BodyPieces;
import dev.eddy.internal.client.ClientArguments;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SseClient reads a server-sent event stream ({@code text/event-stream}) and keeps it open, like a
 * browser's {@code EventSource}: when the stream ends or fails it connects again, sending the last
 * event id as {@code Last-Event-ID} so the server can resume.
 *
 * <pre>{@code
 * // blocking: in a test or on a virtual thread
 * try (SseClient sse = SseClient.connect(URI.create("http://127.0.0.1:8080/events"))) {
 *   SseEvent e = sse.next(Duration.ofSeconds(5));   // null if none came in time
 * }
 * // callbacks
 * SseClient sse = SseClient.builder(uri).listener(e -> show(e.data())).connect();
 * }</pre>
 *
 * <p><b>Reconnection.</b> After the stream ends or fails (an I/O error, an event over
 * {@link Builder#maxEventChars}), the client waits the reconnection delay and connects again: 3
 * seconds, or what the server's last {@code retry:} field said. Each further attempt in a row that
 * brings no event doubles the wait, up to {@link Builder#maxReconnectDelay} (30 seconds), which
 * also caps a server's {@code retry:}. The client stops for good on {@link #close()}, or when the
 * server answers anything but {@code 200} with {@code text/event-stream}: the listener then gets a
 * {@link SseRefusedException} (a {@code 204 No Content} is the polite way for a server to ask).
 *
 * <p><b>Threads and bounds.</b> One virtual thread per client reads the stream and calls the
 * listener, one call at a time, in order. A listener that blocks holds up reading, and so the
 * server (TCP backpressure). Without a listener, events wait in a bounded queue for {@link #next};
 * when it is full the reader waits, with the same effect.
 */
public final class SseClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SseClient.class);

  /**
   * Listener is told what happens to a client, on its reader thread. An exception thrown by a
   * listener is logged and does not stop the client.
   */
  @FunctionalInterface
  public interface Listener {
    /** A server answered with an event stream; called again after each reconnection. */
    default void onOpen() {}

    /** An event was dispatched. */
    void onEvent(SseEvent event);

    /**
     * A connection failed. The client reconnects, unless {@code error} is a
     * {@link SseRefusedException}, after which it has stopped.
     */
    default void onError(Throwable error) {}
  }

  private final URI uri;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final long maxDelayMillis;
  private final Listener listener;
  private final Inbox<SseEvent> inbox; // null with a listener
  private final HttpClient http;
  private final SseParser parser;
  private final Thread reader;
  private volatile long retryMillis;
  private volatile boolean closed;
  private volatile BodyPieces body;
  private int attemptsWithoutEvent; // reader thread only

  private SseClient(Builder b) {
    this.uri = b.uri;
    this.headers = Map.copyOf(b.headers);
    this.timeout = b.timeout;
    this.retryMillis = b.reconnectDelay.toMillis();
    this.maxDelayMillis = b.maxReconnectDelay.toMillis();
    this.inbox = b.listener == null ? new Inbox<>(b.queueCapacity, () -> {}) : null;
    this.listener = b.listener == null ? this::enqueue : b.listener;
    this.parser = new SseParser(new SseParser.Sink() {
      @Override
      public void event(SseEvent event) {
        attemptsWithoutEvent = 0;
        deliver(event);
      }

      @Override
      public void retry(long millis) {
        retryMillis = millis;
      }
    }, b.lastEventId, b.maxEventChars);
    request(); // fails fast on a bad header
    HttpClient.Builder http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (uri.getScheme().equalsIgnoreCase("http")) {
      http.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on a long-lived stream
    }
    this.http = http.build();
    this.reader = Thread.ofVirtual().name("eddy-sse-" + uri.getHost()).unstarted(this::run);
  }

  /** Connects to {@code uri} with the defaults; take events with {@link #next}. */
  public static SseClient connect(URI uri) {
    return builder(uri).connect();
  }

  /** A builder for a client of the {@code http} or {@code https} {@code uri}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * The next event, waiting up to {@code timeout}; null if none came in time. Once the client has
   * stopped (closed, or refused by the server) and the queued events are taken, throws
   * {@link IllegalStateException} whose cause says why. Only for clients without a listener.
   */
  public SseEvent next(Duration timeout) throws InterruptedException {
    if (inbox == null) {
      throw new IllegalStateException("This client has a listener: events go to it, not to next()");
    }
    return inbox.take(timeout);
  }

  /** The last event id: what the next reconnection sends as {@code Last-Event-ID}; empty if none. */
  public String lastEventId() {
    return parser.lastEventId();
  }

  /** The current reconnection delay, before backoff: the builder's, or the server's {@code retry:}. */
  public Duration reconnectDelay() {
    return Duration.ofMillis(retryMillis);
  }

  /** Whether the client has stopped: closed, or refused by the server. */
  public boolean isClosed() {
    return closed || !reader.isAlive();
  }

  /**
   * Stops the client: the connection closes and no reconnection follows. Waits up to a second for
   * the reader to finish, so no listener call starts after this returns (unless called from one).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reader.interrupt();
    BodyPieces current = body;
    if (current != null) {
      current.cancel();
    }
    if (Thread.currentThread() != reader) {
      try {
        reader.join(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    Throwable stoppedBy = null;
    try {
      while (!closed) {
        try {
          stream();
        } catch (SseRefusedException e) {
          stoppedBy = e;
          report(e);
          return;
        } catch (IOException | RuntimeException e) {
          if (closed) {
            return;
          }
          report(e);
        } finally {
          parser.endOfStream();
        }
        if (!closed) {
          Thread.sleep(delayMillis());
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts the reader
    } finally {
      closed = true;
      http.shutdownNow();
      if (inbox != null) {
        inbox.finish(stoppedBy == null ? "The SSE client is closed" : "The SSE client stopped: " + stoppedBy.getMessage(), stoppedBy);
      }
    }
  }

  /** One connection: returns at the end of the stream, throws if it fails. */
  private void stream() throws IOException, InterruptedException {
    attemptsWithoutEvent++;
    HttpResponse<BodyPieces> response = http.send(request(), info -> new BodyPieces());
    BodyPieces in = response.body();
    body = in;
    try {
      if (closed) {
        return;
      }
      String type = response.headers().firstValue("Content-Type").orElse(null);
      if (response.statusCode() != 200 || !isEventStream(type)) {
        throw new SseRefusedException(response.statusCode(), type);
      }
      guard(listener::onOpen);
      for (List<ByteBuffer> buffers; (buffers = in.next()) != null; ) {
        for (ByteBuffer buffer : buffers) {
          parser.feed(buffer);
        }
      }
    } finally {
      in.cancel();
      body = null;
    }
  }

  private HttpRequest request() {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
        .timeout(timeout)
        .header("Accept", "text/event-stream")
        .header("Cache-Control", "no-cache");
    headers.forEach(request::header);
    String id = parser.lastEventId();
    if (!id.isEmpty()) {
      request.header("Last-Event-ID", id);
    }
    return request.build();
  }

  /** The retry delay, doubled for each attempt in a row after the first that brought no event. */
  private long delayMillis() {
    int doublings = Math.min(Math.max(attemptsWithoutEvent - 1, 0), 16);
    return Math.min(retryMillis << doublings, maxDelayMillis);
  }

  private static boolean isEventStream(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    return mediaType.toLowerCase(Locale.ROOT).equals("text/event-stream");
  }

  private void deliver(SseEvent event) {
    guard(() -> listener.onEvent(event));
  }

  private void report(Throwable error) {
    guard(() -> listener.onError(error));
  }

  /** The queue behind {@link #next}: waits while it is full, which stops reading. */
  private void enqueue(SseEvent event) {
    try {
      inbox.put(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Closed while queueing an event", e); // only close() interrupts
    }
  }

  private void guard(Runnable call) {
    if (inbox != null) {
      call.run(); // our own queue: its exceptions mean close()
      return;
    }
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("SSE listener for {} threw", uri, e);
    }
  }

  /** Builder configures an {@link SseClient}; {@link #connect} starts it. */
  public static final class Builder {
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String lastEventId = "";
    private Duration reconnectDelay = Duration.ofSeconds(3);
    private Duration maxReconnectDelay = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofSeconds(10);
    private int queueCapacity = 256;
    private int maxEventChars = 1 << 20;
    private Listener listener;

    private Builder(URI uri) {
      this.uri = ClientArguments.scheme(uri, "http", "https", "An event stream URI");
    }

    /** Adds a request header sent on every connection ({@code Authorization}, say). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The id to resume from: the first connection sends it as {@code Last-Event-ID}. */
    public Builder lastEventId(String id) {
      if (id.indexOf('\0') >= 0 || id.indexOf('\r') >= 0 || id.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("An event id has no NUL, CR or LF");
      }
      this.lastEventId = id;
      return this;
    }

    /** The wait before reconnecting until the server sends {@code retry:}; 3 seconds by default. */
    public Builder reconnectDelay(Duration delay) {
      this.reconnectDelay = ClientArguments.nonNegative("reconnectDelay", delay);
      return this;
    }

    /** The longest wait between attempts, whatever the backoff or the server say; 30 seconds. */
    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = ClientArguments.nonNegative("maxReconnectDelay", delay);
      return this;
    }

    /** How long to wait for a connection and for the response headers; 10 seconds by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = ClientArguments.positive("timeout", timeout);
      return this;
    }

    /** How many events wait for {@link SseClient#next} before reading pauses; 256 by default. */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = ClientArguments.atLeastOne("queueCapacity", capacity);
      return this;
    }

    /** The longest line or event data accepted, in chars; longer fails the connection. 1 Mi. */
    public Builder maxEventChars(int chars) {
      this.maxEventChars = ClientArguments.atLeastOne("maxEventChars", chars);
      return this;
    }

    /** Sends events to {@code listener} instead of the queue behind {@link SseClient#next}. */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Starts the client; it connects in the background. */
    public SseClient connect() {
      SseClient client = new SseClient(this);
      client.reader.start();
      return client;
    }
  }
}
