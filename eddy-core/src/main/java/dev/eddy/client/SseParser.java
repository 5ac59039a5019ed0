package dev.eddy.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * SseParser is the HTML standard's "event stream interpretation": it turns {@code text/event-stream}
 * bytes or text into events. Feed it pieces of any size as they come off the network; a UTF-8
 * sequence, a line or a CRLF may be split anywhere. Not thread-safe: one reader feeds it.
 *
 * <p>The rules: one leading U+FEFF (byte order mark) is skipped; lines end with CRLF, LF or CR; a
 * blank line dispatches the event; lines starting with {@code :} are comments; a line is split at
 * its first colon into field and value, one space after the colon is dropped, and a line without a
 * colon is a field with an empty value; {@code data} appends its value and a LF, {@code event} sets
 * the type, {@code id} sets the last event id unless the value contains NUL, {@code retry} sets the
 * reconnection time when the value is all ASCII digits; other fields are ignored. An event whose
 * data is empty is not dispatched (but still sets the last event id), and at the end of a stream an
 * unfinished event is dropped.
 *
 * <p>One parser reads one connection at a time: {@link #endOfStream} forgets the unfinished event
 * and readies it for the next connection. The last event id survives that, as in browsers, so a
 * reconnection can send it as {@code Last-Event-ID}.
 */
final class SseParser {
  /** Sink receives what the stream says, on the feeding thread. */
  interface Sink {
    void event(SseEvent event);

    /** A valid {@code retry:} field, in milliseconds, as soon as it is read. */
    void retry(long millis);
  }

  private final Sink sink;
  private final int maxEventChars;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final CharBuffer decoded = CharBuffer.allocate(4096);
  private ByteBuffer carry = ByteBuffer.allocate(0); // the start of a UTF-8 sequence split between reads

  private final StringBuilder line = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private String type = "";
  private String idBuffer;
  private volatile String lastEventId; // read by other threads through SseClient.lastEventId()
  private Duration retry;
  private boolean startOfStream = true;
  private boolean afterCr;

  /**
   * A parser that hands events to {@code sink}, starting from {@code lastEventId} (empty for none).
   * A line or an event's data longer than {@code maxEventChars} makes {@link #feed} throw
   * {@link IllegalStateException}, so a broken server can't fill the heap.
   */
  SseParser(Sink sink, String lastEventId, int maxEventChars) {
    this.sink = sink;
    this.lastEventId = lastEventId;
    this.idBuffer = lastEventId;
    this.maxEventChars = maxEventChars;
  }

  /** The last event id: set by an {@code id:} field once its event ends; empty if never set. */
  String lastEventId() {
    return lastEventId;
  }

  /** Decodes UTF-8 bytes (invalid sequences become U+FFFD) and parses them. */
  void feed(byte[] bytes, int off, int len) {
    feed(ByteBuffer.wrap(bytes, off, len));
  }

  /** Decodes UTF-8 bytes (invalid sequences become U+FFFD) and parses them; consumes {@code in}. */
  void feed(ByteBuffer in) {
    if (carry.hasRemaining()) {
      in = ByteBuffer.allocate(carry.remaining() + in.remaining()).put(carry).put(in).flip();
    }
    CoderResult result;
    do {
      result = utf8.decode(in, decoded, false);
      decoded.flip();
      feed(decoded);
      decoded.clear();
    } while (result.isOverflow());
    carry = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : ByteBuffer.allocate(0);
  }

  /** Parses decoded text. */
  void feed(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (startOfStream) {
        startOfStream = false;
        if (c == '\uFEFF') {
          continue;
        }
      }
      if (afterCr) {
        afterCr = false;
        if (c == '\n') {
          continue; // the LF of a CRLF, maybe in the next read
        }
      }
      if (c == '\r') {
        afterCr = true;
        endOfLine();
      } else if (c == '\n') {
        endOfLine();
      } else {
        if (line.length() + data.length() >= maxEventChars) {
          throw new IllegalStateException("Server-sent event longer than " + maxEventChars + " chars");
        }
        line.append(c);
      }
    }
  }

  /** The stream ended: drops an unfinished event and readies the parser for a new stream. */
  void endOfStream() {
    line.setLength(0);
    data.setLength(0);
    type = "";
    retry = null;
    idBuffer = lastEventId;
    startOfStream = true;
    afterCr = false;
    utf8.reset();
    carry = ByteBuffer.allocate(0);
  }

  private void endOfLine() {
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.charAt(0) == ':') {
      line.setLength(0);
      return;
    }
    int colon = line.indexOf(":");
    String field;
    String value;
    if (colon < 0) {
      field = line.toString();
      value = "";
    } else {
      field = line.substring(0, colon);
      int start = colon + 1;
      if (start < line.length() && line.charAt(start) == ' ') {
        start++;
      }
      value = line.substring(start);
    }
    line.setLength(0);
    switch (field) {
      case "data" -> data.append(value).append('\n');
      case "event" -> type = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          idBuffer = value;
        }
      }
      case "retry" -> {
        if (isDigits(value)) {
          long millis = parseMillis(value);
          retry = Duration.ofMillis(millis);
          sink.retry(millis);
        }
      }
      default -> { } // unknown fields are ignored
    }
  }

  private void dispatch() {
    lastEventId = idBuffer;
    if (data.isEmpty()) {
      type = "";
      retry = null;
      return;
    }
    data.setLength(data.length() - 1); // the LF after the last data line
    SseEvent event = new SseEvent(lastEventId, type.isEmpty() ? "message" : type, data.toString(), retry);
    data.setLength(0);
    type = "";
    retry = null;
    sink.event(event);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Digits as milliseconds; values past a day are clamped (the client caps its delay anyway). */
  private static long parseMillis(String digits) {
    long max = Duration.ofDays(1).toMillis();
    long millis = 0;
    for (int i = 0; i < digits.length(); i++) {
      millis = millis * 10 + (digits.charAt(i) - '0');
      if (millis > max) {
        return max;
      }
    }
    return millis;
  }
}
