package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * HeadGrammar checks a request head (request line and header fields, up to the blank line)
 * against RFC 9112's grammar in one pass over the buffer, as a state machine fed by
 * {@link ByteBuf#forEachByte}: no per-byte bounds checks, no copies. One instance per connection,
 * reused for every request; not thread-safe.
 */
final class HeadGrammar implements ByteProcessor {
  private static final int LEADING = 0, LEADING_LF = 1, METHOD = 2, TARGET_START = 3, TARGET = 4,
      VERSION = 5, LINE_LF = 6, FIELD_START = 7, FIELD_NAME = 8, FIELD_VALUE = 9, FIELD_LF = 10,
      END_LF = 11;
  private static final byte[] HTTP = {'H', 'T', 'T', 'P', '/'};

  private int state = LEADING;
  private int versionPos;
  /** Bytes of this head already scanned; a head that arrives in pieces is not rescanned. */
  private int scanned;
  private String problem;

  /**
   * Scans the head at the start of {@code in}, resuming where the last call stopped. Returns the
   * index just past the blank line when the head is complete and valid (and resets for the next
   * head); -1 when more bytes are needed; -2 when it is invalid (see {@link #problem()}).
   */
  int scan(ByteBuf in) {
    int from = in.readerIndex() + scanned;
    int end = in.forEachByte(from, in.writerIndex() - from, this);
    if (problem != null) {
      return -2;
    }
    if (end < 0) {
      scanned = in.readableBytes();
      return -1;
    }
    state = LEADING;
    scanned = 0;
    return end + 1;
  }

  /** Forgets a partly scanned head (Netty takes over a head too long to wait for). */
  void reset() {
    state = LEADING;
    scanned = 0;
  }

  String problem() {
    return problem;
  }

  @Override
  public boolean process(byte c) {
    switch (state) {
      case LEADING -> {
        if (c == '\r') {
          state = LEADING_LF; // empty lines before the request line are allowed (RFC 9112 2.2)
        } else if (isTchar(c)) {
          state = METHOD;
        } else {
          return fail("Invalid bytes before the request method");
        }
      }
      case LEADING_LF -> {
        if (c != '\n') {
          return fail("Bare CR before the request line");
        }
        state = LEADING;
      }
      case METHOD -> {
        if (c == ' ') {
          state = TARGET_START;
        } else if (!isTchar(c)) {
          return fail("The request method must be followed by exactly one space");
        }
      }
      case TARGET_START -> {
        if (!isVisible(c)) {
          return fail("Missing request target, or more than one space before it");
        }
        state = TARGET;
      }
      case TARGET -> {
        if (c == ' ') {
          state = VERSION;
          versionPos = 0;
        } else if (!isVisible(c)) {
          return fail("Invalid character in the request target");
        }
      }
      case VERSION -> {
        int p = versionPos++;
        boolean ok = p < 5 ? c == HTTP[p] : p == 6 ? c == '.' : p == 5 || p == 7 ? isDigit(c) : p == 8 && c == '\r';
        if (!ok) {
          return fail(p == 8 ? "The request line must end with CRLF" : "Invalid HTTP version in the request line");
        }
        if (p == 8) {
          state = LINE_LF;
        }
      }
      case LINE_LF, FIELD_LF -> {
        if (c != '\n') {
          return fail("Lines must end with CRLF");
        }
        state = FIELD_START;
      }
      case FIELD_START -> {
        if (c == '\r') {
          state = END_LF;
        } else if (c == ' ' || c == '\t') {
          return fail("Obsolete line folding (a header line starting with whitespace) is not accepted");
        } else if (isTchar(c)) {
          state = FIELD_NAME;
        } else {
          return fail("Invalid header field name");
        }
      }
      case FIELD_NAME -> {
        if (c == ':') {
          state = FIELD_VALUE;
        } else if (!isTchar(c)) {
          return fail("Invalid header field name (no whitespace or other separators before the colon)");
        }
      }
      case FIELD_VALUE -> {
        if (c == '\r') {
          state = FIELD_LF;
        } else if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7f) {
          return fail("Control character in a header value");
        }
      }
      case END_LF -> {
        if (c != '\n') {
          return fail("Lines must end with CRLF");
        }
        return false; // the blank line: the head is complete
      }
      default -> throw new IllegalStateException("state " + state);
    }
    return true;
  }

  private boolean fail(String why) {
    problem = why;
    return false;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** Visible ASCII (VCHAR): what a request target may contain. */
  private static boolean isVisible(byte c) {
    return c > 0x20 && c < 0x7f;
  }

  /** tchar from RFC 9110: what a method or a field name may contain. */
  private static boolean isTchar(byte c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return switch (c) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }
}
