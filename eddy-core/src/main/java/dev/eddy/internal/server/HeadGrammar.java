package dev.eddy.internal.server;

import io.netty.buffer.ByteBuf;

/**
 * HeadGrammar checks a request head (request line and header fields, up to the blank line)
 * against RFC 9112's grammar. It returns what is wrong, or null.
 */
final class HeadGrammar {
  private HeadGrammar() {}

  static String problem(ByteBuf b, int from, int end) {
    int i = from;
    while (i + 1 < end && b.getByte(i) == '\r' && b.getByte(i + 1) == '\n') {
      i += 2; // leading empty lines
    }
    // request-line = method SP request-target SP HTTP-version CRLF
    int methodStart = i;
    while (i < end && isTchar(b.getByte(i))) {
      i++;
    }
    if (i == methodStart) {
      return "Invalid bytes before the request method";
    }
    if (b.getByte(i++) != ' ') {
      return "The request method must be followed by exactly one space";
    }
    int targetStart = i;
    while (i < end && isVisible(b.getByte(i))) {
      i++;
    }
    if (i == targetStart) {
      return "Missing request target, or more than one space before it";
    }
    if (b.getByte(i++) != ' ') {
      return "The request target must be followed by exactly one space";
    }
    if (!isVersion(b, i, end)) {
      return "Invalid HTTP version in the request line";
    }
    i += 8;
    if (b.getByte(i) != '\r' || b.getByte(i + 1) != '\n') {
      return "The request line must end with CRLF";
    }
    i += 2;
    // field-line = field-name ":" OWS field-value OWS CRLF, until the empty line
    while (i < end) {
      byte first = b.getByte(i);
      if (first == '\r' && i + 1 < end && b.getByte(i + 1) == '\n') {
        return null; // the blank line: the head is over
      }
      if (first == ' ' || first == '\t') {
        return "Obsolete line folding (a header line starting with whitespace) is not accepted";
      }
      int nameStart = i;
      while (i < end && isTchar(b.getByte(i))) {
        i++;
      }
      if (i == nameStart || i >= end || b.getByte(i) != ':') {
        return "Invalid header field name (no whitespace or other separators before the colon)";
      }
      i++;
      while (i < end && b.getByte(i) != '\r') {
        byte c = b.getByte(i);
        if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7f) {
          return "Control character in a header value";
        }
        i++;
      }
      if (i + 1 >= end || b.getByte(i + 1) != '\n') {
        return "Header lines must end with CRLF";
      }
      i += 2;
    }
    return null;
  }

  private static boolean isVersion(ByteBuf b, int i, int end) {
    return i + 8 <= end && b.getByte(i) == 'H' && b.getByte(i + 1) == 'T' && b.getByte(i + 2) == 'T'
        && b.getByte(i + 3) == 'P' && b.getByte(i + 4) == '/' && isDigit(b.getByte(i + 5))
        && b.getByte(i + 6) == '.' && isDigit(b.getByte(i + 7));
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
