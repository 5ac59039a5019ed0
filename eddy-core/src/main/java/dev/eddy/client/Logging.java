package dev.eddy.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging is an {@link Interceptor} that logs one line per request: method, URL, status and
 * time, or the failure ({@code GET http://users/1 -> 200 (12 ms)}). URLs are logged without
 * user info. Optionally it adds the headers, with {@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie} and {@code Set-Cookie} (and any named with {@link #redact}) shown as
 * {@code <redacted>}, and the start of the bodies. By default it writes to the SLF4J logger
 * {@code dev.eddy.client.Http} at INFO; {@link #to} sends the lines elsewhere.
 *
 * <p>Bodies are off by default. With {@link #bodies(int)} the request body is logged when it is in
 * memory, and the response body's first bytes are read before the response is handed on (so the
 * caller waits for them), then given back to the caller unchanged.
 */
public final class Logging implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger("dev.eddy.client.Http");
  private static final Set<String> ALWAYS_REDACTED = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private final Consumer<String> sink;
  private final boolean headers;
  private final int bodyBytes;
  private final Set<String> redacted;

  private Logging(Consumer<String> sink, boolean headers, int bodyBytes, Set<String> redacted) {
    this.sink = sink;
    this.headers = headers;
    this.bodyBytes = bodyBytes;
    this.redacted = redacted;
  }

  /** Method, URL, status and time, to SLF4J at INFO. */
  public static Logging create() {
    return new Logging(log::info, false, 0, ALWAYS_REDACTED);
  }

  /** The same, writing each line (without a line break) to {@code sink} instead. */
  public Logging to(Consumer<String> sink) {
    return new Logging(Objects.requireNonNull(sink, "sink"), headers, bodyBytes, redacted);
  }

  /** The same, with the request and response headers (sensitive ones redacted). */
  public Logging headers(boolean on) {
    return new Logging(sink, on, bodyBytes, redacted);
  }

  /** The same, with at most {@code maxBytes} of each body (0: none, the default). */
  public Logging bodies(int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
    }
    return new Logging(sink, headers, maxBytes, redacted);
  }

  /** The same, also redacting these headers. */
  public Logging redact(String... names) {
    Set<String> more = new TreeSet<>(redacted);
    for (String n : names) {
      more.add(n.toLowerCase(Locale.ROOT));
    }
    return new Logging(sink, headers, bodyBytes, Set.copyOf(more));
  }

  @Override
  public Response intercept(Chain chain) throws IOException, InterruptedException {
    Request request = chain.request();
    String target = request.method() + " " + withoutUserInfo(request.uri());
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException | InterruptedException | RuntimeException e) {
      sink.accept(target + " failed after " + millis(start) + " ms: " + e);
      throw e;
    }
    StringBuilder line = new StringBuilder(target).append(" -> ").append(response.status())
        .append(" (").append(millis(start)).append(" ms)");
    if (headers) {
      line.append("\n  request headers: ").append(describe(request.headers()));
      line.append("\n  response headers: ").append(describe(response.headers()));
    }
    if (bodyBytes > 0 && request.body() != null) {
      byte[] sent = request.body().bytes();
      line.append("\n  request body: ").append(sent == null ? "(streamed)" : snippet(sent, sent.length));
    }
    if (bodyBytes > 0) {
      InputStream body = response.body();
      byte[] first = body.readNBytes(bodyBytes + 1); // one more tells whether there is more
      line.append("\n  response body: ").append(snippet(first, first.length));
      response = response.withBody(new SequenceInputStream(new ByteArrayInputStream(first), body));
    }
    sink.accept(line.toString());
    return response;
  }

  private String describe(Map<String, List<String>> all) {
    StringBuilder sb = new StringBuilder("{");
    all.forEach((name, values) -> {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(name).append('=').append(redacted.contains(name.toLowerCase(Locale.ROOT)) ? "<redacted>" : values);
    });
    return sb.append('}').toString();
  }

  private String snippet(byte[] bytes, int length) {
    String text = new String(bytes, 0, Math.min(length, bodyBytes), StandardCharsets.UTF_8);
    return text.replaceAll("\\p{Cntrl}", " ") + (length > bodyBytes ? "..." : "");
  }

  private static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public String name() {
    return "Logging";
  }
}
