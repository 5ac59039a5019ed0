package dev.eddy.bench.live;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LiveClient opens many idle SSE or WebSocket connections to a live server (each a few bytes of
 * state on one Netty event loop), then measures the server's memory per connection and how long
 * one broadcast takes to reach every connection. Client sockets are bound to several 127.0.0.x
 * source addresses, since one address has only ~28,000 ephemeral ports.
 *
 * <pre>
 *   java -cp bench-live.jar dev.eddy.bench.live.LiveClient PORT sse|ws CONNECTIONS ROUNDS LABEL
 * </pre>
 *
 * Prints {@code ROUND} lines, then one {@code RESULT} line of key=value pairs.
 */
public final class LiveClient {
  private static final int SOURCES = 4;
  private static final int WARMUP_ROUNDS = 3;
  private static final byte[] WS_REQUEST = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SSE_REQUEST = "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  /** Round is one broadcast: when it was asked for, and when each connection got it. */
  static final class Round {
    final int id;
    final long[] latency;
    final AtomicInteger remaining;
    final CountDownLatch done = new CountDownLatch(1);
    volatile long start;

    Round(int id, int connections) {
      this.id = id;
      this.latency = new long[connections];
      this.remaining = new AtomicInteger(connections);
    }

    void arrived(int connection, long now) {
      if (latency[connection] == 0) {
        latency[connection] = Math.max(1, now - start);
        if (remaining.decrementAndGet() == 0) {
          done.countDown();
        }
      }
    }
  }

  static volatile Round current;
  static final CountDownLatch[] READY = new CountDownLatch[1];
  static final ConcurrentLinkedQueue<String> PROBLEMS = new ConcurrentLinkedQueue<>();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean ws = args[1].equals("ws");
    int n = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String label = args.length > 4 ? args[4] : "server";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI base = URI.create("http://127.0.0.1:" + port);

