package dev.eddy.examples;

import dev.eddy.hub.Hub;
import dev.eddy.hub.InMemoryHub;
import dev.eddy.redis.Redis;
import dev.eddy.redis.RedisHub;
import dev.eddy.redis.RedisSessionStore;
import dev.eddy.redis.RedisTaskStore;
import dev.eddy.session.InMemorySessionStore;
import dev.eddy.session.SessionStore;
import dev.eddy.task.InMemoryTaskStore;
import dev.eddy.task.TaskStore;
import java.time.Duration;

/**
 * Backends says where the gallery keeps what several instances would share: in this process (the
 * default), or in Redis when {@code REDIS_URL} is set ({@code redis://127.0.0.1:6379}), so two
 * gallery instances behind a load balancer (or side by side: {@code ./eddy cluster}) share the
 * chat, the sessions and the tasks. An unreachable Redis stops the gallery at start-up with a
 * message naming its address.
 */
final class Backends implements AutoCloseable {
  private final Redis redis; // null: in memory

  private Backends(Redis redis) {
    this.redis = redis;
  }

  /** Redis if {@code REDIS_URL} is set, else memory. */
  static Backends fromEnvironment() {
    return at(Env.string("REDIS_URL", null));
  }

  /** Redis at {@code url} ({@code redis://host:port}), or memory if it is null. */
  static Backends at(String url) {
    return new Backends(url == null ? null : Redis.connect(url));
  }

  /** Whether state is shared through Redis. */
  boolean shared() {
    return redis != null;
  }

  /** A hub whose {@code channel} keeps {@code history} messages for at most {@code age}. */
  Hub hub(String channel, int history, Duration age) {
    return redis == null
        ? InMemoryHub.builder().history(channel, history, age).build()
        : RedisHub.builder(redis).history(channel, history, age).build();
  }

  /** Where sessions live. */
  SessionStore sessionStore() {
    return redis == null ? new InMemorySessionStore() : new RedisSessionStore(redis);
  }

  /** Where tasks are kept, for a {@code Tasks.builder().store(...)}. */
  TaskStore taskStore() {
    return redis == null ? InMemoryTaskStore.builder().build() : RedisTaskStore.builder(redis).build();
  }

  /** Closes the Redis connection; after the hubs and stores built on it. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  public String toString() {
    return redis == null ? "in memory" : "Redis at " + redis.address();
  }
}
