package dev.eddy.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Request is one HTTP request as the {@link Http} client sends it: immutable, so an
 * {@link Interceptor} changes it by making a new one ({@code request.withHeader("X-Trace", id)}).
 * Header names are case-insensitive.
 */
public final class Request {
  /** Headers the JDK's client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final RequestBody body;
  private final Duration timeout;

  Request(String method, URI uri, Map<String, List<String>> headers, RequestBody body, Duration timeout) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.timeout = timeout;
  }

  static Request of(String method, URI uri, Duration timeout) {
    checkMethod(method);
    checkUri(uri);
    return new Request(method, uri, Collections.unmodifiableMap(new TreeMap<>(String.CASE_INSENSITIVE_ORDER)), null, timeout);
  }

  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  /** Every header, by name (case-insensitive), each with its values in order. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body, or null for none. */
  public RequestBody body() {
    return body;
  }

  /** How long to wait for the response headers. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether it can be sent again: it has no body or a replayable one. (Whether that is safe depends on the method.) */
  public boolean replayable() {
    return body == null || body.replayable();
  }

  /** This request with {@code name} set to {@code value}, replacing earlier values. */
  public Request withHeader(String name, String value) {
    checkHeader(name, value);
    Map<String, List<String>> copy = copyHeaders();
    copy.put(name, List.of(value));
    return new Request(method, uri, Collections.unmodifiableMap(copy), body, timeout);
  }

  /** This request with one more value for {@code name}. */
  public Request addHeader(String name, String value) {
    checkHeader(name, value);
    Map<String, List<String>> copy = copyHeaders();
    List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
    values.add(value);
    copy.put(name, List.copyOf(values));
    return new Request(method, uri, Collections.unmodifiableMap(copy), body, timeout);
  }

  /** This request without {@code name}. */
  public Request withoutHeader(String name) {
    Map<String, List<String>> copy = copyHeaders();
    copy.remove(name);
    return new Request(method, uri, Collections.unmodifiableMap(copy), body, timeout);
  }

  public Request withUri(URI uri) {
    checkUri(uri);
    return new Request(method, uri, headers, body, timeout);
  }

  /** This request with {@code body} (null for none). */
  public Request withBody(RequestBody body) {
    return new Request(method, uri, headers, body, timeout);
  }

  public Request withTimeout(Duration timeout) {
    return new Request(method, uri, headers, body, checkTimeout(timeout));
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }

  private Map<String, List<String>> copyHeaders() {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    return copy;
  }

  static void checkMethod(String method) {
    if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new IllegalArgumentException("Invalid method '" + method + "': use an upper-case name such as GET");
    }
  }

  static void checkUri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("Expected an absolute http or https URI, got '" + uri + "'");
    }
  }

  static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("A timeout must be positive, got " + timeout);
    }
    return timeout;
  }

  static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(Request::isTokenChar)) {
      throw new IllegalArgumentException("Invalid header name '" + name + "'");
    }
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("The client sets " + name + " itself; it can't be set on a request");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        throw new IllegalArgumentException("Invalid character in the value of header '" + name + "'");
      }
    }
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
