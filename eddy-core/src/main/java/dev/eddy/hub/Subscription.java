package dev.eddy.hub;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Subscription is one subscriber's view of a channel: its messages in id order, each at most once,
 * through a bounded queue (see {@link SubscribeOptions}).
 *
 * <p>A subscription made without a callback is read with {@link #next()}, {@link #poll} or a
 * for-each loop, from virtual-thread code:
 *
 * <pre>{@code
 * try (Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect())) {
 *   for (Message m : sub) {
 *     send(m);
 *   }
 *   log.info("chat ended: {}", sub.end().orElseThrow());
 * }
 * }</pre>
 *
 * <p>A subscription made with a callback delivers to it instead, and {@link #next()},
 * {@link #poll} and {@link #iterator()} throw {@link IllegalStateException}.
 *
 * <p>It ends once, for one {@link End} reason: {@link #close()} from any thread (the reader, the
 * callback, or code that learns the client went away), its queue overflowing under
 * {@link Overflow#DISCONNECT}, its callback throwing, or the hub closing. Messages still queued
 * when it ends are discarded, so the last message the subscriber handled is the place to resume
 * from.
 */
public interface Subscription extends Iterable<Message>, AutoCloseable {

  /** The channel this subscription reads. */
  String channel();

  /** How the subscription's start relates to the {@link SubscribeOptions#afterId} it asked for. */
  Resume resume();

  /**
   * Returns the next message, waiting for one as long as it takes.
   *
   * @throws SubscriptionEndedException once the subscription has ended, at once, even with
   *     messages still queued
   * @throws InterruptedException if the thread is interrupted while waiting; the subscription
   *     stays open
   */
  Message next() throws InterruptedException;

  /**
   * Returns the next message, waiting at most {@code timeout}; null if none came in time (a good
   * moment for an SSE keep-alive comment).
   *
   * @throws SubscriptionEndedException once the subscription has ended
   */
  Message poll(Duration timeout) throws InterruptedException;

  /**
   * Messages as {@link #next()} returns them. {@code hasNext()} waits for the next message and is
   * false once the subscription has ended (ask {@link #end()} why), or when the thread is
   * interrupted while waiting; the interrupt status is then kept set.
   */
  @Override
  Iterator<Message> iterator();

  /** How many messages {@link Overflow#DROP_OLDEST} discarded so far; always 0 under DISCONNECT. */
  long dropped();

  /** Why the subscription ended; empty while it is open. */
  Optional<End> end();

  /**
   * Completes with the reason once the subscription has ended. It completes on a hub thread,
   * never the one that ended the subscription, and in callback mode after the last callback has
   * returned, so code chained here may clean up (end an SSE response, say) without racing a
   * callback.
   */
  CompletionStage<End> whenEnded();

  /**
   * Ends the subscription with {@link End#CLOSED} unless it has already ended. Safe from any
   * thread, the callback included, and idempotent. A waiting {@link #next()} throws at once; a
   * callback already running finishes, and no other starts.
   */
  @Override
  void close();

  /** Why a subscription ended. */
  enum End {
    /** {@link Subscription#close()} was called. */
    CLOSED("it was closed"),
    /** Its queue was full when a message came and its overflow policy is DISCONNECT. */
    TOO_SLOW("its queue was full and its overflow policy is DISCONNECT"),
    /** Its callback threw; the exception is logged. */
    FAILED("its callback threw"),
    /** The hub was closed. */
    HUB_CLOSED("the hub was closed");

    private final String description;

    End(String description) {
      this.description = description;
    }

    /** A phrase for messages: "it was closed". */
    public String description() {
      return description;
    }
  }

  /**
   * Resume says how a subscription's first messages relate to the id it asked to resume after.
   * Subscribers that care about holes check it before reading, and on GAP or UNKNOWN reload what
   * they can't rebuild (an SSE app might send a "reset" event).
   */
  enum Resume {
    /** No {@code afterId} was given: live messages only, nothing replayed. */
    LIVE,
    /** Every message after {@code afterId} follows: the retained ones first, then live ones. */
    COMPLETE,
    /**
     * Some messages after {@code afterId} are gone (history trimmed or evicted, the channel kept
     * no history, or the id is from before this hub started); what was missed is unknown.
     * Everything still retained follows, then live messages.
     */
    GAP,
    /**
     * {@code afterId} is larger than any id this channel has given out, so it is not one of its
     * ids. Everything still retained follows, then live messages.
     */
    UNKNOWN
  }
}
