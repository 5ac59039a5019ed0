package dev.eddy.task;

import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/** SseReader reads an event stream over the JDK's client, event by event, in tests. */
final class SseReader {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One event as it came on the wire. */
  record Event(long id, String event, String data) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return JSON.readValue(data, Map.class);
    }
  }

  final HttpResponse<Stream<String>> response;
  private final Iterator<String> lines;

  private SseReader(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.lines = response.body().iterator();
  }

  static SseReader open(TestClient client, HttpRequest.Builder request) throws Exception {
    return new SseReader(client.http().send(request.build(), HttpResponse.BodyHandlers.ofLines()));
  }

  static SseReader open(TestClient client, String path) throws Exception {
    return open(client, client.request(path));
  }

  /** The next event, or null when the stream ended; comments are skipped. */
  Event next() {
    long id = -1;
    String event = "message";
    StringBuilder data = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(id, event, data.toString());
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = line.substring(0, colon);
      String value = line.substring(colon + (line.startsWith(": ", colon) ? 2 : 1));
      switch (field) {
        case "id" -> id = Long.parseLong(value);
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    return null;
  }

  /** Every event until the stream ends. */
  List<Event> all() {
    List<Event> out = new ArrayList<>();
    for (Event e; (e = next()) != null; ) {
      out.add(e);
    }
    return out;
  }

  static List<String> names(List<Event> events) {
    return events.stream().map(Event::event).toList();
  }
}
