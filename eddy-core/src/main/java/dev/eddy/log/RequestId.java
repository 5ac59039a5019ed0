package dev.eddy.log;

import dev.eddy.Context;
import dev.eddy.Key;
import dev.eddy.Middleware;
import dev.eddy.Next;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * RequestId gives every request an id: echoed in a response header ({@code X-Request-Id} by
 * default) and available to handlers as {@link #of(Context)} (the {@link #KEY} attribute), so
 * their log lines and calls to other services can carry it. {@link AccessLog} shows it.
 *
 * <pre>{@code
 * app.use(RequestId.generated());                       // always a fresh id
 * app.use(RequestId.generated().trustIncoming(true));   // behind a proxy that sets X-Request-Id
 * }</pre>
 *
 * <p>An id from the request is used only when {@link #trustIncoming} says so (only behind a proxy
 * that sets or strips the header: clients can send anything) and it is well-formed: 1 to 128 of
 * {@code A-Z a-z 0-9 . _ : + / = @ -}, nothing that could forge a log line. Otherwise the id is 32
 * random hex digits (128 bits).
 */
public final class RequestId implements Middleware {
  /** The request's id, for handlers and other middleware. */
  public static final Key<String> KEY = Key.of("requestId");
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:+/=@-]{1,128}");

  private final String header;
  private final boolean trustIncoming;

  private RequestId(String header, boolean trustIncoming) {
    this.header = header;
    this.trustIncoming = trustIncoming;
  }

  /** Fresh ids, echoed in {@code X-Request-Id}; incoming ids are not trusted. */
  public static RequestId generated() {
    return new RequestId("X-Request-Id", false);
  }

  /** The header the id is read from (when trusted) and echoed in. */
  public RequestId header(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("Invalid header name '" + name + "'");
    }
    return new RequestId(name, trustIncoming);
  }

  /** Whether a well-formed id in the request header is kept instead of a fresh one. */
  public RequestId trustIncoming(boolean trust) {
    return new RequestId(header, trust);
  }

  /** The id of this request, or null when no RequestId middleware ran. */
  public static String of(Context ctx) {
    return ctx.attr(KEY);
  }

  /** Whether {@code id} would be accepted from a trusted header. */
  public static boolean wellFormed(String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  /** 32 random hex digits. */
  public static String fresh() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
  }

  @Override
  public void handle(Context ctx, Next next) throws Exception {
    String incoming = trustIncoming ? ctx.header(header) : null;
    String id = wellFormed(incoming) ? incoming : fresh();
    ctx.attr(KEY, id);
    ctx.header(header, id);
    next.run();
  }
}
