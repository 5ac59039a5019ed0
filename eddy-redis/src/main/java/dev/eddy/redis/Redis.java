package dev.eddy.redis;

import dev.eddy.redis.internal.LuaScript;
import dev.eddy.redis.internal.StreamReader;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Redis is one Eddy instance's connection to the Redis server that several instances share: the
 * {@link RedisHub}, {@link RedisTaskStore} and {@link RedisSessionStore} of an instance are built on
 * one. It holds two connections (Lettuce, on Eddy's Netty): one for commands, pipelined and shared
 * by every caller, and one that only reads streams ({@code XREAD BLOCK}) for live delivery.
 *
 * <pre>{@code
 * Redis redis = Redis.connect(System.getenv("REDIS_URL"));   // redis://127.0.0.1:6379
 * Hub hub = RedisHub.builder(redis).history("chat", 500, Duration.ofMinutes(10)).build();
 * app.onStop(() -> { hub.close(); redis.close(); });
 * }</pre>
 *
 * <p><b>Failures.</b> {@link #connect} fails at once with a {@link RedisUnavailableException} that
 * names the address when the server can't be reached. Later outages crash nothing: commands fail
 * fast with {@link RedisException} while the connection is down (or after the command timeout when
 * the server stops answering), both connections are re-established in the background with
 * exponential backoff (100 ms doubling to 5 s), and the stream reader resumes each stream from the
 * last entry it delivered. What each backend does meanwhile is on its class.
 *
 * <p>Thread-safe. Close it after the backends built on it.
 */
public final class Redis implements AutoCloseable {
  /** How long a command may take before it fails, unless set. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private final String address;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final StreamReader reader;
  private final Duration commandTimeout;

  private Redis(String url, Duration commandTimeout, Duration connectTimeout) {
    RedisURI uri = parse(url);
    this.address = uri.getHost() + ":" + uri.getPort();
    this.commandTimeout = commandTimeout;
    uri.setTimeout(commandTimeout);
    this.resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled()) // each connection's own timeout: the reader's covers its BLOCK
        .build());
    StatefulRedisConnection<String, String> commands = null;
    StreamReader streams = null;
    try {
      commands = client.connect();
      String pong = commands.sync().ping();
      if (!"PONG".equals(pong)) {
        throw new RedisUnavailableException(address, "it answered PING with '" + pong + "'", null);
      }
      streams = new StreamReader(client, commands, address, commandTimeout);
    } catch (RuntimeException e) {
      if (commands != null) {
        commands.close();
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      if (e instanceof RedisUnavailableException u) {
        throw u;
      }
      throw new RedisUnavailableException(address, rootMessage(e), e);
    }
    this.connection = commands;
    this.reader = streams;
  }

  /**
   * Connects to {@code url} ({@code redis://[:password@]host[:port][/database]}, or
   * {@code rediss://} for TLS) with the default timeouts, and checks the server answers.
   *
   * @throws RedisUnavailableException naming the address if it can't be reached
   * @throws IllegalArgumentException if the URL is malformed
   */
  public static Redis connect(String url) {
    return builder(url).connect();
  }

  /** Settings for a connection to {@code url}; see {@link #connect(String)}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The server's {@code host:port}, for messages. */
  public String address() {
    return address;
  }

  /** Whether the command connection is up now. */
  public boolean isConnected() {
    return connection.isOpen();
  }

  /** How long one command may take before it fails. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** The shared command connection, for the backends of this module. */
  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  StreamReader reader() {
    return reader;
  }

  /** Runs {@code script}, loading it again if the server lost it (a restart). */
  <T> T run(LuaScript script, io.lettuce.core.ScriptOutputType type, String[] keys, String... args) {
    return script.run(connection.sync(), type, keys, args);
  }

  /** Stops the stream reader and closes both connections; idempotent. */
  @Override
  public void close() {
    reader.close();
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "Redis(" + address + (isConnected() ? ")" : ", disconnected)");
  }

  private static RedisURI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("A Redis URL is needed, like redis://127.0.0.1:6379");
    }
    try {
      return RedisURI.create(url.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a Redis URL: '" + url + "' (expected redis://host:port): " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Builder sets a connection's timeouts; not thread-safe. */
  public static final class Builder {
    private final String url;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration connectTimeout = Duration.ofSeconds(2);

    private Builder(String url) {
      this.url = url;
    }

    /**
     * How long a command may take (2 s unless set): while the server is alive but not answering
     * (paused, overloaded), calls fail after this long.
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /** How long connecting may take (2 s unless set). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Connects and checks the server answers.
     *
     * @throws RedisUnavailableException naming the address if it can't be reached
     */
    public Redis connect() {
      return new Redis(url, commandTimeout, connectTimeout);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
