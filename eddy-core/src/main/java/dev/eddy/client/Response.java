package dev.eddy.client;

import dev.eddy.JsonCodec;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Response is an HTTP response whose body has not been read yet: it streams from the connection
 * as it is read. Read it once, in one way ({@link #body()}, {@link #lines()}, {@link #publisher()},
 * or all of it with {@link #bytes()}, {@link #text()}, {@link #json}), and close it: a response
 * holds its connection, and its place under the client's concurrency limit, until its body is read
 * to the end or it is closed. Reading waits at most the client's read timeout for the next bytes.
 */
public final class Response implements AutoCloseable {
  private static final int SNIPPET = 512;

  private final Request request;
  private final int status;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final InputStream body;
  private final long maxBodyBytes;
  private final JsonCodec json;
  private final BooleanSupplier released;
  private final AtomicBoolean taken = new AtomicBoolean();

  /**
   * @param released whether the body has ended or been closed, so the connection is let go
   */
  Response(Request request, int status, URI uri, Map<String, List<String>> headers, InputStream body,
           long maxBodyBytes, JsonCodec json, BooleanSupplier released) {
    this.request = request;
    this.status = status;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.maxBodyBytes = maxBodyBytes;
    this.json = json;
    this.released = released;
  }

  /** The same response with another body stream (which must close this one's), for interceptors that look at it. */
  Response withBody(InputStream other) {
    return new Response(request, status, uri, headers, other, maxBodyBytes, json, released);
  }

  /** Whether the body has been read to its end or closed. */
  boolean isClosedOrDone() {
    return released.getAsBoolean();
  }

  /** The request that was sent (after interceptors changed it). */
  public Request request() {
    return request;
  }

  public int status() {
    return status;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** The URI that answered; it differs from the request's after a redirect. */
  public URI uri() {
    return uri;
  }

  /** Every header, by name (case-insensitive), each with its values in order. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header (case-insensitive name), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The body as a stream, read as it arrives. Reads block until bytes come, for at most the read
   * timeout ({@link java.net.http.HttpTimeoutException} after it). Closing it closes the response.
   */
  public InputStream body() {
    take();
    return body;
  }

  /**
   * The body as lines of text (in the charset of its Content-Type, UTF-8 by default), read as they
   * arrive. Close the stream (try-with-resources) to close the response; an I/O error while
   * reading surfaces as {@link UncheckedIOException}.
   */
  public Stream<String> lines() {
    BufferedReader reader = new BufferedReader(new InputStreamReader(body(), charset()));
    return reader.lines().onClose(this::close);
  }

  /**
   * The body as a publisher of byte buffers, for one subscriber. A virtual thread reads the body
   * only as the subscriber asks ({@code request(n)}), so a slow subscriber slows the connection;
   * cancelling closes the response. Read errors go to {@code onError}.
   */
  public Flow.Publisher<ByteBuffer> publisher() {
    InputStream in = body();
    AtomicBoolean subscribed = new AtomicBoolean();
    return subscriber -> {
      if (!subscribed.compareAndSet(false, true)) {
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
        subscriber.onError(new IllegalStateException("This body has a subscriber already"));
        return;
      }
      SubmissionPublisher<ByteBuffer> out = new SubmissionPublisher<>(task -> Thread.ofVirtual().start(task), 1);
      out.subscribe(subscriber);
      Thread.ofVirtual().name("eddy-http-body").start(() -> pump(in, out));
    };
  }

  private void pump(InputStream in, SubmissionPublisher<ByteBuffer> out) {
    byte[] buf = new byte[16384];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (out.getNumberOfSubscribers() == 0) {
          return; // cancelled
        }
        out.submit(ByteBuffer.wrap(buf.clone(), 0, n)); // blocks while the subscriber has not asked
      }
      out.close();
    } catch (IOException | RuntimeException e) {
      out.closeExceptionally(e);
    }
  }

  /**
   * The whole body, at most the client's {@code maxBodyBytes} (an {@link IOException} beyond).
   * Closes the response. Any status: see {@link #ensureSuccess()}.
   */
  public byte[] bytes() throws IOException {
    try (InputStream in = body()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
        if (total > maxBodyBytes) {
          throw new IOException("The body of " + uri + " is larger than " + maxBodyBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** The whole body as text, in the charset of its Content-Type (UTF-8 by default). Closes the response. */
  public String text() throws IOException {
    return new String(bytes(), charset());
  }

  /**
   * The body decoded from JSON into {@code type}. Throws {@link HttpStatusException} if the status
   * is not 2xx, and {@link IOException} naming the URI if the body is not JSON that fits the type.
   * Closes the response.
   */
  public <T> T json(Class<T> type) throws IOException {
    ensureSuccess();
    byte[] bytes = bytes();
    try {
      return json.decode(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new IOException("The body of " + uri + " is not JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns this response if its status is 2xx; otherwise reads the start of its body, closes it
   * and throws {@link HttpStatusException} naming the status and the URI.
   */
  public Response ensureSuccess() throws HttpStatusException {
    if (isSuccessful()) {
      return this;
    }
    String snippet = "";
    try (InputStream in = body()) {
      byte[] start = in.readNBytes(SNIPPET);
      snippet = new String(start, charset());
    } catch (IOException e) {
      // the status is what matters; the body was only a courtesy
    }
    throw new HttpStatusException(request.method(), uri, status, snippet);
  }

  /** Closes the response: an unread body is cancelled, which closes its connection. Idempotent. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private void take() {
    if (!taken.compareAndSet(false, true)) {
      throw new IllegalStateException("The body of " + uri + " has been read already; a response body is read once");
    }
  }

  private Charset charset() {
    String type = header("content-type");
    if (type != null) {
      int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
      if (i >= 0) {
        String name = type.substring(i + 8).split(";")[0].trim().replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (RuntimeException unknown) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return request.method() + " " + uri + " -> " + status;
  }
}
