package dev.eddy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * RawClient speaks HTTP over a plain socket, for what the JDK client won't send: malformed
 * requests, pipelining, slow writers. Every read has a timeout, so a test never hangs.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends text as ISO-8859-1 bytes, so every byte value can be written. */
  public RawClient send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Reads one line (without its LF). */
  public String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString();
  }

  /** Reads until the server closes the connection (or 5 s pass without data). */
  public String readToClose() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        buf.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("Server did not close the connection; got so far:\n" + buf.toString(StandardCharsets.ISO_8859_1));
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads until {@code count} complete responses (Content-Length framed) have arrived. */
  public String readResponses(int count) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (completeResponses(buf.toString(StandardCharsets.ISO_8859_1)) < count) {
      int n = in.read(chunk);
      if (n < 0) {
        break;
      }
      buf.write(chunk, 0, n);
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  /** Whether the server has closed the connection (EOF within the timeout). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  public void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Counts complete Content-Length-framed responses at the start of {@code text}. */
  public static int completeResponses(String text) {
    int count = 0;
    int pos = 0;
    while (true) {
      int end = text.indexOf("\r\n\r\n", pos);
      if (end < 0) {
        return count;
      }
      String head = text.substring(pos, end).toLowerCase();
      int cl = head.indexOf("content-length:");
      int length = 0;
      if (cl >= 0) {
        int eol = head.indexOf("\r\n", cl);
        length = Integer.parseInt(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
      }
      int next = end + 4 + length;
      if (next > text.length()) {
        return count;
      }
      count++;
      pos = next;
    }
  }

  /** The status codes of the responses in {@code text}, in order. */
  public static java.util.List<Integer> statuses(String text) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("HTTP/1\\.[01] (\\d{3}) ").matcher(text);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
