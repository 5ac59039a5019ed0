package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValidationTest {

  @Test
  void badChannelNamesAreRefusedWithAClearMessage() {
    try (Hub hub = Hub.inMemory()) {
      SubscribeOptions o = SubscribeOptions.disconnect();
      refused("channel name must not be null", () -> hub.publish(null, "message", "x"));
      refused("channel name must not be blank, got ' '", () -> hub.subscribe(" ", o));
      refused("channel name must not be blank, got ''", () -> hub.subscribers(""));
      refused("channel name must be at most 256 characters, got 257",
          () -> hub.subscribe("c".repeat(257), o, m -> {}));
    }
  }

  @Test
  void missingArgumentsAreRefusedWithAClearMessage() {
    try (Hub hub = Hub.inMemory()) {
      refused("event must not be null", () -> hub.publish("c", null, "x"));
      refused("data must not be null", () -> hub.publish("c", "message", null));
      refused("options must not be null", () -> hub.subscribe("c", null));
      refused("onMessage must not be null",
          () -> hub.subscribe("c", SubscribeOptions.disconnect(), null));
    }
  }

  @Test
  void absurdSubscribeOptionsAreRefused() {
    refused("capacity must be between 1 and 65536, got 0",
        () -> SubscribeOptions.dropOldest().capacity(0));
    refused("capacity must be between 1 and 65536, got 1000000",
        () -> SubscribeOptions.disconnect().capacity(1_000_000));
    refused("afterId must not be negative, got -1", () -> SubscribeOptions.disconnect().afterId(-1));
  }

  @Test
  void badHistorySettingsAreRefused() {
    refused("history maxCount must be between 1 and 1048576, got 0",
        () -> InMemoryHub.builder().history("c", 0));
    refused("history maxCount must be between 1 and 1048576, got 2000000",
        () -> InMemoryHub.builder().history("c", 2_000_000));
    refused("history maxAge must be zero (no limit) or positive, got PT-1S",
        () -> InMemoryHub.builder().history("c", 10, Duration.ofSeconds(-1)));
    refused("'*' may only end a history pattern (a prefix), got 'a*b'",
        () -> InMemoryHub.builder().history("a*b", 10));
    refused("history needs a channel name or prefix*, got ' '",
        () -> InMemoryHub.builder().history(" ", 10));
    refused("history for 'chat:*' is already set",
        () -> InMemoryHub.builder().history("chat:*", 10).history("chat:*", 20));
    refused("maxChannels must be positive, got 0", () -> InMemoryHub.builder().maxChannels(0));
  }

  private static void refused(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
