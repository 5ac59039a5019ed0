package dev.eddy.internal.server;

import io.netty.util.AsciiString;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** DateHeader is the {@code Date} response header value, formatted at most once a second. */
final class DateHeader {
  private record Cached(long second, AsciiString value) {}

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static volatile Cached cached = new Cached(-1, AsciiString.EMPTY_STRING);

  private DateHeader() {}

  static AsciiString now() {
    long second = System.currentTimeMillis() / 1000;
    Cached c = cached;
    if (c.second != second) {
      String text = IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
      c = new Cached(second, AsciiString.cached(text));
      cached = c;
    }
    return c.value;
  }
}
