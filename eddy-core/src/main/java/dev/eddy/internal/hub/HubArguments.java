package dev.eddy.internal.hub;

import static dev.eddy.hub.Hub.MAX_CHANNEL_NAME;

import dev.eddy.hub.SubscribeOptions;

/**
 * HubArguments checks the arguments of a {@link dev.eddy.hub.Hub}'s methods and builders the same
 * way in every hub, so each refuses bad input with the same {@link IllegalArgumentException}
 * message.
 */
public final class HubArguments {
  private HubArguments() {}

  /** Checks a channel name: not null, not blank, at most {@link dev.eddy.hub.Hub#MAX_CHANNEL_NAME} characters. */
  public static void checkChannel(String channel) {
    if (channel == null) {
      throw new IllegalArgumentException("channel name must not be null");
    }
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel name must not be blank, got '" + channel + "'");
    }
    if (channel.length() > MAX_CHANNEL_NAME) {
      throw new IllegalArgumentException("channel name must be at most " + MAX_CHANNEL_NAME
          + " characters, got " + channel.length());
    }
  }

  /** Checks the arguments of {@code publish}: a good channel name, an event and data. */
  public static void checkPublish(String channel, String event, String data) {
    checkChannel(channel);
    if (event == null) {
      throw new IllegalArgumentException("event must not be null");
    }
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
  }

  /** Checks the arguments of {@code subscribe}: a good channel name and options. */
  public static void checkSubscribe(String channel, SubscribeOptions options) {
    checkChannel(channel);
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
  }

  /** Checks a builder's {@code maxChannels}: at least 1. */
  public static int checkMaxChannels(int maxChannels) {
    if (maxChannels < 1) {
      throw new IllegalArgumentException("maxChannels must be positive, got " + maxChannels);
    }
    return maxChannels;
  }
}
