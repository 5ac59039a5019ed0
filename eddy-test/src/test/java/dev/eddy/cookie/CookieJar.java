package dev.eddy.cookie;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CookieJar is a browser's cookie store, as far as tests need one: it keeps what {@code Set-Cookie}
 * headers say (a {@code Max-Age=0} deletes) and sends the cookies back, whatever their
 * {@code Secure} flag, so tests can also play a TLS proxy's client.
 */
public final class CookieJar {
  private final Map<String, String> cookies = new LinkedHashMap<>();

  /** Takes the response's {@code Set-Cookie} headers; returns the response. */
  public <T> HttpResponse<T> take(HttpResponse<T> response) {
    for (String header : setCookies(response)) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      if (header.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, pair.substring(eq + 1));
      }
    }
    return response;
  }

  /** Adds the {@code Cookie} header, if there are cookies. */
  public HttpRequest.Builder apply(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      StringBuilder b = new StringBuilder();
      cookies.forEach((n, v) -> b.append(b.isEmpty() ? "" : "; ").append(n).append('=').append(v));
      request.header("Cookie", b.toString());
    }
    return request;
  }

  public String get(String name) {
    return cookies.get(name);
  }

  public void put(String name, String value) {
    cookies.put(name, value);
  }

  public void remove(String name) {
    cookies.remove(name);
  }

  public boolean isEmpty() {
    return cookies.isEmpty();
  }

  public static List<String> setCookies(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie");
  }

  /** The whole {@code Set-Cookie} header for cookie {@code name}, or null. */
  public static String setCookie(HttpResponse<?> response, String name) {
    for (String h : setCookies(response)) {
      if (h.startsWith(name + "=")) {
        return h;
      }
    }
    return null;
  }
}
