package dev.eddy.internal.body;

import dev.eddy.HttpException;
import dev.eddy.body.FormLimits;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FormDecoder parses {@code application/x-www-form-urlencoded} bytes as the WHATWG URL standard
 * does (only {@code &} separates pairs, the first {@code =} splits a pair, {@code +} is a space,
 * empty pairs are skipped), but strictly: a {@code %} not followed by two hex digits, or bytes that
 * are not valid in the charset, are a 400 rather than passed through, since a form the client did
 * not mean to send is worse than none. Netty's QueryStringDecoder is not used because it also
 * splits on {@code ;} and silently drops fields past its parameter limit.
 */
public final class FormDecoder {
  private FormDecoder() {}

  /**
   * Decodes a whole form body into its fields, each with its values in order. Throws
   * {@link HttpException} 400 for a malformed body and 413 past a limit (not {@code maxBytes},
   * which the reader checks as it reads).
   */
  public static Map<String, List<String>> decode(byte[] body, Charset charset, FormLimits limits) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    int count = 0;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        if (++count > limits.maxFields()) {
          throw new HttpException(413, "Form has more than " + limits.maxFields() + " fields (maxFields)");
        }
        int eq = indexOf(body, (byte) '=', start, end);
        String name = decodePart(body, start, eq, charset, limits, null);
        String value = eq < end ? decodePart(body, eq + 1, end, charset, limits, name) : "";
        fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    fields.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return frozen;
  }

  /** The index of {@code c} in {@code b[from, to)}, or {@code to}. */
  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return to;
  }

  /** Decodes one name ({@code field} null) or the value of {@code field}. */
  private static String decodePart(byte[] b, int from, int to, Charset charset, FormLimits limits, String field) {
    if (to - from > limits.maxFieldBytes()) {
      String what = field == null ? "A form field name" : "Form field '" + shorten(field) + "'";
      throw new HttpException(413, what + " is larger than " + limits.maxFieldBytes() + " bytes (maxFieldBytes)");
    }
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '+') {
        out[n++] = ' ';
      } else if (c == '%') {
        int hi = i + 2 < to ? hex(b[i + 1]) : -1;
        int lo = hi >= 0 ? hex(b[i + 2]) : -1;
        if (lo < 0) {
          String where = field == null ? "a field name" : "field '" + shorten(field) + "'";
          throw new HttpException(400, "Malformed form body: '%' not followed by two hex digits in " + where
              + " at byte " + i);
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else {
        out[n++] = c;
      }
    }
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      String where = field == null ? "A form field name" : "Form field '" + shorten(field) + "'";
      throw new HttpException(400, "Malformed form body: " + where + " is not valid " + charset.name());
    }
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** A client's field name, fit for a message: at most 60 characters, no control characters. */
  static String shorten(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
