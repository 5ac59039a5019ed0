package dev.eddy.redis.internal;

import dev.eddy.hub.Message;
import dev.eddy.hub.Overflow;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription.End;
import dev.eddy.hub.Subscription.Resume;
import dev.eddy.internal.hub.QueuedSubscription;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * HubChannel is a Redis Hub channel as one instance sees it: the local subscriptions and the
 * position up to which the stream reader has fanned the channel's stream out to them. It exists
 * while the channel has local subscribers. Its monitor orders a fan-out (reader thread) against a
 * registration (subscriber thread): a new subscription's replay ends exactly at {@link #position},
 * and the reader delivers only what is above it, so replay and live messages meet without a gap or
 * a duplicate.
 *
 * <p>{@code lastId} is the newest id fanned out, which a local-only message (published while Redis
 * was unreachable) can push past the stream position; stream entries at or below it are then not
 * delivered, so every subscription still sees ids only increase.
 */
public final class HubChannel implements StreamReader.Feed {
  private final String name;
  private final String key;
  private final Consumer<HubChannel> onIdle;
  private final LongSupplier floor; // the channel's floor in Redis, after an outage
  private final Set<QueuedSubscription> subscribers = new LinkedHashSet<>();
  /** Subscriptions that resumed from an id the reader has not reached yet: nothing up to it goes to them. */
  private final Map<QueuedSubscription, Long> startAfter = new IdentityHashMap<>();
  private String position;
  private long positionId;
  private long lastId;
  private long lost;
  private boolean removed;
  private boolean idleReported;

  /**
   * A channel whose reading starts after {@code startId}; {@code onIdle} is called, outside the
   * monitor, once it has no subscribers left and is removed; {@code floor} looks up the channel's
   * floor in Redis (every id above it is still in its stream).
   */
  public HubChannel(String name, String key, long startId, Consumer<HubChannel> onIdle, LongSupplier floor) {
    this.name = name;
    this.key = key;
    this.onIdle = onIdle;
    this.floor = floor;
    this.position = StreamIds.of(startId);
    this.positionId = startId;
    this.lastId = startId;
  }

  public String name() {
    return name;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public synchronized String position() {
    return position;
  }

  @Override
  public void deliver(List<StreamMessage<String, String>> entries) {
    synchronized (this) {
      if (removed) {
        return;
      }
      for (StreamMessage<String, String> entry : entries) {
        long id = StreamIds.toLong(entry.getId());
        if (id <= positionId) {
          continue;
        }
        positionId = id;
        position = entry.getId();
        if (id <= lastId) {
          continue; // a local-only message went out with a higher id meanwhile
        }
        lastId = id;
        Map<String, String> body = entry.getBody();
        fanOut(new Message(name, id, body.getOrDefault("e", ""), body.getOrDefault("d", "")));
      }
    }
    idleCheck(); // subscriptions too slow for the fan-out have left
  }

  /**
   * After an outage: if the stream was trimmed past our position while we could not read, the
   * messages in between are lost here. DISCONNECT subscriptions end TOO_SLOW (they resume with
   * their last id and are told GAP); DROP_OLDEST ones go on, having accepted loss.
   */
  @Override
  public void recovered() {
    long f = floor.getAsLong();
    synchronized (this) {
      if (removed || f <= positionId) {
        return;
      }
      lost++;
      for (var it = subscribers.iterator(); it.hasNext(); ) {
        QueuedSubscription sub = it.next();
        if (sub.overflow() == Overflow.DISCONNECT) {
          sub.end(End.TOO_SLOW);
          it.remove();
          startAfter.remove(sub);
        }
      }
    }
    idleCheck();
  }

  /** How many times an outage lost messages of this channel for this instance. */
  public synchronized long lost() {
    return lost;
  }

  /**
   * Registers a subscription that first replays {@code retained} (the snapshot's entries, taken
   * when the channel's last id was {@code snapshotLast}); null if the channel was removed, or if
   * the reader has already fanned out past the snapshot (take a fresh one and retry).
   *
   * @param afterId the id to resume after, or -1 for live only
   * @param floorId every id above it is in the stream
   * @param history whether the channel keeps history (replays it)
   */
  public synchronized QueuedSubscription subscribe(long afterId, long snapshotLast, long floorId, boolean history,
      List<Message> retained, SubscribeOptions options, Consumer<Message> onMessage, ThreadFactory threads) {
    if (removed || positionId > snapshotLast) {
      return null;
    }
    Resume resume = Resume.LIVE;
    Message[] replay = new Message[0];
    if (afterId >= 0) {
      long upTo = Math.max(lastId, snapshotLast);
      if (afterId > upTo) {
        resume = Resume.UNKNOWN;
      } else if (history) {
        resume = afterId >= floorId ? Resume.COMPLETE : Resume.GAP;
      } else {
        resume = afterId >= lastId ? Resume.COMPLETE : Resume.GAP;
      }
      if (history) {
        List<Message> upToPosition = new ArrayList<>(retained.size());
        for (Message m : retained) {
          if (m.id() <= positionId) {
            upToPosition.add(m); // the reader delivers what is above the position
          }
        }
        replay = upToPosition.toArray(Message[]::new);
      }
    }
    QueuedSubscription sub = new QueuedSubscription(name, this::unregister, options, resume, replay, onMessage, threads);
    subscribers.add(sub);
    if (afterId > positionId && resume != Resume.UNKNOWN) {
      startAfter.put(sub, afterId); // it has seen up to afterId, which the reader is yet to deliver
    }
    sub.start();
    return sub;
  }

  /**
   * Delivers a message that could not go through Redis to this instance's subscribers only, with
   * the id after the last one they got; null if the channel was removed.
   */
  public Message publishLocally(String event, String data) {
    Message m;
    synchronized (this) {
      if (removed) {
        return null;
      }
      lastId++;
      m = new Message(name, lastId, event, data);
      fanOut(m);
    }
    idleCheck();
    return m;
  }

  public synchronized int subscriberCount() {
    return subscribers.size();
  }

  /** Ends every subscription with HUB_CLOSED and removes the channel. */
  public void close() {
    synchronized (this) {
      for (QueuedSubscription sub : subscribers) {
        sub.end(End.HUB_CLOSED);
      }
      subscribers.clear();
      startAfter.clear();
    }
    idleCheck();
  }

  private void fanOut(Message m) {
    for (var it = subscribers.iterator(); it.hasNext(); ) {
      QueuedSubscription sub = it.next();
      if (!startAfter.isEmpty()) {
        Long skip = startAfter.get(sub);
        if (skip != null && m.id() <= skip) {
          continue;
        }
        startAfter.remove(sub);
      }
      if (!sub.offer(m)) {
        it.remove();
      }
    }
  }

  private void unregister(QueuedSubscription sub) {
    synchronized (this) {
      subscribers.remove(sub);
      startAfter.remove(sub);
    }
    idleCheck();
  }

  /** Removes the channel once nobody here subscribes, and tells the hub, once; outside the monitor. */
  private void idleCheck() {
    synchronized (this) {
      if (!subscribers.isEmpty() || idleReported) {
        return;
      }
      removed = true;
      idleReported = true;
    }
    onIdle.accept(this);
  }
}
