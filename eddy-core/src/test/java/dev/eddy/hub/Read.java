package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Read takes messages from subscriptions in tests, failing instead of hanging. */
final class Read {
  static final Duration PATIENCE = Duration.ofSeconds(5);

  private Read() {}

  /** The next {@code n} messages; fails if one takes longer than {@link #PATIENCE}. */
  static List<Message> next(Subscription sub, int n) throws InterruptedException {
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Message m = sub.poll(PATIENCE);
      assertNotNull(m, "message " + (i + 1) + " of " + n + " did not come on " + sub);
      out.add(m);
    }
    return out;
  }

  static List<String> data(List<Message> messages) {
    return messages.stream().map(Message::data).toList();
  }

  static List<Long> ids(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }

  /** Publishes data "prefix0" .. "prefix(n-1)" and returns the messages. */
  static List<Message> publish(Hub hub, String channel, String prefix, int n) {
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(hub.publish(channel, "message", prefix + i));
    }
    return out;
  }
}
