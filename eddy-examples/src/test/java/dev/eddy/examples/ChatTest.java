package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.client.SseClient;
import dev.eddy.client.SseEvent;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import dev.eddy.test.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The chat demo (seed 001) on the real gallery app, with Eddy's Java SSE client as members. */
class ChatTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Member is one chat member: an event stream and the name it was welcomed with. */
  private static final class Member implements AutoCloseable {
    final SseClient sse;
    final String user;

    Member(TestServer server) throws InterruptedException {
      this(SseClient.connect(server.uri("/chat/events")));
    }

    Member(SseClient sse) throws InterruptedException {
      this.sse = sse;
      SseEvent welcome = sse.next(WAIT);
      assertNotNull(welcome, "a welcome within " + WAIT);
      assertEquals("welcome", welcome.event(), "the first event is the welcome");
      this.user = data(welcome).get("user");
      assertTrue(user.matches("[a-z]+-[a-z]+-[0-9]+"), user);
    }

    /** The next event, which must be {@code event}; returns its data. */
    Map<String, String> expect(String event) throws InterruptedException {
      return data(expectEvent(event));
    }

    SseEvent expectEvent(String event) throws InterruptedException {
      SseEvent e = sse.next(WAIT);
      assertNotNull(e, user + " expected '" + event + "' within " + WAIT);
      assertEquals(event, e.event(), user + " got " + e);
      return e;
    }

    @Override
    public void close() {
      sse.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> data(SseEvent e) {
    return JSON.readValue(e.data(), Map.class);
  }

  private static HttpResponse<String> say(TestClient client, String user, String message) throws Exception {
    return client.postJson("/chat/events", JSON.writeValueAsString(Map.of("user", user, "message", message)));
  }

  @Test
  void aNewMemberIsWelcomedFirstThenItsJoinIsAnnouncedToEveryone() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Member ada = new Member(server)) {
        assertEquals(Map.of("user", ada.user), ada.expect("joined"), "members see their own join");
        try (Member bob = new Member(server)) {
          assertNotEquals(ada.user, bob.user);
          assertEquals(Map.of("user", bob.user), bob.expect("joined"));
          assertEquals(Map.of("user", bob.user), ada.expect("joined"));
        }
      }
    });
  }

  @Test
  void aMessageIsBroadcastToEveryMember() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      List<Member> members = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          members.add(new Member(server));
          for (Member m : members) {
            m.expect("joined");
          }
        }
        String text = "Hello \"everyone\" <b>&</b>\nsecond line, é ✓ 🚀";
        HttpResponse<String> r = say(client, members.get(0).user, text);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Map.of("success", true), JSON.readValue(r.body(), Map.class));
        String id = null;
        for (Member m : members) {
          SseEvent e = m.expectEvent("message");
          assertEquals(Map.of("user", members.get(0).user, "message", text), data(e));
          assertFalse(e.id().isEmpty(), "chat events carry ids for resume");
          assertTrue(id == null || id.equals(e.id()), "one id for everyone");
          id = e.id();
        }
      } finally {
        members.forEach(Member::close);
      }
    });
  }

  @Test
  void aMemberThatLeavesIsAnnouncedAndCanNoLongerPost() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Member ada = new Member(server)) {
        ada.expect("joined");
        Member bob = new Member(server);
        ada.expect("joined");
        bob.close();
        assertEquals(Map.of("user", bob.user), ada.expect("left"));
        HttpResponse<String> r = say(client, bob.user, "still here?");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Unknown user '" + bob.user + "'"), r.body());
      }
    });
  }

  @Test
  void badPostsGet400WithTheReason() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Member ada = new Member(server)) {
        String user = JSON.writeValueAsString(ada.user);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"user\": " + user + ", \"message\": ", "Malformed JSON");
        cases.put("", "Request body is empty");
        cases.put("null", "Expected a JSON object");
        cases.put("[1, 2]", "JSON does not fit");
        cases.put("{\"message\": \"hi\"}", "user is missing");
        cases.put("{\"user\": \"\", \"message\": \"hi\"}", "user is missing");
        cases.put("{\"user\": \"nobody-here-1\", \"message\": \"hi\"}", "Unknown user 'nobody-here-1'");
        cases.put("{\"user\": " + user + "}", "message is missing");
        cases.put("{\"user\": " + user + ", \"message\": \"\"}", "message is empty");
        cases.put("{\"user\": " + user + ", \"message\": \" \\n\\t \"}", "message is empty");
        cases.put("{\"user\": " + user + ", \"message\": \"" + "x".repeat(2001) + "\"}", "message is 2001 characters long; the limit is 2000");
        cases.put("{\"user\": " + user + ", \"message\": \"" + "🚀".repeat(2001) + "\"}", "message is 2001 characters long");
        for (Map.Entry<String, String> c : cases.entrySet()) {
          HttpResponse<String> r = client.postJson("/chat/events", c.getKey());
          assertEquals(400, r.statusCode(), c.getKey());
          assertTrue(r.body().contains(c.getValue()), "for " + c.getKey() + " got: " + r.body());
        }
        assertEquals(415, client.post("/chat/events", "{}", "text/plain").statusCode());
        assertEquals(200, say(client, ada.user, "🚀".repeat(2000)).statusCode(), "2,000 characters, not UTF-16 units");
        ada.expect("joined");
        assertEquals("🚀".repeat(2000), ada.expect("message").get("message"), "refused posts sent nothing");
      }
    });
  }

  @Test
  void aReconnectingClientGetsWhatItMissedFromTheHistory() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      try (Member ada = new Member(server)) {
        ada.expect("joined");
        for (String text : List.of("one", "two", "three")) {
          assertEquals(200, say(client, ada.user, text).statusCode());
        }
        String afterOne = ada.expectEvent("message").id();
        ada.expect("message");
        ada.expect("message");
        try (Member back = new Member(SseClient.builder(server.uri("/chat/events")).lastEventId(afterOne).connect())) {
          assertEquals("two", back.expect("message").get("message"));
          assertEquals("three", back.expect("message").get("message"));
          assertEquals(Map.of("user", back.user), back.expect("joined"), "then live events");
        }
      }
    });
  }

  @Test
  void aMemberThatDoesNotReadIsDroppedWithoutHoldingUpTheOthers() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      BlockingQueue<SseEvent> seen = new LinkedBlockingQueue<>();
      try (SseClient ada = SseClient.builder(server.uri("/chat/events")).listener(seen::add).connect();
           Socket stalled = new Socket()) {
        String adaName = data(seen.poll(5, TimeUnit.SECONDS)).get("user");
        stalled.setReceiveBufferSize(8 * 1024);
        stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
        stalled.setSoTimeout(5000);
        stalled.getOutputStream().write("GET /chat/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        String stalledName = welcomeOf(stalled.getInputStream());
        // From here on the stalled member reads nothing. Ada keeps posting 2,000-byte messages
        // until the server gives up on it: a few MB at most (its queue plus the kernel's buffers).
        String text = "m".repeat(1990);
        int posted = 0;
        boolean leftSeen = false;
        List<SseEvent> received = new ArrayList<>();
        while (!leftSeen && posted < 20_000) {
          assertEquals(200, say(client, adaName, text + posted).statusCode());
          posted++;
          for (SseEvent e; (e = seen.poll()) != null; ) {
            received.add(e);
            leftSeen |= e.event().equals("left") && data(e).get("user").equals(stalledName);
          }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!leftSeen && System.nanoTime() < deadline) {
          SseEvent e = seen.poll(100, TimeUnit.MILLISECONDS);
          if (e != null) {
            received.add(e);
            leftSeen = e.event().equals("left") && data(e).get("user").equals(stalledName);
          }
        }
        assertTrue(leftSeen, "the stalled member was dropped and its leaving announced after " + posted + " posts");
        assertTrue(posted < 20_000, "dropped long before 40 MB were queued for it");
        // Everything Ada said reached Ada, in order, while the other member stalled.
        List<String> mine = new ArrayList<>();
        while (mine.size() < posted) {
          SseEvent e = received.isEmpty() ? seen.poll(5, TimeUnit.SECONDS) : received.remove(0);
          if (e == null) {
            fail("Ada got " + mine.size() + " of her " + posted + " messages");
          }
          if (e.event().equals("message")) {
            mine.add(data(e).get("message"));
          }
        }
        for (int i = 0; i < posted; i++) {
          assertEquals(text + i, mine.get(i));
        }
        assertEquals(400, say(client, stalledName, "hello?").statusCode(), "a dropped member is no longer a member");
      }
    });
  }

  /** Reads a raw event stream up to its welcome event and returns the name in it. */
  private static String welcomeOf(InputStream in) throws Exception {
    Pattern welcome = Pattern.compile("event: welcome\ndata: \\{\"user\":\"([^\"]+)\"}\n\n");
    StringBuilder seen = new StringBuilder();
    byte[] buf = new byte[1024];
    while (seen.length() < 16 * 1024) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      Matcher m = welcome.matcher(seen);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no welcome event in: " + seen);
  }
}
