package dev.eddy.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Raw sends one request over a plain socket, byte for byte (the JDK client would normalise
 * {@code ..} and encodings away), with {@code Connection: close}, and parses the whole answer.
 * Every read has a 5 s timeout.
 */
public final class Raw {
  /** Response is a parsed answer: status, headers (lower-case names, last value wins), decoded body. */
  public record Response(int status, Map<String, String> headers, byte[] body, String raw) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Raw() {}

  /** Sends {@code method target} with the extra header lines ("Name: value"), and reads the answer. */
  public static Response send(int port, String method, String target, String... headers) throws IOException {
    StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: t\r\n");
    for (String h : headers) {
      req.append(h).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return parse(readAll(s.getInputStream()), method.equals("HEAD"));
    }
  }

  public static Response get(int port, String target, String... headers) throws IOException {
    return send(port, "GET", target, headers);
  }

  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("The server did not close the connection; got:\n"
          + out.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException reset) {
      // a reset after a complete answer still leaves the answer to parse
    }
    return out.toByteArray();
  }

  /** Parses one response: status line, headers, then a body framed by length, chunks or the close. */
  public static Response parse(byte[] bytes, boolean head) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("No complete response head in:\n" + all);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int pos = end + 4;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (head || status == 304 || status == 204) {
      return new Response(status, headers, new byte[0], all);
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        int eol = all.indexOf("\r\n", pos);
        int size = Integer.parseInt(all.substring(pos, eol).split(";")[0].trim(), 16);
        pos = eol + 2;
        if (size == 0) {
          break;
        }
        body.write(bytes, pos, size);
        pos += size + 2;
      }
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      if (bytes.length - pos < length) {
        throw new AssertionError("Body cut short: " + (bytes.length - pos) + " of " + length + " bytes");
      }
      body.write(bytes, pos, length);
    } else {
      body.write(bytes, pos, bytes.length - pos);
    }
    return new Response(status, headers, body.toByteArray(), all);
  }

  /** Reads a response head up to the blank line, for tests that read the body themselves; lower-cased. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("Connection closed in the head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).replaceFirst("^http", "HTTP");
  }
}
