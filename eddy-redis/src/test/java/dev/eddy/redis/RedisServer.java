package dev.eddy.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * RedisServer is a real {@code redis-server} process on a free loopback port, for one test: started
 * by {@link #start()}, stopped (and its files deleted) by {@link #close()}, also when the test
 * fails, and by a shutdown hook if the JVM dies first. It can be stopped and started again on the
 * same port, or paused with {@code kill -STOP} and resumed with {@code kill -CONT}. Every wait is
 * bounded. The binary is {@code redis-server} on the PATH or {@code REDIS_SERVER};
 * {@code .mvn/test-deps.sh} installs Debian's package. Other modules' tests (the gallery's) use it
 * through this module's test-jar.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(10);

  private final Path dir;
  private final int port;
  private final Thread cleanup = new Thread(this::kill, "redis-server-cleanup");
  private Process process;
  private boolean paused;

  private RedisServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server on a free port and waits until it answers PING. */
  public static RedisServer start() throws IOException, InterruptedException {
    RedisServer server = new RedisServer(Files.createTempDirectory("eddy-redis-test"), freePort());
    Runtime.getRuntime().addShutdownHook(server.cleanup);
    try {
      server.launch();
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** A free port nobody listens on, for a server that is down. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills the server at once, as a crash would (SIGKILL); its data is gone (no persistence). */
  public void crash() throws InterruptedException {
    resume();
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the server again on the same port, empty. */
  public void restart() throws IOException, InterruptedException {
    crash();
    launch();
  }

  /** {@code kill -STOP}: the process keeps its sockets but answers nothing. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
    paused = true;
  }

  /** {@code kill -CONT}: it answers again, and what was sent meanwhile is processed. */
  public void resume() throws InterruptedException {
    if (paused && process != null) {
      try {
        signal("-CONT");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      paused = false;
    }
  }

  /** Runs a command with redis-cli semantics over a raw socket (RESP), returning the raw reply's first line. */
  public String command(String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(2000);
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void kill() {
    try {
      crash();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (process != null) {
        process.destroyForcibly();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp directory left behind is no failure
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(), "--loglevel", "warning"));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
      }
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("redis-server did not answer on port " + port + " within " + READY + ": " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void signal(String signal) throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  private static String binary() {
    String env = System.getenv("REDIS_SERVER");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("redis-server is not installed: run .mvn/test-deps.sh, or apt-get install "
        + "redis-server, or set REDIS_SERVER to its path");
  }
}
