package dev.eddy.proxy;

import dev.eddy.Connection;
import dev.eddy.Context;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocketTunnel proxies a WebSocket upgrade without knowing WebSocket: it sends the client's
 * handshake to the backend over a socket of its own (hop-by-hop headers dropped, forwarding
 * headers added, {@code Connection: Upgrade} and {@code Upgrade: websocket} set again), and when
 * the backend answers {@code 101}, relays that answer's headers with {@code ctx.upgrade} and pipes
 * bytes both ways until either side closes. Frames, masks and extensions pass through untouched,
 * so they are the two ends' business. Any other answer is relayed as an ordinary response.
 */
final class WebSocketTunnel {
  private static final Logger log = LoggerFactory.getLogger(Remote.class);
  private static final int MAX_HEAD = 16 * 1024;
  private static final int MAX_REFUSAL_BODY = 64 * 1024;

  private final Remote.Settings settings;

  WebSocketTunnel(Remote.Settings settings) {
    this.settings = settings;
  }

  static boolean isWebSocketUpgrade(Context ctx) {
    return hasToken(ctx.headers("Connection"), "upgrade") && hasToken(ctx.headers("Upgrade"), "websocket");
  }

  private static boolean hasToken(List<String> values, String token) {
    for (String v : values) {
      for (String t : v.split(",")) {
        if (t.strip().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  void open(Context ctx, URI target) throws Exception {
    Socket socket;
    try {
      socket = connect(target);
    } catch (SocketTimeoutException e) {
      throw GatewayError.of(ctx, target, 504, "no connection within " + settings.connectTimeout().toMillis() + " ms", e);
    } catch (ConnectException e) {
      throw GatewayError.of(ctx, target, 502, "connection refused", e);
    } catch (IOException e) {
      throw GatewayError.of(ctx, target, 502, "the connection failed: " + e, e);
    }
    boolean handedOver = false;
    try {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      Head head;
      try {
        socket.getOutputStream().write(handshake(ctx, target));
        socket.getOutputStream().flush();
        head = Head.read(in);
      } catch (SocketTimeoutException e) {
        throw GatewayError.of(ctx, target, 504, "no handshake answer within " + settings.responseTimeout().toMillis() + " ms", e);
      } catch (IOException e) {
        throw GatewayError.of(ctx, target, 502, "the handshake failed: " + e.getMessage(), e);
      }
      HopByHop hop = new HopByHop(head.values("connection"));
      for (String[] h : head.headers) {
        String lower = h[0].toLowerCase(Locale.ROOT);
        if (!hop.drops(h[0]) && !lower.equals("content-length") && !lower.equals("date") && !lower.equals("content-type")) {
          ctx.addHeader(h[0], h[1]);
        }
      }
      if (head.status == 101) {
        socket.setSoTimeout(0); // a WebSocket may be quiet for as long as its ends like
        ctx.upgrade("websocket", conn -> pipe(conn, socket, in, target));
        handedOver = true;
      } else {
        refused(ctx, target, head, in);
      }
    } finally {
      if (!handedOver) {
        socket.close();
      }
    }
  }

  private Socket connect(URI target) throws IOException {
    boolean tls = target.getScheme().equalsIgnoreCase("https");
    int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(target.getHost(), port), (int) settings.connectTimeout().toMillis());
      plain.setTcpNoDelay(true);
      plain.setSoTimeout((int) settings.responseTimeout().toMillis());
      if (!tls) {
        return plain;
      }
      SSLContext context = settings.sslContext() != null ? settings.sslContext() : SSLContext.getDefault();
      SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(plain, target.getHost(), port, true);
      SSLParameters params = secure.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      secure.setSSLParameters(params);
      secure.startHandshake();
      return secure;
    } catch (IOException e) {
      plain.close();
      throw e;
    } catch (java.security.NoSuchAlgorithmException e) {
      plain.close();
      throw new IOException("No TLS available: " + e.getMessage(), e);
    }
  }

  /** The handshake to send the backend. */
  private static byte[] handshake(Context ctx, URI target) {
    StringBuilder sb = new StringBuilder();
    String pathAndQuery = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    sb.append(ctx.method()).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
    sb.append("Host: ").append(target.getRawAuthority()).append("\r\n");
    sb.append("Connection: Upgrade\r\nUpgrade: websocket\r\n");
    Forwarding.requestHeaders(ctx, (name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Relays a non-101 answer: the backend turned the upgrade down (403, 404, ...). */
  private void refused(Context ctx, URI target, Head head, InputStream in) throws IOException {
    if (head.status < 200) {
      throw GatewayError.of(ctx, target, 502, "the handshake got an unexpected " + head.status, null);
    }
    ctx.status(head.status);
    String type = head.value("content-type");
    byte[] body;
    try {
      body = head.body(in);
    } catch (IOException e) {
      throw GatewayError.of(ctx, target, 502, "the answer to the handshake broke off: " + e.getMessage(), e);
    }
    if (head.status == 204 || head.status == 304) {
      return;
    }
    ctx.bytes(body, type == null ? "application/octet-stream" : type);
  }

  /** Pipes bytes both ways until the backend's side ends; the handler's return closes the client. */
  private static void pipe(Connection conn, Socket socket, InputStream fromBackend, URI target) throws IOException {
    Thread up = Thread.ofVirtual().name("eddy-ws-tunnel").start(() -> {
      try {
        copy(conn.input(), socket.getOutputStream());
        if (!socket.isClosed()) {
          socket.shutdownOutput(); // the client is done sending; the backend may still answer
        }
      } catch (IOException | UnsupportedOperationException e) {
        log.debug("WebSocket tunnel to {}: client side ended: {}", target, e.toString());
        closeQuietly(socket);
      }
    });
    try (socket) {
      copy(fromBackend, conn.output());
    } catch (IOException e) {
      log.debug("WebSocket tunnel to {}: backend side ended: {}", target, e.toString());
    } finally {
      conn.close();
      try {
        up.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Copies until EOF, flushing whenever the source has nothing more at hand. */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[16384];
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      if (in.available() == 0) {
        out.flush();
      }
    }
    out.flush();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** Head is the backend's answer to the handshake: status line and headers, at most 16 KiB. */
  private static final class Head {
    final int status;
    final List<String[]> headers;

    private Head(int status, List<String[]> headers) {
      this.status = status;
      this.headers = headers;
    }

    static Head read(InputStream in) throws IOException {
      List<String> lines = new ArrayList<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int total = 0;
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("the backend closed the connection before answering");
        }
        if (++total > MAX_HEAD) {
          throw new IOException("the answer's head is larger than " + MAX_HEAD + " bytes");
        }
        if (c == '\n') {
          String l = line.toString(StandardCharsets.ISO_8859_1);
          line.reset();
          if (l.endsWith("\r")) {
            l = l.substring(0, l.length() - 1);
          }
          if (l.isEmpty()) {
            break;
          }
          lines.add(l);
        } else {
          line.write(c);
        }
      }
      String statusLine = lines.isEmpty() ? "" : lines.get(0);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP answer: '" + statusLine + "'");
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: '" + statusLine + "'");
      }
      List<String[]> headers = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        String l = lines.get(i);
        int colon = l.indexOf(':');
        if (colon <= 0 || l.charAt(0) == ' ' || l.charAt(0) == '\t') {
          throw new IOException("a malformed header line in the answer");
        }
        headers.add(new String[] {l.substring(0, colon).strip(), l.substring(colon + 1).strip()});
      }
      return new Head(status, headers);
    }

    String value(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    List<String> values(String name) {
      List<String> out = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          out.add(h[1]);
        }
      }
      return out;
    }

    /** The body: Content-Length, chunked, or up to EOF; at most 64 KiB. */
    byte[] body(InputStream in) throws IOException {
      String te = value("transfer-encoding");
      String cl = value("content-length");
      if (status == 204 || status == 304) {
        return new byte[0];
      }
      if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        return chunked(in);
      }
      if (cl != null) {
        long length;
        try {
          length = Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
          throw new IOException("a malformed Content-Length");
        }
        if (length > MAX_REFUSAL_BODY) {
          throw new IOException("a body of " + length + " bytes, more than " + MAX_REFUSAL_BODY);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
          throw new IOException("the body ended early");
        }
        return body;
      }
      byte[] body = in.readNBytes(MAX_REFUSAL_BODY + 1);
      if (body.length > MAX_REFUSAL_BODY) {
        throw new IOException("a body of more than " + MAX_REFUSAL_BODY + " bytes");
      }
      return body;
    }

    private static byte[] chunked(InputStream in) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        int semi = size.indexOf(';');
        int n;
        try {
          n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("a malformed chunk size");
        }
        if (n == 0) {
          while (!line(in).isEmpty()) {
            // trailers are dropped
          }
          return out.toByteArray();
        }
        if (out.size() + n > MAX_REFUSAL_BODY) {
          throw new IOException("a body of more than " + MAX_REFUSAL_BODY + " bytes");
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length < n) {
          throw new IOException("the body ended early");
        }
        out.write(chunk);
        line(in);
      }
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new IOException("the body ended early");
        }
        if (line.size() > 1024) {
          throw new IOException("a chunk line longer than 1 KiB");
        }
        line.write(c);
      }
      String l = line.toString(StandardCharsets.ISO_8859_1);
      return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }
  }
}
