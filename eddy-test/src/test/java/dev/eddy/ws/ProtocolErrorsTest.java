package dev.eddy.ws;

import static dev.eddy.ws.RawWebSocket.BINARY;
import static dev.eddy.ws.RawWebSocket.CLOSE;
import static dev.eddy.ws.RawWebSocket.CONTINUATION;
import static dev.eddy.ws.RawWebSocket.PING;
import static dev.eddy.ws.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A peer that breaks RFC 6455 gets the close code the RFC names (1002 protocol error, 1007 invalid
 * UTF-8) and a closed connection; the app hears the same code in onClose. The closing handshake is
 * echoed as the RFC says.
 */
class ProtocolErrorsTest {

  /** Sends {@code frames}, expects a Close frame with {@code code} then EOF, and the same code in onClose. */
  private static void expectClose(int code, FrameSender frames) throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/ws", rec);
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        frames.send(raw);
        RawWebSocket.Frame close = raw.readClose();
        assertEquals(code, close.closeCode(), close.toString());
        assertTrue(raw.closedByServer(), "the server closes the connection");
      }
      assertEquals("open", rec.next());
      String closed = rec.next();
      assertTrue(closed.startsWith("close:" + code + ":"), closed);
    });
  }

  @FunctionalInterface
  private interface FrameSender {
    void send(RawWebSocket raw) throws Exception;
  }

  @Test
  void anUnmaskedFrameIs1002() throws Exception {
    expectClose(1002, raw -> raw.send(true, 0, TEXT, "hi".getBytes(StandardCharsets.UTF_8), false));
  }

  @Test
  void aReservedOpcodeIs1002() throws Exception {
    expectClose(1002, raw -> raw.send(true, 3, new byte[0]));
  }

  @Test
  void reservedBitsWithoutAnExtensionAre1002() throws Exception {
    expectClose(1002, raw -> raw.send(true, 4, TEXT, "hi".getBytes(StandardCharsets.UTF_8), true));
  }

  @Test
  void aContinuationWithoutAStartIs1002() throws Exception {
    expectClose(1002, raw -> raw.send(true, CONTINUATION, new byte[] {1}));
  }

  @Test
  void aNewMessageInsideAFragmentedOneIs1002() throws Exception {
    expectClose(1002, raw -> raw.send(false, TEXT, new byte[] {'a'}).send(true, BINARY, new byte[] {1}));
  }

  @Test
  void aFragmentedControlFrameIs1002() throws Exception {
    expectClose(1002, raw -> raw.send(false, PING, new byte[] {1}));
  }

  @Test
  void aControlFrameOver125BytesIs1002() throws Exception {
    expectClose(1002, raw -> raw.send(true, PING, new byte[126]));
  }

  @Test
  void invalidUtf8TextIs1007() throws Exception {
    expectClose(1007, raw -> raw.send(true, TEXT, new byte[] {'a', (byte) 0xc3, (byte) 0x28}));
  }

  @Test
  void invalidUtf8IsFoundInTheFirstFragmentWithoutWaitingForTheRest() throws Exception {
    expectClose(1007, raw -> raw.send(false, TEXT, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})); // a surrogate
  }

  @Test
  void invalidUtf8FailsBeforeTheRestOfItsFrameArrives() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/ws", rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        // the header of a 100-byte text frame (unmasked key 0), then 3 bytes: "a" and a surrogate's start
        raw.output().write(new byte[] {(byte) 0x81, (byte) (0x80 | 100), 0, 0, 0, 0, 'a', (byte) 0xed, (byte) 0xa0});
        raw.output().flush();
        RawWebSocket.Frame close = raw.readClose(); // the other 97 bytes never come
        assertEquals(1007, close.closeCode(), close.toString());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertTrue(rec.next().startsWith("close:1007:"));
    });
  }

  @Test
  void repliesToMessagesBeforeAProtocolErrorGoOutBeforeTheClose() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/ws", rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        raw.sendText("first").send(true, 3, new byte[0]); // then a reserved opcode, in the same breath
        assertEquals("first", raw.read().text());
        assertEquals(1002, raw.readClose().closeCode());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertEquals("text:first", rec.next());
      assertTrue(rec.next().startsWith("close:1002:"));
    });
  }

  @Test
  void aCloseWithAnInvalidCodeIs1002() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/ws", rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        raw.sendClose(1005, "");
        assertEquals(1002, raw.readClose().closeCode());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertTrue(rec.next().startsWith("close:1002:"));
    });
  }

  @Test
  void thePeersCloseIsEchoedWithItsCodeAndTheServerClosesTcp() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/ws", rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        raw.sendClose(4321, "going");
        RawWebSocket.Frame echo = raw.read();
        assertEquals(CLOSE, echo.opcode());
        assertEquals(4321, echo.closeCode());
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertEquals("close:4321:going", rec.next());
    });
  }

  @Test
  void aCloseWithoutStatusIsAnsweredWithoutStatusAndReportedAs1005() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/ws", rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        raw.send(true, CLOSE, new byte[0]);
        RawWebSocket.Frame echo = raw.read();
        assertEquals(CLOSE, echo.opcode());
        assertEquals(0, echo.payload().length);
        assertTrue(raw.closedByServer());
      }
      assertEquals("open", rec.next());
      assertEquals("close:1005:", rec.next());
    });
  }

  @Test
  void dataAfterTheCloseIsIgnoredAndADroppedConnectionIs1006() throws Exception {
    Recorder rec = new Recorder(true);
    EddyTest.run(new App().ws("/ws", rec), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        raw.sendText("one");
        assertEquals("one", raw.read().text());
      } // no Close frame: the socket just goes away
      assertEquals("open", rec.next());
      assertEquals("text:one", rec.next());
      assertEquals("close:1006:", rec.next());
    });
  }
}
