package dev.eddy.client;

import java.time.Duration;

/**
 * SseEvent is one dispatched server-sent event.
 *
 * @param id the last event id when the event was dispatched: set by the latest {@code id:} field,
 *     on this event or an earlier one, and empty if none was ever set (as in the browser's
 *     {@code MessageEvent.lastEventId})
 * @param event the {@code event:} field, {@code "message"} when absent or empty
 * @param data the {@code data:} lines joined with {@code \n}
 * @param retry the {@code retry:} field of this event's block, or null when it had none
 */
public record SseEvent(String id, String event, String data, Duration retry) {}
