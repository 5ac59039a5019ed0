package dev.eddy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RawHttp is one client connection over a plain socket, for bytes no HTTP client would send. Every
 * read is bounded by a timeout, so a test that waits for a response or for the server to close
 * never hangs. Responses are parsed strictly enough to count them: status line, headers, and a body
 * framed by Content-Length, chunked coding or the close of the connection.
 */
final class RawHttp implements AutoCloseable {
  /** The longest a test waits for anything the server must send. */
  static final int TIMEOUT_MS = 5000;

  /**
   * Statuses a refused request may get: a malformed or oversized message (400, 413, 414, 431), an
   * unsupported method or version (501, 505).
   */
  static final Set<Integer> REJECTIONS = Set.of(400, 413, 414, 431, 501, 505);

  /** Response is one parsed response; {@code raw} is its bytes as received, for messages. */
  record Response(int status, String statusLine, List<String[]> headers, byte[] body, String raw) {
    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return statusLine;
    }
  }

  /** How the server ended the conversation after the last response read. */
  enum End { CLOSED, RESET, SILENT }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private final byte[] buf = new byte[8192];
  private int pos;
  private int lim;
  private boolean eof;
  private boolean reset;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(TIMEOUT_MS);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Sends text as ISO-8859-1, so every byte value 0..255 can be written as a char. */
  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends, ignoring a connection the server already closed; returns whether the write went out. */
  boolean sendQuietly(byte[] bytes) {
    try {
      send(bytes);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Half-closes: the server reads end-of-stream after what was sent. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Everything received so far, as ISO-8859-1 text, for failure messages. */
  String received() {
    return transcript.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits up to {@code millis} for the server to send something or close. Returns false if it
   * stayed silent; nothing is consumed.
   */
  boolean awaitData(int millis) throws IOException {
    if (pos < lim || eof) {
      return true;
    }
    return fill(millis);
  }

  /**
   * Reads the next final response, skipping 1xx interim ones. Returns null if the server closed the
   * connection before sending a byte of it; throws {@link AssertionError} on a timeout or a
   * malformed or truncated response.
   *
   * @param head whether the request was HEAD, whose response has no body whatever its headers say
   */
  Response readResponse(boolean head) throws IOException {
    while (true) {
      if (!awaitData(TIMEOUT_MS)) {
        throw new AssertionError("No response within " + TIMEOUT_MS + " ms; received so far:\n" + received());
      }
      if (pos >= lim && eof) {
        return null;
      }
      int start = transcriptMark();
      String statusLine = readLine();
      if (!statusLine.matches("HTTP/1\\.[01] [1-5][0-9][0-9]( .*)?")) {
        throw new AssertionError("Not a status line: '" + statusLine + "'; received:\n" + received());
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      List<String[]> headers = new ArrayList<>();
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new AssertionError("Malformed response header '" + line + "'; received:\n" + received());
        }
        headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
      }
      if (status < 200) {
        continue;
      }
      byte[] body = readBody(head || status == 204 || status == 304, headers);
      String raw = transcript.toString(StandardCharsets.ISO_8859_1).substring(start);
      return new Response(status, statusLine, headers, body, raw);
    }
  }

  /**
   * Waits up to {@code millis} for the server to send more. Returns how it ended: closed (or reset)
   * with nothing more sent, or silent with the connection still open. Any byte that arrives is a
   * failure: the caller expected no further response.
   */
  End expectNothingMore(int millis) throws IOException {
    if (!awaitData(millis)) {
      return End.SILENT;
    }
    if (pos < lim) {
      throw new AssertionError("Unexpected bytes after the expected response(s):\n" + received());
    }
    return reset ? End.RESET : End.CLOSED;
  }

  /** Asserts that the server closes the connection within the timeout without sending more. */
  void expectClose() throws IOException {
    if (expectNothingMore(TIMEOUT_MS) == End.SILENT) {
      throw new AssertionError("Server did not close the connection within " + TIMEOUT_MS
          + " ms; received:\n" + received());
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  // ---- reading ----

  private int transcriptMark() {
    return transcript.size() - (lim - pos);
  }

  private boolean fill(int millis) throws IOException {
    if (eof) {
      return true;
    }
    socket.setSoTimeout(millis);
    try {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        eof = true;
      } else {
        pos = 0;
        lim = n;
        transcript.write(buf, 0, n);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      // A close with unread request bytes in the server's buffer arrives as a reset.
      eof = true;
      reset = true;
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(TIMEOUT_MS);
      }
    }
  }

  private int readByte() throws IOException {
    if (pos >= lim) {
      if (!fill(TIMEOUT_MS)) {
        throw new AssertionError("Response incomplete after " + TIMEOUT_MS + " ms; received:\n" + received());
      }
      if (pos >= lim) {
        return -1;
      }
    }
    return buf[pos++] & 0xff;
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = readByte();
      if (b < 0) {
        throw new EOFException("Connection closed inside a response line; received:\n" + received());
      }
      if (b == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  private byte[] readBody(boolean none, List<String[]> headers) throws IOException {
    if (none) {
      return new byte[0];
    }
    String te = null;
    String cl = null;
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase("Transfer-Encoding")) {
        te = h[1];
      } else if (h[0].equalsIgnoreCase("Content-Length")) {
        cl = h[1];
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
      while (true) {
        String sizeLine = readLine();
        int semi = sizeLine.indexOf(';');
        int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // trailer fields
          }
          return body.toByteArray();
        }
        readExactly(body, size);
        if (!readLine().isEmpty()) {
          throw new AssertionError("Chunk not followed by CRLF; received:\n" + received());
        }
      }
    }
    if (cl != null) {
      readExactly(body, Long.parseLong(cl));
      return body.toByteArray();
    }
    for (int b = readByte(); b >= 0; b = readByte()) {
      body.write(b);
    }
    return body.toByteArray();
  }

  private void readExactly(ByteArrayOutputStream to, long n) throws IOException {
    for (long i = 0; i < n; i++) {
      int b = readByte();
      if (b < 0) {
        throw new EOFException("Connection closed inside a response body; received:\n" + received());
      }
      to.write(b);
    }
  }
}
