package dev.eddy.client;

import dev.eddy.JsonCodec;
import dev.eddy.internal.client.BodyStream;
import dev.eddy.internal.client.ClientArguments;
import dev.eddy.internal.json.JacksonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Http is a small HTTP client for services, on the JDK's {@link HttpClient}: fluent calls, JSON
 * through Eddy's {@link JsonCodec}, timeouts, a concurrency limit, streamed bodies and an
 * {@link Interceptor} chain (with {@link Retry} and {@link Logging} built in).
 *
 * <pre>{@code
 * Http http = Http.builder().baseUri(URI.create("http://users.internal/")).maxConcurrent(32)
 *     .interceptor(Logging.create()).interceptor(Retry.defaults()).build();
 * User ada = http.get("users/1").json(User.class);          // 2xx or HttpStatusException
 * http.post("users").jsonBody(newUser).send().close();      // any status: look at the Response
 * try (Response r = http.get("export").send(); Stream<String> lines = r.lines()) { ... }
 * }</pre>
 *
 * <p><b>Blocking, on purpose.</b> Calls block the calling thread; run them on virtual threads to
 * have many in flight (see the concurrent fetch in the gallery's News demo). One client is safe to
 * share between threads, and should be: it keeps the connections.
 *
 * <p><b>Bounds.</b> At most {@link Builder#maxConcurrent} requests are in flight at once, from
 * the moment one is sent until its response body is read to the end or closed; a request beyond
 * that waits for a place, up to {@link Builder#maxWait}, then fails with
 * {@link ConcurrencyLimitException}. The limit applies to each attempt on the network, so a retry
 * waiting out its backoff holds no place. Reading a whole body stops at {@link Builder#maxBodyBytes}.
 *
 * <p><b>Timeouts.</b> {@link Builder#connectTimeout} for the connection, {@link Builder#timeout}
 * (per call: {@link Call#timeout}) until the response headers arrive, and
 * {@link Builder#readTimeout} for each wait on body bytes. They fail with the JDK's
 * {@link java.net.http.HttpTimeoutException}.
 */
public final class Http implements AutoCloseable {
  private final HttpClient jdk;
  private final ExecutorService executor;
  private final List<Interceptor> interceptors;
  private final Semaphore places;
  private final int maxConcurrent;
  private final Duration maxWait;
  private final Duration timeout;
  private final Duration readTimeout;
  private final long maxBodyBytes;
  private final JsonCodec json;
  private final URI baseUri;

  private Http(Builder b) {
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("eddy-http-", 0).factory());
    HttpClient.Builder jdk = HttpClient.newBuilder()
        .version(b.version)
        .connectTimeout(b.connectTimeout)
        .followRedirects(b.redirects)
        .executor(executor);
    if (b.sslContext != null) {
      jdk.sslContext(b.sslContext);
    }
    this.jdk = jdk.build();
    this.interceptors = List.copyOf(b.interceptors);
    this.maxConcurrent = b.maxConcurrent;
    this.places = new Semaphore(b.maxConcurrent, true);
    this.maxWait = b.maxWait;
    this.timeout = b.timeout;
    this.readTimeout = b.readTimeout;
    this.maxBodyBytes = b.maxBodyBytes;
    this.json = b.json;
    this.baseUri = b.baseUri;
  }

  /** A client with the defaults (see {@link Builder}). */
  public static Http client() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Call get(String uri) {
    return call("GET", uri);
  }

  public Call head(String uri) {
    return call("HEAD", uri);
  }

  public Call post(String uri) {
    return call("POST", uri);
  }

  public Call put(String uri) {
    return call("PUT", uri);
  }

  public Call patch(String uri) {
    return call("PATCH", uri);
  }

  public Call delete(String uri) {
    return call("DELETE", uri);
  }

  /**
   * A call of any method. {@code uri} is absolute, or relative to the builder's
   * {@link Builder#baseUri} (resolved as a browser would: {@code users/1} against
   * {@code http://h/api/} is {@code http://h/api/users/1}).
   */
  public Call call(String method, String uri) {
    Objects.requireNonNull(uri, "uri");
    URI target = baseUri == null ? URI.create(uri) : baseUri.resolve(uri);
    return new Call(this, Request.of(method, target, timeout));
  }

  /** A call of any method to an absolute URI. */
  public Call call(String method, URI uri) {
    return new Call(this, Request.of(method, uri, timeout));
  }

  /** Sends a request through the interceptors; the caller reads and closes the response. */
  public Response send(Request request) throws IOException, InterruptedException {
    return InterceptorChain.run(interceptors, Objects.requireNonNull(request, "request"), this::network);
  }

  /** How many requests are in flight now: sent, and their bodies not yet read or closed. */
  public int inFlight() {
    return maxConcurrent - places.availablePermits();
  }

  JsonCodec json() {
    return json;
  }

  /** The last step of the chain: waits for a place under the limit, then sends. */
  private Response network(Request request) throws IOException, InterruptedException {
    if (!places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new ConcurrencyLimitException("Waited " + maxWait.toMillis() + " ms for one of " + maxConcurrent
          + " places in flight; " + request + " was not sent");
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        places.release();
      }
    };
    try {
      HttpResponse<java.io.InputStream> response = jdk.send(toJdk(request),
          info -> BodyStream.subscriber(readTimeout, request.method() + " " + request.uri(), release));
      return new Response(request, response.statusCode(), response.uri(), response.headers().map(), response.body(),
          maxBodyBytes, json, released::get);
    } catch (IOException | InterruptedException | RuntimeException e) {
      release.run();
      throw e;
    }
  }

  private static HttpRequest toJdk(Request request) {
    RequestBody body = request.body();
    HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
        .timeout(request.timeout())
        .method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody() : body.publisher());
    request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    if (body != null && body.contentType() != null && request.header("Content-Type") == null) {
      b.header("Content-Type", body.contentType());
    }
    return b.build();
  }

  /** Closes the connections and stops the client's threads; calls in flight fail. */
  @Override
  public void close() {
    jdk.shutdownNow();
    executor.shutdownNow();
  }

  /** Builder configures an {@link Http} client. */
  public static final class Builder {
    private HttpClient.Version version = HttpClient.Version.HTTP_1_1;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int maxConcurrent = 64;
    private Duration maxWait = Duration.ofSeconds(30);
    private long maxBodyBytes = 16L << 20;
    private HttpClient.Redirect redirects = HttpClient.Redirect.NORMAL;
    private JsonCodec json = new JacksonCodec();
    private URI baseUri;
    private SSLContext sslContext;
    private final List<Interceptor> interceptors = new ArrayList<>();

    private Builder() {}

    /** How long to wait for a connection (10 s). */
    public Builder connectTimeout(Duration v) {
      connectTimeout = Request.checkTimeout(v);
      return this;
    }

    /** How long to wait for the response headers, unless a call sets its own (30 s). */
    public Builder timeout(Duration v) {
      timeout = Request.checkTimeout(v);
      return this;
    }

    /** How long a read of the response body waits for the next bytes (30 s). */
    public Builder readTimeout(Duration v) {
      readTimeout = Request.checkTimeout(v);
      return this;
    }

    /** The most requests in flight at once (64). */
    public Builder maxConcurrent(int v) {
      maxConcurrent = ClientArguments.atLeastOne("maxConcurrent", v);
      return this;
    }

    /** How long a request waits for a place under {@link #maxConcurrent} (30 s). */
    public Builder maxWait(Duration v) {
      maxWait = ClientArguments.nonNegative("maxWait", v);
      return this;
    }

    /** The largest body {@code bytes()}, {@code text()} and {@code json()} read (16 MiB). */
    public Builder maxBodyBytes(long v) {
      if (v < 0 || v > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxBodyBytes must be between 0 and 2 GiB, got " + v);
      }
      maxBodyBytes = v;
      return this;
    }

    /** Adds an interceptor; the first added is the outermost. */
    public Builder interceptor(Interceptor v) {
      interceptors.add(Objects.requireNonNull(v, "interceptor"));
      return this;
    }

    /** The URI that relative call URIs resolve against. */
    public Builder baseUri(URI v) {
      Request.checkUri(v);
      baseUri = v;
      return this;
    }

    /** The JSON library for {@code jsonBody} and {@code json} (Jackson by default). */
    public Builder json(JsonCodec v) {
      json = Objects.requireNonNull(v, "json");
      return this;
    }

    /** The TLS context for https (the JDK's default trust store otherwise). */
    public Builder sslContext(SSLContext v) {
      sslContext = Objects.requireNonNull(v, "sslContext");
      return this;
    }

    /** Whether redirects are followed (NORMAL: yes, but not from https to http). */
    public Builder redirects(HttpClient.Redirect v) {
      redirects = Objects.requireNonNull(v, "redirects");
      return this;
    }

    /**
     * HTTP/1.1 (the default), or HTTP/2: negotiated over TLS, and on plain http the JDK asks the
     * server to upgrade with every request (Eddy's server declines and closes the connection).
     */
    public Builder version(HttpClient.Version v) {
      version = Objects.requireNonNull(v, "version");
      return this;
    }

    public Http build() {
      return new Http(this);
    }
  }
}