    Map<String, Long> before = stats(http, base);
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    READY[0] = new CountDownLatch(n);
    Bootstrap b = new Bootstrap().group(group)
        .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    List<Channel> channels = new ArrayList<>(n);
    Semaphore connecting = new Semaphore(256);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int index = i;
      connecting.acquire();
      InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + i % SOURCES), 0);
      b.clone().handler(new Connection(index, ws)).connect(new InetSocketAddress("127.0.0.1", port), source)
          .addListener(f -> {
            connecting.release();
            if (!f.isSuccess()) {
              PROBLEMS.add("connect " + index + ": " + f.cause());
              READY[0].countDown();
            }
          });
    }
    if (!READY[0].await(180, TimeUnit.SECONDS)) {
      throw new IllegalStateException(READY[0].getCount() + " connections not ready after 180 s; " + PROBLEMS.peek());
    }
    long connectMs = (System.nanoTime() - t0) / 1_000_000;
    if (!PROBLEMS.isEmpty()) {
      throw new IllegalStateException(PROBLEMS.size() + " connections failed, first: " + PROBLEMS.peek());
    }
    Thread.sleep(1000);
    Map<String, Long> after = stats(http, base);
    long open = after.get(ws ? "ws" : "sse");
    if (open != n) {
      throw new IllegalStateException("The server counts " + open + " connections, not " + n);
    }

    List<long[]> measured = new ArrayList<>();
    for (int r = 1; r <= WARMUP_ROUNDS + rounds; r++) {
      Round round = new Round(r, n);
      current = round;
      round.start = System.nanoTime();
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/broadcast/" + (ws ? "ws" : "sse") + "?id=" + r))
          .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      long queuedMs = (System.nanoTime() - round.start) / 1_000_000;
      if (!round.done.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Round " + r + ": " + round.remaining.get() + " of " + n + " did not get the broadcast");
      }
      long[] sorted = round.latency.clone();
      Arrays.sort(sorted);
      long[] p = {pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1]};
      System.out.printf("ROUND %s %s %d%s: server sent %s in %d ms; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          label, ws ? "ws" : "sse", r, r <= WARMUP_ROUNDS ? " (warm-up)" : "", answer.body().trim(), queuedMs,
          p[0] / 1e6, p[1] / 1e6, p[2] / 1e6);
      if (r > WARMUP_ROUNDS) {
        measured.add(p);
      }
      Thread.sleep(500);
    }
    current = null;

    long[] p50s = measured.stream().mapToLong(p -> p[0]).sorted().toArray();
    long[] p99s = measured.stream().mapToLong(p -> p[1]).sorted().toArray();
    long[] maxes = measured.stream().mapToLong(p -> p[2]).sorted().toArray();
    Map<String, String> result = new TreeMap<>();
    result.put("server", label);
    result.put("kind", ws ? "ws" : "sse");
    result.put("connections", Integer.toString(n));
    result.put("connect_ms", Long.toString(connectMs));
    result.put("heap_per_conn", Long.toString((after.get("heap") - before.get("heap")) / n));
    result.put("netty_direct_per_conn", Long.toString((after.get("netty_direct") - before.get("netty_direct")) / n));
    result.put("jdk_direct_per_conn", Long.toString((after.get("jdk_direct") - before.get("jdk_direct")) / n));
    result.put("rss_per_conn", Long.toString((after.get("rss") - before.get("rss")) / n));
    result.put("threads", Long.toString(after.get("threads")));
    result.put("p50_ms", String.format("%.1f", p50s[p50s.length / 2] / 1e6));
    result.put("p99_ms", String.format("%.1f", p99s[p99s.length / 2] / 1e6));
    result.put("max_ms", String.format("%.1f", maxes[maxes.length / 2] / 1e6));
    result.put("rounds", Integer.toString(measured.size()));
    StringBuilder line = new StringBuilder("RESULT");
    result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);

    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync(); // closes every connection
    for (int i = 0; i < 100 && stats(http, base, false).get(ws ? "ws" : "sse") > 0; i++) {
      Thread.sleep(100);
    }
    System.exit(0);
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
  }

  static Map<String, Long> stats(HttpClient http, URI base) throws Exception {
    return stats(http, base, true);
  }

  /** GET /stats (with a full GC on the server first when {@code gc}); "k=v k=v" as a map. */
  static Map<String, Long> stats(HttpClient http, URI base, boolean gc) throws Exception {
    String body = http.send(HttpRequest.newBuilder(base.resolve(gc ? "/stats" : "/stats?nogc=1"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Long> out = new TreeMap<>();
    for (String kv : body.trim().split(" ")) {
      String[] p = kv.split("=");
      out.put(p[0], Long.parseLong(p[1]));
    }
    return out;
  }

  /**
   * Connection is one client: it sends the request, waits for the response head, then reads
   * message ids, from "data: N" lines (SSE) or text frames (WebSocket, answering pings).
   */
  static final class Connection extends ChannelInboundHandlerAdapter {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private final int index;
    private final boolean ws;
    private int headEnd; // matched bytes of "\r\n\r\n"
    private boolean ready;
    // SSE: matched bytes of "data: ", then the digits
    private int dataMatch;
    private boolean digits;
    private int value;
    // WebSocket: frame header, then payload
    private final byte[] header = new byte[4];
    private int headerLength;
    private int payloadLeft;
    private final byte[] payload = new byte[125];
    private int payloadLength;

    Connection(int index, boolean ws) {
      this.index = index;
      this.ws = ws;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(ws ? WS_REQUEST : SSE_REQUEST));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        while (buf.isReadable()) {
          byte c = buf.readByte();
          if (!ready) {
            headEnd = (c == (headEnd % 2 == 0 ? '\r' : '\n')) ? headEnd + 1 : (c == '\r' ? 1 : 0);
            if (headEnd == 4) {
              ready = true;
              READY[0].countDown();
            }
          } else if (ws) {
            frameByte(ctx, c);
          } else {
            sseByte(c);
          }
        }
      } finally {
        buf.release();
      }
    }

    private void sseByte(byte c) {
      if (digits) {
        if (c >= '0' && c <= '9') {
          value = value * 10 + (c - '0');
        } else {
          digits = false;
          arrived(value);
        }
      } else if (c == DATA[dataMatch]) {
        if (++dataMatch == DATA.length) {
          dataMatch = 0;
          digits = true;
          value = 0;
        }
      } else {
        dataMatch = c == DATA[0] ? 1 : 0;
      }
    }

    private void frameByte(ChannelHandlerContext ctx, byte c) {
      if (payloadLeft > 0) {
        payload[payloadLength++] = c;
        if (--payloadLeft == 0) {
          frameDone(ctx);
        }
        return;
      }
      header[headerLength++] = c;
      int needed = headerLength >= 2 && (header[1] & 0x7f) == 126 ? 4 : 2; // ids are short; 126 just in case
      if (headerLength < needed) {
        return;
      }
      int len = needed == 4 ? ((header[2] & 0xff) << 8) | (header[3] & 0xff) : header[1] & 0x7f;
      headerLength = 0;
      payloadLength = 0;
      payloadLeft = Math.min(len, payload.length);
      if (payloadLeft == 0) {
        frameDone(ctx);
      }
    }

    private void frameDone(ChannelHandlerContext ctx) {
      int opcode = header[0] & 0x0f;
      if (opcode == 1) {
        arrived(Integer.parseInt(new String(payload, 0, payloadLength, StandardCharsets.US_ASCII)));
      } else if (opcode == 9) { // ping: a masked pong with the same payload (mask key 0)
        ByteBuf pong = ctx.alloc().buffer(6 + payloadLength);
        pong.writeByte(0x8a).writeByte(0x80 | payloadLength).writeInt(0).writeBytes(payload, 0, payloadLength);
        ctx.writeAndFlush(pong);
      }
    }

    private void arrived(int id) {
      Round r = current;
      if (r != null && r.id == id) {
        r.arrived(index, System.nanoTime());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      PROBLEMS.add("connection " + index + ": " + cause);
      ctx.close();
    }
  }
}
