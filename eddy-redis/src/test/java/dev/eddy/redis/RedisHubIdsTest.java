package dev.eddy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.redis.internal.LuaScript;
import dev.eddy.redis.internal.StreamIds;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The id rule between the Hub's two scripts: a subscriber of a channel that has no messages yet
 * starts after the floor the snapshot gives, so the channel's first message must be above it, even
 * when it is published in the same millisecond of the server's clock (it was equal, and the
 * subscriber's stream reader skipped it as already seen).
 */
class RedisHubIdsTest {
  private static final LuaScript PUBLISH = LuaScript.load("hub-publish");
  private static final LuaScript SNAPSHOT = LuaScript.load("hub-snapshot");

  @Test
  void aNewChannelsFirstMessageIsAboveTheFloorASubscriberStartsFrom() throws Exception {
    try (RedisServer server = RedisServer.start(); Redis redis = Redis.connect(server.url())) {
      for (int i = 0; i < 300; i++) { // most pairs share a millisecond: the calls take far less
        String[] keys = {"ids:s:c" + i, "ids:m:c" + i};
        List<String> snap = redis.run(SNAPSHOT, ScriptOutputType.MULTI, keys, "", "0", "0");
        assertEquals("", snap.get(0), "a channel without messages");
        long floor = Long.parseLong(snap.get(1));
        String sid = redis.run(PUBLISH, ScriptOutputType.VALUE, keys, "message", "x", "10", "0", "60000");
        long id = StreamIds.toLong(sid);
        assertTrue(id > floor, "channel c" + i + ": first id " + id + " is not above the floor " + floor);
      }
    }
  }
}
