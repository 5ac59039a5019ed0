package dev.eddy.autobahn;

import dev.eddy.App;
import dev.eddy.ws.WebSocket;
import dev.eddy.ws.WebSocketHandler;
import dev.eddy.ws.WebSocketOptions;

/**
 * AutobahnEchoServer is the endpoint the Autobahn fuzzing client tests: Eddy's WebSocket server
 * echoing every message, with limits large enough for the 16 MB messages of cases 9.*.
 * {@code main} serves it on 127.0.0.1 at the port given (default 9001), to run another Autobahn
 * client against it by hand.
 */
public final class AutobahnEchoServer {
  private AutobahnEchoServer() {}

  static App app() {
    WebSocketOptions options = WebSocketOptions.defaults()
        .maxFrameBytes(20 << 20)
        .maxMessageBytes(20 << 20)
        .maxQueuedBytes(64 << 20)
        .allowedOrigins("*");
    App app = new App().ws("/", options, new WebSocketHandler() {
      @Override
      public void onText(WebSocket ws, String text) {
        ws.send(text);
      }

      @Override
      public void onBinary(WebSocket ws, byte[] data) {
        ws.send(data);
      }
    });
    return app.options(app.options().host("127.0.0.1"));
  }

  public static void main(String[] args) {
    App app = app().start(args.length > 0 ? Integer.parseInt(args[0]) : 9001);
    System.out.println("Autobahn echo endpoint on ws://127.0.0.1:" + app.port() + "/");
  }
}
