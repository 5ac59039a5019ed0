package dev.eddy.hub;

import java.util.Objects;

/**
 * Message is one publication on a channel, as {@link Hub#publish} returns it and subscribers
 * receive it.
 *
 * @param channel the channel it was published on
 * @param id its id: ids increase per channel in publish order, are never reused by a hub, and
 *     need not be consecutive. It fits an SSE {@code id:} line and comes back as
 *     {@code Last-Event-ID}, for {@link SubscribeOptions#afterId(long)}.
 * @param event what kind of message this is, e.g. an SSE event name; the hub does not read it
 * @param data the payload; the hub does not read it
 */
public record Message(String channel, long id, String event, String data) {
  public Message {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(data, "data");
  }
}
