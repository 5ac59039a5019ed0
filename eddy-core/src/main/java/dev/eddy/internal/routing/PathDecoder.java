package dev.eddy.internal.routing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PathDecoder splits a request path into segments and percent-decodes each one, once. It splits
 * before decoding, so {@code %2F} stays inside its segment, and leaves {@code +} alone (it is a
 * space only in forms). Bad escapes and invalid UTF-8 throw {@link IllegalArgumentException}.
 */
public final class PathDecoder {
  private static final String[] ROOT = {""};

  private PathDecoder() {}

  /** Splits {@code /a/b%20c/} into {@code [a, b c, ""]}; {@code path} starts with '/'. */
  public static String[] segments(String path) {
    if (path.length() == 1) {
      return ROOT;
    }
    int count = 1;
    for (int i = 1; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    String[] out = new String[count];
    int start = 1;
    for (int k = 0; k < count; k++) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      out[k] = decode(path, start, end);
      start = end + 1;
    }
    return out;
  }

  /** Decodes {@code s[from, to)}; returns the raw substring when there is no '%'. */
  public static String decode(String s, int from, int to) {
    int pct = s.indexOf('%', from);
    if (pct < 0 || pct >= to) {
      return s.substring(from, to);
    }
    byte[] bytes = new byte[to - from];
    int n = 0;
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          throw new IllegalArgumentException("Truncated percent-escape in path");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("Invalid percent-escape '" + s.substring(i, i + 3) + "' in path");
        }
        byte b = (byte) ((hi << 4) | lo);
        ascii &= b >= 0;
        bytes[n++] = b;
        i += 2;
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
      } else {
        // Netty decodes the request line as ISO-8859-1; raw non-ASCII bytes are not valid in a URI.
        throw new IllegalArgumentException("Raw non-ASCII byte in path; percent-encode it");
      }
    }
    if (ascii) {
      return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Arrays.copyOf(bytes, n)));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Percent-encoded path is not valid UTF-8");
    }
  }
}
