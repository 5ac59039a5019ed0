package dev.eddy.proxy;

import dev.eddy.Context;
import dev.eddy.Handler;
import dev.eddy.Mount;
import dev.eddy.internal.app.Exchange;
import dev.eddy.internal.client.BodyStream;
import dev.eddy.internal.client.StreamPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ProxyHandler forwards a request to the backend over the JDK's HTTP client and relays the
 * answer, streaming both ways: the request body goes out as the client sends it (read from
 * {@code ctx.bodyStream()} only as fast as the backend takes it), the response body comes back as
 * the backend sends it (through {@code ctx.stream}, which waits while the client is slow). Only a
 * response with a {@code Content-Length} of at most 64 KiB is read whole first, so it keeps its
 * length. WebSocket upgrades go to {@link WebSocketTunnel}.
 */
final class ProxyHandler implements Handler {
  private static final Logger log = LoggerFactory.getLogger(Remote.class);
  /** Responses up to this size, with a known length, are sent with their length instead of chunked. */
  private static final int SMALL = 64 * 1024;

  private final Remote.Settings settings;
  private final HttpClient http;
  private final WebSocketTunnel tunnel;

  ProxyHandler(Remote.Settings settings, HttpClient http) {
    this.settings = settings;
    this.http = http;
    this.tunnel = new WebSocketTunnel(settings);
  }

  @Override
  public void handle(Context ctx) throws Exception {
    URI target = settings.target(ctx.path(), ((Exchange) ctx).rawQuery());
    if (WebSocketTunnel.isWebSocketUpgrade(ctx)) {
      tunnel.open(ctx, target);
      return;
    }
    ClientBody body = new ClientBody(ctx.bodyStream());
    HttpResponse<InputStream> response;
    try {
      response = http.send(request(ctx, target, body), info -> BodyStream.subscriber(settings.readTimeout(), target.toString(), () -> {}));
    } catch (IOException e) {
      throw failure(ctx, target, body, e);
    }
    try (InputStream in = response.body()) {
      relay(ctx, target, response, in);
    }
  }

  private HttpRequest request(Context ctx, URI target, ClientBody body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(settings.responseTimeout());
    Forwarding.requestHeaders(ctx, (name, value) -> {
      try {
        b.header(name, value);
      } catch (IllegalArgumentException refused) {
        log.debug("Not forwarding header {} to {}: {}", name, target, refused.getMessage());
      }
    });
    long length = contentLength(ctx);
    boolean hasBody = length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null);
    HttpRequest.BodyPublisher publisher;
    if (!hasBody) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else {
      StreamPublisher stream = new StreamPublisher(() -> body);
      publisher = length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length)
          : HttpRequest.BodyPublishers.fromPublisher(stream);
    }
    return b.method(ctx.method(), publisher).build();
  }

  private static long contentLength(Context ctx) {
    String v = ctx.header("Content-Length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1; // the server has refused malformed lengths already
    }
  }

  /** Copies the backend's status, headers and body to the client. */
  private void relay(Context ctx, URI target, HttpResponse<InputStream> response, InputStream in) throws Exception {
    int status = response.statusCode();
    HttpHeaders headers = response.headers();
    ctx.status(status);
    HopByHop hop = new HopByHop(headers.allValues("Connection"));
    String contentType = null;
    for (Map.Entry<String, List<String>> e : headers.map().entrySet()) {
      String name = e.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      if (hop.drops(name) || lower.equals("content-length") || lower.equals("date") || lower.startsWith(":")) {
        continue;
      }
      if (lower.equals("content-type")) {
        contentType = e.getValue().get(0);
        continue;
      }
      for (String value : e.getValue()) {
        String v = lower.equals("location") ? settings.rewriteLocation(value, ctx) : value;
        try {
          ctx.addHeader(name, v);
        } catch (IllegalArgumentException invalid) {
          log.debug("Not relaying header {} from {}: {}", name, target, invalid.getMessage());
        }
      }
    }
    long length = headers.firstValueAsLong("Content-Length").orElse(-1);
    String type = contentType == null ? "application/octet-stream" : contentType;
    if (ctx.method().equals("HEAD")) {
      if (length >= 0) {
        ctx.header("Content-Length", Long.toString(length));
      }
      ctx.stream(type).close(); // headers only; Eddy sends no body for HEAD
    } else if (status == 204 || status == 304) {
      return;
    } else if (length >= 0 && length <= SMALL) {
      ctx.bytes(readSmall(ctx, target, in, (int) length), type);
    } else {
      stream(ctx, target, in, ctx.stream(type));
    }
  }

  private byte[] readSmall(Context ctx, URI target, InputStream in, int length) throws Exception {
    try {
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw failure(ctx, target, null, e);
    }
  }

  /**
   * Copies the body as it comes, flushing whenever the backend pauses, so streams (SSE) stay live.
   * When the backend fails under way, the client's response is cut short (the status has gone out);
   * when the client leaves, the caller's closing of {@code in} lets go of the backend.
   */
  private void stream(Context ctx, URI target, InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[16384];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        log.warn("Proxy {} {} -> {}: the response body failed after it started ({}); cutting the client's response short",
            ctx.method(), Mount.basePath(ctx) + ctx.path(), target, e.toString());
        ((Exchange) ctx).abort();
        return;
      }
      try {
        if (n < 0) {
          out.close();
          return;
        }
        out.write(buf, 0, n);
        if (in.available() == 0) {
          out.flush();
        }
      } catch (IOException clientGone) {
        log.debug("Proxy {} {} -> {}: the client left during the response", ctx.method(), ctx.path(), target);
        return;
      }
    }
  }

  /**
   * Turns a failed exchange with the backend into the client's answer: the client's own failure
   * (its body was too large, or it went away) as it is, else 504 when the backend was too slow and
   * 502 when it could not be reached or broke the connection.
   */
  private Exception failure(Context ctx, URI target, ClientBody body, IOException e) {
    if (body != null && body.failure != null) {
      return body.failure;
    }
    if (e instanceof HttpConnectTimeoutException) {
      return GatewayError.of(ctx, target, 504, "no connection within " + settings.connectTimeout().toMillis() + " ms", e);
    }
    if (e instanceof HttpTimeoutException) {
      String why = e.getMessage() != null && e.getMessage().startsWith("No data") ? e.getMessage()
          : "no answer within " + settings.responseTimeout().toMillis() + " ms";
      return GatewayError.of(ctx, target, 504, why, e);
    }
    if (e instanceof ConnectException) {
      return GatewayError.of(ctx, target, 502, "connection refused", e);
    }
    return GatewayError.of(ctx, target, 502, "the connection failed: " + e, e);
  }

  /** ClientBody is the client's request body, remembering how it failed, so that is not blamed on the backend. */
  private static final class ClientBody extends InputStream {
    private final InputStream in;
    private volatile Exception failure;

    ClientBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        failure = e;
        throw e;
      }
    }
  }
}
