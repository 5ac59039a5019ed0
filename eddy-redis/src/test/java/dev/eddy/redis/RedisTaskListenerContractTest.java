package dev.eddy.redis;

import dev.eddy.contract.TaskListenerContract;
import dev.eddy.task.TaskStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The listener contract on {@link RedisTaskStore}: each store is an instance with its own
 * connection to a real redis-server, and its peer another instance with the same rules, so every
 * change a listener hears was made by the other instance and came through the change stream. Each
 * test has a key prefix of its own on the class's server.
 */
class RedisTaskListenerContractTest extends TaskListenerContract {
  private static final AtomicInteger prefixes = new AtomicInteger();
  private static RedisServer server;
  private final List<Redis> connections = new ArrayList<>();
  private final Map<TaskStore, Rules> rules = new IdentityHashMap<>();

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @Override
  protected void closeBackends() {
    for (Redis r : connections) {
      r.close();
    }
  }

  @Override
  protected TaskStore newStore(int retainAtMost) {
    return build(new Rules("contract" + prefixes.incrementAndGet() + ":", retainAtMost));
  }

  @Override
  protected TaskStore peerOf(TaskStore store) {
    return build(rules.get(store));
  }

  /** What a store and its peers share: the key prefix and the retention count. */
  private record Rules(String prefix, int retainAtMost) {}

  private TaskStore build(Rules r) {
    Redis redis = Redis.connect(server.url());
    connections.add(redis);
    RedisTaskStore store = RedisTaskStore.builder(redis).prefix(r.prefix()).retainAtMost(r.retainAtMost()).build();
    rules.put(store, r);
    return store;
  }

  @Override
  protected int reportsPerTask() {
    return 100; // a round trip each
  }

  @Override
  protected boolean deliversEachTaskInOrder() {
    return true; // one stream, written by scripts that run one at a time
  }
}
