package dev.eddy.proxy;

import dev.eddy.Context;
import dev.eddy.Handler;
import dev.eddy.Mount;
import dev.eddy.internal.client.ClientArguments;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * Remote makes a handler that proxies requests to another HTTP server: Growler's "remote
 * services", a sub-app that runs in another process. Mount it like an app:
 *
 * <pre>{@code
 * Mount api = app.mount("/api", Remote.to(URI.create("http://127.0.0.1:9000")));
 * app.mount("/legacy", Remote.builder(URI.create("https://legacy.internal/app"))
 *     .responseTimeout(Duration.ofSeconds(5)).build());
 * }</pre>
 *
 * <ul>
 *   <li><b>Paths</b>: the path relative to the mount point is appended to the backend URI's path,
 *       query as sent: {@code /api/users/7?x=1} goes to {@code http://127.0.0.1:9000/users/7?x=1}.
 *       A {@code Location} that points into the backend's URI is rewritten to the mount prefix.
 *   <li><b>Streaming</b>: bodies stream both ways with backpressure; nothing is held whole in
 *       memory except responses of at most 64 KiB with a known length. A request body may be up to
 *       {@link Builder#maxBodyBytes} (413 beyond).
 *   <li><b>Headers</b>: hop-by-hop headers are dropped both ways ({@code Connection} and the ones
 *       it names, {@code Keep-Alive}, {@code Proxy-*}, {@code TE}, {@code Trailer},
 *       {@code Transfer-Encoding}, {@code Upgrade}); {@code X-Forwarded-For}, {@code -Proto},
 *       {@code -Host}, {@code -Prefix} and {@code Forwarded} are added. {@code Host} is the
 *       backend's.
 *   <li><b>WebSocket</b>: a request with {@code Upgrade: websocket} is forwarded over a socket of
 *       its own; the backend's {@code 101} is relayed and the bytes piped both ways until either
 *       side closes. Any other answer is relayed as is.
 *   <li><b>Failures</b>: {@code 502 Bad Gateway} when the backend can't be reached, refuses or
 *       breaks the connection; {@code 504 Gateway Timeout} when it does not connect or answer in
 *       time. Both are logged (logger {@code dev.eddy.proxy.Remote}) with the backend's address,
 *       which the client is not told. A response body that fails once under way cuts the client's
 *       response short (the status has gone out).
 * </ul>
 *
 * Keep {@link Builder#responseTimeout} below the server's {@code handlerTimeout}: until the
 * backend's headers arrive, the server counts the request as running.
 */
public final class Remote {
  private Remote() {}

  /** A proxy to {@code backend} with the defaults. */
  public static Handler to(URI backend) {
    return builder(backend).build();
  }

  /** A builder for a proxy to {@code backend}, an {@code http} or {@code https} URI with an optional base path. */
  public static Builder builder(URI backend) {
    return new Builder(backend);
  }

  /** Settings are a built proxy's configuration. */
  record Settings(URI backend, String basePath, Duration connectTimeout, Duration responseTimeout,
                  Duration readTimeout, SSLContext sslContext) {

    /** The backend URI for a request path (percent-encoded, as sent) and query. */
    URI target(String path, String rawQuery) {
      String p = basePath + path;
      return URI.create(backend.getScheme() + "://" + backend.getRawAuthority() + p + (rawQuery == null ? "" : "?" + rawQuery));
    }

    /**
     * A {@code Location} from the backend, as the client must see it: one pointing into the
     * backend's URI points at the mount instead; any other is left alone.
     */
    String rewriteLocation(String location, Context ctx) {
      String origin = backend.getScheme() + "://" + backend.getRawAuthority();
      String mine = Mount.basePath(ctx);
      if (location.regionMatches(true, 0, origin, 0, origin.length())) {
        String rest = location.substring(origin.length());
        if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?")) {
          if (rest.startsWith(basePath) && (basePath.isEmpty() || rest.length() == basePath.length()
              || "/?".indexOf(rest.charAt(basePath.length())) >= 0)) {
            String inside = rest.substring(basePath.length());
            return mine + (inside.isEmpty() || inside.startsWith("?") ? "/" + inside : inside);
          }
        }
      }
      return location;
    }
  }

  /** Builder configures a proxy. */
  public static final class Builder {
    private final URI backend;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration responseTimeout = Duration.ofSeconds(20);
    private Duration readTimeout = Duration.ofSeconds(60);
    private long maxBodyBytes = 1L << 30;
    private SSLContext sslContext;

    private Builder(URI backend) {
      Objects.requireNonNull(backend, "backend");
      String scheme = backend.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || backend.getHost() == null) {
        throw new IllegalArgumentException("A backend is an absolute http or https URI, got '" + backend + "'");
      }
      if (backend.getRawQuery() != null || backend.getRawFragment() != null) {
        throw new IllegalArgumentException("A backend URI has no query or fragment: '" + backend + "'");
      }
      this.backend = backend;
    }

    /** How long to wait for a connection to the backend (5 s); 504 after. */
    public Builder connectTimeout(Duration v) {
      connectTimeout = ClientArguments.positive("connectTimeout", v);
      return this;
    }

    /** How long to wait for the backend's response headers (20 s); 504 after. */
    public Builder responseTimeout(Duration v) {
      responseTimeout = ClientArguments.positive("responseTimeout", v);
      return this;
    }

    /**
     * How long a response body may pause (60 s), or a WebSocket handshake take to answer. Set it
     * above the keep-alive interval of event streams that go through the proxy.
     */
    public Builder readTimeout(Duration v) {
      readTimeout = ClientArguments.positive("readTimeout", v);
      return this;
    }

    /** The largest request body forwarded (1 GiB); 413 beyond. */
    public Builder maxBodyBytes(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + v);
      }
      maxBodyBytes = v;
      return this;
    }

    /** The TLS context for an https backend (the JDK's default trust store otherwise). */
    public Builder sslContext(SSLContext v) {
      sslContext = Objects.requireNonNull(v, "sslContext");
      return this;
    }

    /** The proxy, as a handler that reads its body as a stream; mount it with {@code app.mount}. */
    public Handler build() {
      String path = backend.getRawPath() == null ? "" : backend.getRawPath();
      String basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      Settings settings = new Settings(backend, basePath, connectTimeout, responseTimeout, readTimeout, sslContext);
      HttpClient.Builder http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("eddy-proxy-", 0).factory()));
      if (sslContext != null) {
        http.sslContext(sslContext);
      }
      return Handler.streamingBody(maxBodyBytes, new ProxyHandler(settings, http.build()));
    }
  }
}
