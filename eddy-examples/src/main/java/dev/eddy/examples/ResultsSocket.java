package dev.eddy.examples;

import dev.eddy.ws.WebSocket;
import dev.eddy.ws.WebSocketHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ResultsSocket is the results demo's WebSocket handler. Each connection gets one virtual thread,
 * its producer, which fetches pages 2 to {@value ResultsDemo#PAGES} one after another and sends
 * each, waiting until it is written before fetching the next, so a slow reader slows the producer
 * down instead of growing a queue. Then it sends {@code {"type":"done"}} and closes with 1000.
 *
 * <p>{@link #onClose} interrupts the producer wherever it is, in a fetch or waiting for a send,
 * so nothing more is fetched or sent for a socket that has closed: the seed's
 * {@code while not ws.closed} loop, made prompt. The server's shutdown closes every socket (1001),
 * which stops every producer the same way.
 *
 * <p>The socket takes no messages: a text message is answered with
 * {@code {"type":"error","error":"..."}} and otherwise ignored (pages keep coming); a binary
 * message closes the connection with 1003, the {@link WebSocketHandler} default.
 */
final class ResultsSocket implements WebSocketHandler {
  /** Page is one pushed page: {@code {"type":"results","page":n,"value":[...]}}. */
  record Page(String type, int page, List<String> value) {}

  /** Reply is an answer to a message the socket can't take: {@code {"type":"error","error":"..."}}. */
  record Reply(String type, String error) {}

  static final Map<String, String> DONE = Map.of("type", "done");
  static final Reply NO_MESSAGES = new Reply("error", "The results socket takes no messages: it only sends pages");

  private static final Logger log = LoggerFactory.getLogger(ResultsSocket.class);
  private static final ThreadFactory PRODUCERS = Thread.ofVirtual().name("results-producer-", 0).factory();

  private final ResultsDemo results;
  private final Map<WebSocket, Thread> producers = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();

  ResultsSocket(ResultsDemo results) {
    this.results = results;
  }

  @Override
  public void onOpen(WebSocket ws) {
    Thread producer = PRODUCERS.newThread(() -> produce(ws));
    producers.put(ws, producer); // before it starts, so a producer that ends at once still removes itself
    running.incrementAndGet();
    producer.start();
  }

  @Override
  public void onText(WebSocket ws, String text) {
    ws.sendJson(NO_MESSAGES);
  }

  @Override
  public void onClose(WebSocket ws, int code, String reason) {
    Thread producer = producers.remove(ws);
    if (producer != null) {
      producer.interrupt();
    }
  }

  /** Producer threads still running (a closed socket's producer counts until its thread ends). */
  int producing() {
    return running.get();
  }

  private void produce(WebSocket ws) {
    try {
      for (int page = 2; page <= ResultsDemo.PAGES; page++) {
        List<String> items = results.fetch(page);
        ws.sendJson(new Page("results", page, items)).toCompletableFuture().get();
      }
      ws.sendJson(DONE).toCompletableFuture().get();
      ws.close(1000, "All " + ResultsDemo.PAGES + " pages sent");
    } catch (InterruptedException closed) {
      // onClose: the socket is gone, so is the work
    } catch (ExecutionException e) {
      // the socket is closing (onClose follows), or its peer read too slowly and is being closed
      log.debug("Results for {} stopped: {}", ws.context().remoteAddress(), e.getCause().toString());
    } catch (RuntimeException e) {
      log.warn("Results for {} failed; closing with 1011", ws.context().remoteAddress(), e);
      ws.close(1011, "Internal server error");
    } finally {
      producers.remove(ws, Thread.currentThread());
      running.decrementAndGet();
    }
  }
}
