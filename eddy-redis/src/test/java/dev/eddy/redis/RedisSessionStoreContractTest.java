package dev.eddy.redis;

import dev.eddy.contract.SessionStoreContract;
import dev.eddy.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The SessionStore contract on {@link RedisSessionStore}: two instances, each with its own connection. */
class RedisSessionStoreContractTest extends SessionStoreContract {
  private RedisServer server;
  private Redis a;
  private Redis b;

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServer.start();
    a = Redis.connect(server.url());
    b = Redis.connect(server.url());
  }

  @AfterEach
  void stopRedis() {
    a.close();
    b.close();
    server.close();
  }

  @Override
  protected SessionStore store() {
    return new RedisSessionStore(a);
  }

  @Override
  protected SessionStore peer() {
    return new RedisSessionStore(b);
  }
}
