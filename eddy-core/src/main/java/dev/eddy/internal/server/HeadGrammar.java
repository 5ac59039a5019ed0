package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;

/**
 * HeadGrammar checks a request head for what Netty's parser lets through but RFC 9112 forbids:
 * bytes other than CRLF before the request line, a request line that is not exactly
 * {@code method SP target SP version CRLF}, a header line starting with whitespace (obs-fold),
 * and a bare LF. Netty's own checks cover the rest (control bytes in values, a space before the
 * colon, sizes).
 *
 * <p>It finds line ends with {@link ByteBuf#indexOf} (which compares eight bytes at a time) and
 * looks only at the request line's bytes and the first byte of each header line, so it costs
 * little per request. It resumes where it stopped when a head arrives in pieces. One instance
 * per connection; not thread-safe.
 */
final class HeadGrammar {
  /** Where to go on, relative to the reader index: the start of the first line not yet checked. */
  private int lineStart;
  private boolean requestLineDone;
  private String problem;

  /**
   * Checks the head at the start of {@code in}. Returns the index just past its blank line when
   * it is complete and valid (and resets for the next head); -1 when more bytes are needed; -2
   * when it is invalid (see {@link #problem()}).
   */
  int scan(ByteBuf in) {
    int base = in.readerIndex();
    int limit = in.writerIndex();
    int p = base + lineStart;
    if (!requestLineDone) {
      while (p + 1 < limit && in.getByte(p) == '\r' && in.getByte(p + 1) == '\n') {
        p += 2; // empty lines before the request line are allowed (RFC 9112 2.2)
      }
      int lf = in.indexOf(p, limit, (byte) '\n');
      if (lf < 0) {
        lineStart = p - base;
        return -1;
      }
      problem = requestLineProblem(in, p, lf);
      if (problem != null) {
        return -2;
      }
      requestLineDone = true;
      p = lf + 1;
    }
    while (p < limit) {
      byte first = in.getByte(p);
      if (first == '\r') {
        if (p + 1 >= limit) {
          break;
        }
        if (in.getByte(p + 1) != '\n') {
          return fail("Bare CR in the request head");
        }
        lineStart = 0;
        requestLineDone = false;
        return p + 2;
      }
      if (first == ' ' || first == '\t') {
        return fail("Obsolete line folding (a header line starting with whitespace) is not accepted");
      }
      int lf = in.indexOf(p, limit, (byte) '\n');
      if (lf < 0) {
        break;
      }
      if (in.getByte(lf - 1) != '\r') {
        return fail("Header lines must end with CRLF");
      }
      p = lf + 1;
    }
    lineStart = p - base;
    return -1;
  }

  /** Forgets a partly checked head (Netty takes over a head too long to wait for). */
  void reset() {
    lineStart = 0;
    requestLineDone = false;
  }

  String problem() {
    return problem;
  }

  private int fail(String why) {
    problem = why;
    return -2;
  }

  /** The request line in {@code [from, lf)}: two single spaces, visible bytes, CRLF. */
  private static String requestLineProblem(ByteBuf in, int from, int lf) {
    if (lf == from || in.getByte(lf - 1) != '\r') {
      return "The request line must end with CRLF";
    }
    int spaces = 0;
    byte previous = ' ';
    for (int i = from; i < lf - 1; i++) {
      byte c = in.getByte(i);
      if (c == ' ') {
        if (previous == ' ') {
          return i == from ? "Whitespace before the request method" : "Parts of the request line must be separated by exactly one space";
        }
        spaces++;
      } else if (c <= 0x20 || c == 0x7f) {
        return "Invalid character in the request line";
      }
      previous = c;
    }
    if (spaces != 2 || previous == ' ') {
      return "The request line must be: method SP target SP version";
    }
    return null;
  }
}
