package dev.eddy.bench.redis;

import dev.eddy.App;
import dev.eddy.hub.Hub;
import dev.eddy.hub.InMemoryHub;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.redis.Redis;
import dev.eddy.redis.RedisHub;
import dev.eddy.sse.SseOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RedisBroadcast measures how long a published message takes to reach 1,000 SSE subscribers: the
 * subscribers are connected to an Eddy app ("instance B") whose route subscribes them to its hub;
 * the publisher is either the same in-memory hub (one instance) or a RedisHub of its own ("instance
 * A", another connection) publishing through Redis to B's RedisHub. Each message carries its
 * System.nanoTime() at publish; each client (raw socket, virtual thread) records the delay when the
 * event's data line arrives. All in one JVM, so the clocks agree.
 *
 * <p>Args: redis URL; env CLIENTS (1000), MESSAGES (200), INTERVAL_MS (20).
 */
public final class RedisBroadcast {
  private static final int CLIENTS = Integer.parseInt(System.getenv().getOrDefault("CLIENTS", "1000"));
  private static final int MESSAGES = Integer.parseInt(System.getenv().getOrDefault("MESSAGES", "200"));
  private static final int INTERVAL_MS = Integer.parseInt(System.getenv().getOrDefault("INTERVAL_MS", "20"));

  private RedisBroadcast() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6390";
    System.out.printf("Broadcast to %d SSE subscribers, %d messages every %d ms%n", CLIENTS, MESSAGES, INTERVAL_MS);
    for (int round = 1; round <= 2; round++) { // round 1 warms the JIT up for both; round 2 is reported
      try (Hub memory = InMemoryHub.builder().build()) {
        long[] d = run(memory, memory);
        if (round == 2) {
          report("in-memory hub, one instance", d);
        }
      }
      try (Redis a = Redis.connect(url); Redis b = Redis.connect(url);
          RedisHub publisher = RedisHub.builder(a).build(); RedisHub subscriber = RedisHub.builder(b).build()) {
        long[] d = run(publisher, subscriber);
        if (round == 2) {
          report("RedisHub, instance A -> Redis -> instance B", d);
        }
      }
    }
  }

  /** Publishes on {@code from}; the SSE clients are subscribed through {@code to}. Returns delays in us. */
  private static long[] run(Hub from, Hub to) throws Exception {
    App app = new App();
    app.sse("/events", SseOptions.defaults(), client -> {
      Subscription sub = to.subscribe("bench", SubscribeOptions.dropOldest().capacity(1024),
          m -> client.send(m.event(), m.data(), Long.toString(m.id())));
      client.onClose(sub::close);
    });
    app.start(0);
    long[] delays = new long[CLIENTS * MESSAGES];
    AtomicInteger received = new AtomicInteger();
    CountDownLatch connected = new CountDownLatch(CLIENTS);
    List<Socket> sockets = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5000);
        s.setSoTimeout(30_000);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(("GET /events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readers.add(Thread.ofVirtual().start(() -> read(s, connected, delays, received)));
      }
      if (!connected.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("clients did not connect in 60 s");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (to.subscribers("bench") < CLIENTS && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      for (int i = 0; i < 20; i++) { // warm-up, not measured
        from.publish("bench", "warm", "0");
        Thread.sleep(INTERVAL_MS);
      }
      Thread.sleep(500);
      received.set(0);
      for (int i = 0; i < MESSAGES; i++) {
        from.publish("bench", "m", Long.toString(System.nanoTime()));
        Thread.sleep(INTERVAL_MS);
      }
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.get() < CLIENTS * MESSAGES && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      return Arrays.copyOf(delays, Math.min(received.get(), delays.length));
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
      for (Thread t : readers) {
        t.join(5000);
      }
      app.stop();
    }
  }

  private static void read(Socket s, CountDownLatch connected, long[] delays, AtomicInteger received) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      boolean measured = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty() && !measured) {
          measured = true; // end of the response head
          connected.countDown();
        } else if (line.equals("event: m")) {
          String data = in.readLine();
          long delay = (System.nanoTime() - Long.parseLong(data.substring("data: ".length()).strip())) / 1000;
          int i = received.getAndIncrement();
          if (i < delays.length) {
            delays[i] = delay;
          }
        }
      }
    } catch (Exception closed) {
      // the run is over
    }
  }

  private static void report(String what, long[] delays) {
    Arrays.sort(delays);
    System.out.printf("%-45s deliveries %7d  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", what, delays.length,
        pct(delays, 0.50), pct(delays, 0.99), delays.length == 0 ? 0 : delays[delays.length - 1] / 1000.0);
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1000.0;
  }
}
