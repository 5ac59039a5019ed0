package dev.eddy.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RawWebSocket speaks WebSocket over a plain socket, frame by frame, for what real clients refuse
 * to send: unmasked frames, reserved bits and opcodes, invalid UTF-8, stray continuations, a peer
 * that never answers pings or never reads. Every read has a timeout, so a test never hangs.
 */
final class RawWebSocket implements AutoCloseable {
  static final int CONTINUATION = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

  /** Frame is one frame as received from the server. */
  record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a Close frame; 1005 if it has none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }

    @Override
    public String toString() {
      return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", " + payload.length + " bytes"
          + (opcode == CLOSE ? ", " + closeCode() + " " + closeReason() : "") + "]";
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final String response;

  private RawWebSocket(Socket socket, String response) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.response = response;
  }

  /** Opens a WebSocket to {@code path}; fails unless the server answers 101. */
  static RawWebSocket open(int port, String path) throws IOException {
    return open(port, path, 0, "");
  }

  /**
   * Sends a handshake with {@code extraHeaders} (CRLF-terminated lines) and reads the response
   * head. {@code socketBuffer} above 0 shrinks the socket's buffers first, so a peer that does not
   * read (or a server that does not) shows sooner.
   */
  static RawWebSocket open(int port, String path, int socketBuffer, String extraHeaders) throws IOException {
    RawWebSocket ws = handshake(port, path, socketBuffer, extraHeaders);
    if (!ws.response.startsWith("HTTP/1.1 101 ")) {
      ws.close();
      throw new AssertionError("Expected 101, got:\n" + ws.response);
    }
    return ws;
  }

  /** Sends a handshake and reads the response head, whatever the status. */
  static RawWebSocket handshake(int port, String path, int socketBuffer, String extraHeaders) throws IOException {
    Socket socket = new Socket();
    if (socketBuffer > 0) {
      socket.setReceiveBufferSize(socketBuffer);
      socket.setSendBufferSize(socketBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce) + "\r\n" + extraHeaders + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.write(c);
    }
    return new RawWebSocket(socket, head.toString(StandardCharsets.ISO_8859_1));
  }

  /** The handshake's response head. */
  String response() {
    return response;
  }

  /** Sends one frame, masked as a client must unless {@code mask} is false. */
  RawWebSocket send(boolean fin, int rsv, int opcode, byte[] payload, boolean mask) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
    b.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
    int maskBit = mask ? 0x80 : 0;
    if (payload.length < 126) {
      b.put((byte) (maskBit | payload.length));
    } else if (payload.length < 65536) {
      b.put((byte) (maskBit | 126)).putShort((short) payload.length);
    } else {
      b.put((byte) (maskBit | 127)).putLong(payload.length);
    }
    if (mask) {
      byte[] key = new byte[4];
      ThreadLocalRandom.current().nextBytes(key);
      b.put(key);
      for (int i = 0; i < payload.length; i++) {
        b.put((byte) (payload[i] ^ key[i % 4]));
      }
    } else {
      b.put(payload);
    }
    out.write(b.array(), 0, b.position());
    out.flush();
    return this;
  }

  RawWebSocket send(boolean fin, int opcode, byte[] payload) throws IOException {
    return send(fin, 0, opcode, payload, true);
  }

  RawWebSocket sendText(String text) throws IOException {
    return send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  RawWebSocket sendClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    return send(true, CLOSE, p);
  }

  /** Reads the next frame; throws {@link SocketTimeoutException} if none comes in time, EOF if closed. */
  Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if ((b1 & 0x80) != 0) {
      throw new AssertionError("The server masked a frame");
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0f, payload);
  }

  /** Reads frames until a Close frame and returns it; data frames before it are skipped. */
  Frame readClose() throws IOException {
    while (true) {
      Frame f = read();
      if (f.opcode() == CLOSE) {
        return f;
      }
    }
  }

  /** Whether the server closed the connection (EOF or reset) within the read timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        read(); // frames still in flight before the close are fine
      }
    } catch (EOFException | java.net.SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  OutputStream output() {
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
