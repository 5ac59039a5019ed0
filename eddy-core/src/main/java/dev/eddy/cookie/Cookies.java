package dev.eddy.cookie;

import dev.eddy.Context;
import dev.eddy.Key;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cookies are a request's cookies, parsed once per request by Netty's RFC 6265 decoder, and the
 * way to set cookies on its response:
 *
 * <pre>{@code
 * String theme = Cookies.of(ctx).get("theme");
 * Cookies.of(ctx).set(Cookie.of("theme", "dark").path("/").httpOnly(true));
 * String user = Cookies.of(ctx).signed("user", keys);          // null if absent or tampered
 * Cookies.of(ctx).setSigned(Cookie.of("user", "ada").path("/"), keys);
 * }</pre>
 *
 * {@link #of} parses strictly: a cookie whose name or value breaks RFC 6265 is left out (the
 * others still count). {@link #lax} also keeps values with spaces, quotes and the like, for cookies
 * other software wrote. Names are case-sensitive; a name sent twice (say for two paths) keeps
 * both values, most specific first as browsers send them. Malformed headers never throw. Cookies
 * set on the response are not seen here: this is the request as it came.
 */
public final class Cookies {
  private static final Key<Cookies> STRICT = Key.of("eddy.cookies.strict");
  private static final Key<Cookies> LAX = Key.of("eddy.cookies.lax");

  private final Context ctx;
  private final Map<String, List<String>> values;

  private Cookies(Context ctx, Map<String, List<String>> values) {
    this.ctx = ctx;
    this.values = values;
  }

  /** The request's cookies, parsed strictly (RFC 6265 names and values only). */
  public static Cookies of(Context ctx) {
    return cached(ctx, STRICT, ServerCookieDecoder.STRICT);
  }

  /** The request's cookies, parsed leniently: values that break RFC 6265 are kept too. */
  public static Cookies lax(Context ctx) {
    return cached(ctx, LAX, ServerCookieDecoder.LAX);
  }

  private static Cookies cached(Context ctx, Key<Cookies> key, ServerCookieDecoder decoder) {
    Objects.requireNonNull(ctx, "ctx");
    Cookies cookies = ctx.attr(key);
    if (cookies == null) {
      cookies = new Cookies(ctx, parse(ctx.headers("Cookie"), decoder));
      ctx.attr(key, cookies);
    }
    return cookies;
  }

  /**
   * Parses {@code Cookie} header values into name to values, in order. Never throws: what the
   * decoder can't read is skipped.
   */
  static Map<String, List<String>> parse(List<String> headers, ServerCookieDecoder decoder) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String header : headers) {
      for (io.netty.handler.codec.http.cookie.Cookie c : decode(header, decoder)) {
        out.computeIfAbsent(c.name(), n -> new ArrayList<>(1)).add(c.value());
      }
    }
    out.replaceAll((name, list) -> Collections.unmodifiableList(list));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Netty's decoder throws for a name that is blank once trimmed ({@code Cookie: a=1; \t=2}, found
   * by CookieFuzzTest). Then each {@code ;}-separated pair is decoded on its own and the ones it
   * refuses are skipped, so one bad pair does not hide the others. (Cookie values can't hold
   * {@code ;}, quoted or not, so the split is safe.)
   */
  private static List<io.netty.handler.codec.http.cookie.Cookie> decode(String header, ServerCookieDecoder decoder) {
    try {
      return decoder.decodeAll(header);
    } catch (IllegalArgumentException badPair) {
      List<io.netty.handler.codec.http.cookie.Cookie> kept = new ArrayList<>();
      for (String pair : header.split(";")) {
        try {
          kept.addAll(decoder.decodeAll(pair));
        } catch (IllegalArgumentException skipped) {
          // a pair Netty can't make a cookie of
        }
      }
      return kept;
    }
  }

  /** The first value of cookie {@code name}, or null. */
  public String get(String name) {
    List<String> list = values.get(name);
    return list == null ? null : list.get(0);
  }

  /** Every value of cookie {@code name}, in the order sent; empty if absent. */
  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** The names of the cookies sent, in order. */
  public Set<String> names() {
    return values.keySet();
  }

  /**
   * The value of cookie {@code name} if it carries a valid signature from {@code keys}, else null:
   * an unsigned, tampered or foreign value counts as absent. With several cookies of that name,
   * the first that verifies.
   */
  public String signed(String name, SigningKeys keys) {
    Objects.requireNonNull(keys, "keys");
    for (String v : all(name)) {
      String value = keys.verify(name, v);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Adds a {@code Set-Cookie} header for {@code cookie} to the response. */
  public Cookies set(Cookie cookie) {
    ctx.addHeader("Set-Cookie", cookie.toHeader());
    return this;
  }

  /** Sets {@code cookie} with its value signed by the newest of {@code keys}. */
  public Cookies setSigned(Cookie cookie, SigningKeys keys) {
    return set(cookie.value(keys.sign(cookie.name(), cookie.value())));
  }

  /**
   * Tells the browser to delete cookie {@code name}; {@code path} and {@code domain} (null when the
   * cookie had none) must be those it was set with, or the browser keeps it.
   */
  public Cookies delete(String name, String path, String domain) {
    return set(Cookie.expired(name).path(path).domain(domain));
  }
}
