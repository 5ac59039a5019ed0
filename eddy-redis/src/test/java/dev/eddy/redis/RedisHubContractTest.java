package dev.eddy.redis;

import dev.eddy.hub.Hub;
import dev.eddy.contract.HubContract;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Hub contract on {@link RedisHub}: each hub is an instance with its own connections to a real
 * redis-server, and its peer another instance with the same rules.
 */
class RedisHubContractTest extends HubContract {
  private RedisServer server;
  private final List<Redis> connections = new ArrayList<>();
  private final Map<Hub, String[]> rules = new IdentityHashMap<>();

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterEach
  void stopRedis() {
    for (Redis r : connections) {
      r.close();
    }
    server.close();
  }

  @Override
  protected Hub newHub(String history, int count) {
    Redis redis = Redis.connect(server.url());
    connections.add(redis);
    RedisHub.Builder b = RedisHub.builder(redis);
    if (history != null) {
      b.history(history, count);
    }
    RedisHub hub = b.build();
    rules.put(hub, history == null ? null : new String[] {history, Integer.toString(count)});
    return hub;
  }

  @Override
  protected Hub peerOf(Hub hub) {
    String[] rule = rules.get(hub);
    return newHub(rule == null ? null : rule[0], rule == null ? 0 : Integer.parseInt(rule[1]));
  }

  @Override
  protected int historySlack() {
    return 100; // MAXLEN ~ trims whole stream nodes of (by default) 100 entries
  }
}
