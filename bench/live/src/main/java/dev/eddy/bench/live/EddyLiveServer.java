package dev.eddy.bench.live;

import dev.eddy.App;
import dev.eddy.ServerOptions;
import dev.eddy.sse.SseClient;
import dev.eddy.ws.WebSocket;
import dev.eddy.ws.WebSocketHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Eddy holding many idle live connections with default options: {@code GET /sse} and
 * {@code GET /ws}. {@code POST /broadcast/sse?id=K} and {@code /broadcast/ws?id=K} send "K" to every
 * open one and answer how many; {@code GET /stats} reports memory after a full GC.
 */
public final class EddyLiveServer {
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    Set<SseClient> streams = ConcurrentHashMap.newKeySet();
    Set<WebSocket> sockets = ConcurrentHashMap.newKeySet();
    App app = new App().options(ServerOptions.defaults().host("127.0.0.1").maxConnections(25_000));
    app.sse("/sse", client -> {
      streams.add(client);
      client.onClose(() -> streams.remove(client));
    });
    app.ws("/ws", new WebSocketHandler() {
      @Override
      public void onOpen(WebSocket ws) {
        sockets.add(ws);
      }

      @Override
      public void onClose(WebSocket ws, int code, String reason) {
        sockets.remove(ws);
      }
    });
    app.post("/broadcast/sse", ctx -> {
      String id = ctx.query("id");
      int n = 0;
      for (SseClient c : streams) {
        n += c.send(id) ? 1 : 0;
      }
      ctx.text(Integer.toString(n));
    });
    app.post("/broadcast/ws", ctx -> {
      String id = ctx.query("id");
      int n = 0;
      for (WebSocket ws : sockets) {
        ws.send(id);
        n++;
      }
      ctx.text(Integer.toString(n));
    });
    app.get("/stats", ctx -> ctx.text(Stats.line(streams.size(), sockets.size(), ctx.query("nogc") == null)));
    app.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    System.out.println("READY eddy-live port=" + app.port() + " cores=" + Runtime.getRuntime().availableProcessors());
  }
}
