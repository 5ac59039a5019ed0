package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692), frame by frame with the JDK's zlib: agreed only when enabled,
 * messages inflate and deflate both ways, and inflating stops at maxMessageBytes.
 * (CompressionInteropTest checks the same with the Node ws package as the client.)
 */
class CompressionTest {
  private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

  /** Raw deflate of one message, without the 00 00 ff ff tail (RFC 7692 section 7.2.1). */
  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(buf, 0, n);
    }
    d.end();
    byte[] all = out.toByteArray();
    return Arrays.copyOf(all, all.length - 4);
  }

  static byte[] inflate(byte[] data) throws Exception {
    Inflater i = new Inflater(true);
    byte[] withTail = Arrays.copyOf(data, data.length + 4);
    withTail[data.length + 2] = (byte) 0xff;
    withTail[data.length + 3] = (byte) 0xff;
    i.setInput(withTail);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = i.inflate(buf)) > 0) {
      out.write(buf, 0, n);
    }
    i.end();
    return out.toByteArray();
  }

  @Test
  void whenEnabledTheOfferIsAcceptedAndMessagesRoundTripCompressed() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/z", WebSocketOptions.defaults().compression(true), rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/z", 0, OFFER)) {
        assertTrue(raw.response().toLowerCase().contains("sec-websocket-extensions: permessage-deflate"), raw.response());
        String text = "hello, compressed world! ".repeat(200);
        byte[] compressed = deflate(text.getBytes(StandardCharsets.UTF_8));
        assertTrue(compressed.length < text.length() / 10);
        raw.send(true, 4, RawWebSocket.TEXT, compressed, true); // RSV1: a compressed message
        RawWebSocket.Frame echo = raw.read();
        assertEquals(4, echo.rsv(), "the server compresses its messages too");
        assertEquals(text, new String(inflate(echo.payload()), StandardCharsets.UTF_8));
        raw.sendText("plain"); // an uncompressed message on a compressing connection is fine
        assertEquals("plain", new String(inflate(raw.read().payload()), StandardCharsets.UTF_8));
      }
      assertEquals("open", rec.next());
      assertTrue(rec.next().startsWith("text:hello, compressed world!"));
      assertEquals("text:plain", rec.next());
    });
  }

  @Test
  void byDefaultTheOfferIsDeclinedAndCompressedFramesAre1002() throws Exception {
    EddyTest.run(new App().ws("/z", new Recorder(true)), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/z", 0, OFFER)) {
        assertTrue(!raw.response().toLowerCase().contains("sec-websocket-extensions"), raw.response());
        raw.send(true, 4, RawWebSocket.TEXT, deflate("hi".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(1002, raw.readClose().closeCode());
      }
    });
  }

  @Test
  void aMessageThatInflatesPastTheLimitIs1009() throws Exception {
    Recorder rec = new Recorder(true);
    WebSocketOptions options = WebSocketOptions.defaults().compression(true).maxMessageBytes(64 * 1024);
    EddyTest.run(new App().ws("/z", options, rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/z", 0, OFFER)) {
        byte[] bomb = deflate(new byte[10 << 20]); // 10 MB of zeros in about 10 KB
        raw.send(true, 4, RawWebSocket.BINARY, bomb, true);
        RawWebSocket.Frame close = raw.readClose();
        assertEquals(1009, close.closeCode(), close.toString());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertTrue(rec.next().startsWith("close:1009:"));
    });
  }

  @Test
  void corruptCompressedDataIs1007() throws Exception {
    EddyTest.run(new App().ws("/z", WebSocketOptions.defaults().compression(true), new Recorder(true)), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/z", 0, OFFER)) {
        raw.send(true, 4, RawWebSocket.BINARY, new byte[] {(byte) 0xff, (byte) 0xff, 0x12, 0x34}, true);
        assertEquals(1007, raw.readClose().closeCode());
      }
    });
  }

  @Test
  void compressedBinaryAcrossFragmentsRoundTrips() throws Exception {
    EddyTest.run(new App().ws("/z", WebSocketOptions.defaults().compression(true), new Recorder(true)), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/z", 0, OFFER)) {
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) (i % 7);
        }
        byte[] compressed = deflate(data);
        int half = compressed.length / 2;
        raw.send(false, 4, RawWebSocket.BINARY, Arrays.copyOf(compressed, half), true);
        raw.send(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(compressed, half, compressed.length), true);
        assertArrayEquals(data, inflate(raw.read().payload()));
      }
    });
  }
}
