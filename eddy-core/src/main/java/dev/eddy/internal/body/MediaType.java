package dev.eddy.internal.body;

import dev.eddy.HttpException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * MediaType is a parsed {@code Content-Type}: the type in lower case and its parameters (names in
 * lower case, quotes removed). Parsing is lenient about spacing and never throws: a parameter that
 * can't be read is skipped.
 *
 * @param mime {@code type/subtype}, such as {@code multipart/form-data}
 * @param params the parameters, such as {@code charset} and {@code boundary}
 */
public record MediaType(String mime, Map<String, String> params) {

  /** Parses a header value; null for null. */
  public static MediaType parse(String header) {
    if (header == null) {
      return null;
    }
    int semi = header.indexOf(';');
    String mime = (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    int i = semi;
    while (i >= 0 && i < header.length()) {
      int eq = header.indexOf('=', i + 1);
      if (eq < 0) {
        break;
      }
      String name = header.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      while (j < header.length() && header.charAt(j) == ' ') {
        j++;
      }
      StringBuilder value = new StringBuilder();
      if (j < header.length() && header.charAt(j) == '"') {
        j++;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j);
          }
          value.append(c);
          j++;
        }
        int next = header.indexOf(';', j);
        i = next;
      } else {
        int next = header.indexOf(';', j);
        value.append(header, j, next < 0 ? header.length() : next);
        i = next;
      }
      if (!name.isEmpty()) {
        params.putIfAbsent(name, value.toString().trim());
      }
    }
    return new MediaType(mime, Map.copyOf(params));
  }

  /** Whether the type is {@code mime} (lower case). */
  public boolean is(String mime) {
    return this.mime.equals(mime);
  }

  /**
   * The {@code charset} parameter, or {@code fallback} without one. Throws {@link HttpException}
   * 415 naming a charset Java does not know.
   */
  public Charset charset(Charset fallback) {
    String name = params.get("charset");
    if (name == null || name.isEmpty()) {
      return fallback;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new HttpException(415, "Unsupported charset '" + name + "'");
    }
  }

  /** Shows a client's header value in a message: quoted, at most 100 characters, no controls. */
  public static String quote(String header) {
    if (header == null) {
      return "none";
    }
    String s = header.replaceAll("\\p{Cntrl}", "?");
    return "'" + (s.length() > 100 ? s.substring(0, 100) + "..." : s) + "'";
  }
}
