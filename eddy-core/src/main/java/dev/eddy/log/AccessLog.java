package dev.eddy.log;

import dev.eddy.Context;
import dev.eddy.Middleware;
import dev.eddy.Next;
import dev.eddy.internal.app.Exchange;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AccessLog writes one line per request, once its response is final (a stage completed, a stream
 * closed), with the status actually sent. Register it first so it sees everything, errors and 404s
 * included:
 *
 * <pre>{@code
 * app.use(AccessLog.dev());                              // GET /hello 200 1.2 ms 13 B
 * app.use(AccessLog.combined().to(lines::add));          // Apache combined, to your sink
 * app.use(AccessLog.custom(e -> e.method() + " " + e.status()));
 * }</pre>
 *
 * <p>By default lines go to the SLF4J logger {@code dev.eddy.access} at INFO. A sink runs on the
 * thread that finished the response, which may be an event loop: it must be quick and must not
 * block (hand lines to a queue if writing them is slow). Header values (Referer, User-Agent) are
 * escaped, so a client can't forge a line. Server-Sent Event streams are logged when they open.
 */
public final class AccessLog implements Middleware {
  private static final Logger DEFAULT = LoggerFactory.getLogger("dev.eddy.access");
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  /**
   * Entry is one finished request.
   *
   * @param time when the request reached this middleware
   * @param remote the client's IP address
   * @param method the request method
   * @param target the request target as sent (path and query, percent-encoded)
   * @param protocol {@code HTTP/1.1} or {@code HTTP/1.0}
   * @param status the status sent
   * @param bytes body bytes sent, -1 when not known (a stream); 0 for HEAD
   * @param duration from this middleware to the final response
   * @param referer the Referer header, or null
   * @param userAgent the User-Agent header, or null
   * @param requestId the {@link RequestId} of the request, or null
   */
  public record Entry(Instant time, String remote, String method, String target, String protocol, int status,
                      long bytes, Duration duration, String referer, String userAgent, String requestId) {}

  private final Function<Entry, String> format;
  private final Consumer<String> sink;

  private AccessLog(Function<Entry, String> format, Consumer<String> sink) {
    this.format = format;
    this.sink = sink;
  }

  /** Short lines for development: {@code GET /static/app.js 200 3.1 ms 12.0 kB [id]}. */
  public static AccessLog dev() {
    return new AccessLog(AccessLog::devLine, DEFAULT::info);
  }

  /** The Apache/NCSA combined format, which log tools read. */
  public static AccessLog combined() {
    return new AccessLog(AccessLog::combinedLine, DEFAULT::info);
  }

  /** Lines made by {@code format}. */
  public static AccessLog custom(Function<Entry, String> format) {
    return new AccessLog(Objects.requireNonNull(format, "format"), DEFAULT::info);
  }

  /** Sends lines to {@code sink} instead of the logger (quick, non-blocking; see above). */
  public AccessLog to(Consumer<String> sink) {
    return new AccessLog(format, Objects.requireNonNull(sink, "sink"));
  }

  /** Sends lines to {@code logger} at INFO. */
  public AccessLog to(Logger logger) {
    Objects.requireNonNull(logger, "logger");
    return new AccessLog(format, logger::info);
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    Exchange ex = (Exchange) ctx;
    Instant time = Instant.now();
    long start = System.nanoTime();
    AtomicBoolean logged = new AtomicBoolean();
    Runnable log = () -> {
      if (!logged.compareAndSet(false, true)) {
        return;
      }
      long bytes = ctx.method().equals("HEAD") ? 0 : ex.responseLength();
      Entry e = new Entry(time, remote(ctx), ctx.method(), ex.target(), ex.protocol(), ctx.status(), bytes,
          Duration.ofNanos(System.nanoTime() - start), ctx.header("Referer"), ctx.header("User-Agent"),
          RequestId.of(ctx));
      sink.accept(format.apply(e));
    };
    ex.onDone(log);
    try {
      next.run();
    } finally {
      String type = ctx.responseHeader("Content-Type");
      if (ex.committed() && type != null && type.startsWith("text/event-stream")) {
        log.run(); // an event stream stays open; log it as it opens
      }
    }
  }

  private static String remote(Context ctx) {
    InetSocketAddress a = ctx.remoteAddress();
    return a == null || a.getAddress() == null ? "-" : a.getAddress().getHostAddress();
  }

  static String devLine(Entry e) {
    StringBuilder b = new StringBuilder(96);
    b.append(e.method()).append(' ').append(escape(e.target())).append(' ').append(e.status()).append(' ');
    b.append(String.format(Locale.ROOT, "%.1f ms", e.duration().toNanos() / 1e6));
    b.append(' ').append(size(e.bytes()));
    if (e.requestId() != null) {
      b.append(" [").append(e.requestId()).append(']');
    }
    return b.toString();
  }

  static String combinedLine(Entry e) {
    return e.remote() + " - - [" + CLF_TIME.format(e.time().atZone(ZoneId.systemDefault())) + "] \""
        + escape(e.method()) + ' ' + escape(e.target()) + ' ' + e.protocol() + "\" " + e.status() + ' '
        + (e.bytes() > 0 ? Long.toString(e.bytes()) : "-") + " \"" + quoted(e.referer()) + "\" \""
        + quoted(e.userAgent()) + '"';
  }

  private static String size(long bytes) {
    if (bytes < 0) {
      return "-";
    }
    if (bytes < 1000) {
      return bytes + " B";
    }
    return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static String quoted(String value) {
    return value == null ? "-" : escape(value);
  }

  /** Escapes quotes, backslashes, control and non-ASCII characters as Apache does ({@code \xhh}). */
  static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      if (plain) {
        if (b != null) {
          b.append(c);
        }
        continue;
      }
      if (b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else {
        b.append(String.format(Locale.ROOT, c > 0xff ? "\\u%04x" : "\\x%02x", (int) c));
      }
    }
    return b == null ? s : b.toString();
  }
}
