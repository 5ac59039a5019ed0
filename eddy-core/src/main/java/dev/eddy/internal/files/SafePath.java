package dev.eddy.internal.files;

import dev.eddy.HttpException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SafePath turns the percent-encoded rest of a request path (what a {@code *} route matched) into
 * file name segments that can only name something below a root. It decodes each segment exactly
 * once, as strict UTF-8 (so {@code %252e} stays the name {@code %2e} and overlong forms such as
 * {@code %c0%ae} are malformed), and refuses any segment that a file system could read as a step
 * outside: empty ({@code //}, a leading {@code /}), {@code .} and {@code ..}, one holding {@code /},
 * {@code \}, {@code :} (drive letters, NTFS streams), NUL or another control character, one ending
 * in a dot or a space (Windows drops those), and dotfiles unless allowed.
 *
 * <p>Refusals throw {@link HttpException}: 400 for a malformed encoding, 404 for a name that will
 * never be served (the same answer as a missing file, so nothing is revealed).
 *
 * @param segments the decoded names, root first; empty for the root itself
 * @param directory whether the path ended with '/' (or was empty): it names a directory
 */
public record SafePath(List<String> segments, boolean directory) {
  /** Most segments in a path; deeper paths are refused (404). */
  public static final int MAX_SEGMENTS = 32;
  /** Longest segment, in UTF-8 bytes (the usual file name limit). */
  public static final int MAX_SEGMENT_BYTES = 255;

  public SafePath {
    segments = List.copyOf(segments);
  }

  /** Parses the raw rest of a path; {@code dotfiles} allows names starting with '.'. */
  public static SafePath parse(String raw, boolean dotfiles) {
    List<String> out = new ArrayList<>();
    if (raw.isEmpty()) {
      return new SafePath(out, true);
    }
    int start = 0;
    while (true) {
      int end = raw.indexOf('/', start);
      boolean last = end < 0;
      if (last) {
        end = raw.length();
      }
      if (start == end) {
        if (last) {
          return new SafePath(out, true); // a trailing '/'
        }
        throw notFound(); // '//' or a leading '/'
      }
      if (out.size() == MAX_SEGMENTS) {
        throw notFound();
      }
      out.add(checkName(decode(raw, start, end), dotfiles));
      if (last) {
        return new SafePath(out, false);
      }
      start = end + 1;
    }
  }

  /** This path with one more segment, such as the index file of a directory. */
  public SafePath child(String name) {
    List<String> more = new ArrayList<>(segments);
    more.add(name);
    return new SafePath(more, false);
  }

  /** The last segment, or "" for the root. */
  public String name() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  /** The segments joined with '/'. */
  public String relative() {
    return String.join("/", segments);
  }

  private static String checkName(String name, boolean dotfiles) {
    if (name.equals(".") || name.equals("..") || (!dotfiles && name.charAt(0) == '.')) {
      throw notFound();
    }
    char lastChar = name.charAt(name.length() - 1);
    if (lastChar == '.' || lastChar == ' ') {
      throw notFound();
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '/' || c == '\\' || c == ':') {
        throw notFound();
      }
    }
    return name;
  }

  /** Percent-decodes {@code raw[from, to)} once, as strict UTF-8. */
  private static String decode(String raw, int from, int to) {
    byte[] bytes = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          throw malformed("a truncated percent-escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw malformed("an invalid percent-escape");
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c > 0x20 && c < 0x7f) {
        bytes[n++] = (byte) c;
      } else {
        throw malformed("a character that must be percent-encoded");
      }
      if (n > MAX_SEGMENT_BYTES) {
        throw notFound();
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("bytes that are not UTF-8");
    }
  }

  private static HttpException notFound() {
    return new HttpException(404, "Not Found");
  }

  private static HttpException malformed(String what) {
    return new HttpException(400, "Malformed path: " + what);
  }
}
