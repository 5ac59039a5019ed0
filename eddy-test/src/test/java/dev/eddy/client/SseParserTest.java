package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTML standard's event stream interpretation, fed in pieces as a network would. */
class SseParserTest {
  private final List<SseEvent> events = new ArrayList<>();
  private final List<Long> retries = new ArrayList<>();
  private final SseParser parser = new SseParser(new SseParser.Sink() {
    @Override
    public void event(SseEvent event) {
      events.add(event);
    }

    @Override
    public void retry(long millis) {
      retries.add(millis);
    }
  }, "", 1000);

  private List<String> data(String... chunks) {
    for (String chunk : chunks) {
      parser.feed(chunk);
    }
    return events.stream().map(SseEvent::data).toList();
  }

  private void bytes(int... chunk) {
    byte[] b = new byte[chunk.length];
    for (int i = 0; i < chunk.length; i++) {
      b[i] = (byte) chunk[i];
    }
    parser.feed(b, 0, b.length);
  }

  private void bytes(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    parser.feed(b, 0, b.length);
  }

  @Test
  void aBlankLineDispatchesTheEvent() {
    assertEquals(List.of(), data("data: a\n"));
    assertEquals(List.of("a"), data("\n"));
  }

  @Test
  void linesEndWithLfCrOrCrlf() {
    assertEquals(List.of("a", "b", "c", "d"), data("data: a\n\ndata: b\r\rdata: c\r\n\r\ndata: d\n\r"));
  }

  @Test
  void aCrlfSplitBetweenReadsIsOneLineEnd() {
    // Were the CR and the LF two line ends, "data: a\r" + "\n" would end the event after "a".
    assertEquals(List.of(), data("data: a\r", "\n", "data: b\r", "\n"));
    assertEquals(List.of("a\nb"), data("\r", "\n"));
    assertEquals(List.of("a\nb"), data("\n"), "the LF after a CR ends only one line");
  }

  @Test
  void aCrlfSplitBetweenByteReadsIsOneLineEnd() {
    bytes("data: a\r");
    bytes("\ndata: b\r");
    bytes("\n\r");
    bytes("\n");
    assertEquals(List.of("a\nb"), events.stream().map(SseEvent::data).toList());
  }

  @Test
  void oneLeadingByteOrderMarkIsSkipped() {
    bytes(0xEF, 0xBB);
    bytes(0xBF, 'd', 'a', 't', 'a', ':', 'x', '\n', '\n');
    assertEquals(List.of("x"), events.stream().map(SseEvent::data).toList());
  }

  @Test
  void aSecondByteOrderMarkIsPartOfTheFieldName() {
    assertEquals(List.of(), data("\uFEFF\uFEFFdata: x\n\n"));
    assertEquals(List.of("y"), data("data: y\n\n"));
  }

  @Test
  void aByteOrderMarkAfterTheStartIsNotSkipped() {
    assertEquals(List.of("\uFEFFx"), data("data: \uFEFFx\n\n"));
  }

  @Test
  void utf8SplitBetweenReadsIsDecoded() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    bytes("data: ");
    bytes(euro[0] & 0xFF);
    bytes(euro[1] & 0xFF);
    bytes(euro[2] & 0xFF, '\n', '\n');
    assertEquals("€", events.getFirst().data());
  }

  @Test
  void malformedUtf8BecomesTheReplacementCharacter() {
    bytes('d', 'a', 't', 'a', ':', 0xFF, 'x', '\n', '\n');
    assertEquals("\uFFFDx", events.getFirst().data());
  }

  @Test
  void dataLinesAreJoinedWithLf() {
    assertEquals(List.of("a\n\nc"), data("data: a\ndata:\ndata: c\n\n"));
  }

  @Test
  void onlyOneSpaceAfterTheColonIsRemoved() {
    assertEquals(List.of(" two", "none", ""), data("data:  two\n\ndata:none\n\ndata: \n\n"));
  }

  @Test
  void aLineWithoutAColonIsAFieldWithAnEmptyValue() {
    assertEquals(List.of("", "\n"), data("data\n\ndata\ndata\n\n"));
  }

  @Test
  void theValueRunsFromTheFirstColon() {
    assertEquals(List.of("a: b:c"), data("data: a: b:c\n\n"));
  }

  @Test
  void commentsAreIgnored() {
    assertEquals(List.of("x"), data(": hello\ndata: x\n:\n: data: y\n\n"));
  }

  @Test
  void unknownFieldsAreIgnoredAndNamesAreCaseSensitive() {
    assertEquals(List.of("x"), data("foo: bar\nData: nope\nEVENT: no\ndata: x\n\n"));
    assertEquals("message", events.getFirst().event());
  }

  @Test
  void eventSetsTheTypeForOneEventAndMessageIsTheDefault() {
    data("event: add\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n");
    assertEquals(List.of("add", "message", "message"), events.stream().map(SseEvent::event).toList());
  }

  @Test
  void anEventWithoutDataIsNotDispatched() {
    assertEquals(List.of(), data("event: ping\n\nid: 4\n\n:\n\n\n\n"));
    assertEquals(List.of("x"), data("data: x\n\n"));
    assertEquals("message", events.getFirst().event(), "the type of the undispatched event was reset");
  }

  @Test
  void idSetsTheLastEventIdWhichPersistsAcrossEvents() {
    data("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n");
    assertEquals(List.of("1", "1", "2"), events.stream().map(SseEvent::id).toList());
    assertEquals("2", parser.lastEventId());
  }

  @Test
  void anIdTakesEffectWhenItsEventEnds() {
    data("id: 1\ndata: a\n\nid: 2\n");
    assertEquals("1", parser.lastEventId());
    data("\n");
    assertEquals("2", parser.lastEventId(), "an event without data still sets the last event id");
  }

  @Test
  void anIdContainingNulIsIgnored() {
    data("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
    assertEquals(List.of("1", "1"), events.stream().map(SseEvent::id).toList());
  }

  @Test
  void anEmptyIdClearsTheLastEventId() {
    data("id: 1\ndata: a\n\nid\ndata: b\n\n");
    assertEquals("", events.get(1).id());
  }

  @Test
  void retryWithOnlyDigitsSetsTheReconnectionTime() {
    data("retry: 1500\ndata: a\n\n");
    assertEquals(List.of(1500L), retries);
    assertEquals(Duration.ofMillis(1500), events.getFirst().retry());
    data("retry: 7\n\n");
    assertEquals(List.of(1500L, 7L), retries, "retry takes effect without an event");
    data("data: b\n\n");
    assertNull(events.get(1).retry(), "retry belongs to its own event");
  }

  @Test
  void retryWithAnythingButDigitsIsIgnored() {
    data("retry: 15x\nretry: -1\nretry:  100\nretry:\nretry: 1.5\nretry\n\n");
    assertEquals(List.of(), retries);
  }

  @Test
  void anUnfinishedEventAtTheEndIsDropped() {
    data("data: a\n\ndata: b\n");
    parser.endOfStream();
    data("\n");
    assertEquals(List.of("a"), events.stream().map(SseEvent::data).toList());
    data("data: c");
    parser.endOfStream();
    assertEquals(List.of("a"), data("\n\n"));
  }

  @Test
  void aNewStreamKeepsTheLastEventIdAndMaySkipItsOwnByteOrderMark() {
    data("id: 9\ndata: a\n\nid: 10\ndata: b\n");
    parser.endOfStream();
    assertEquals("9", parser.lastEventId(), "the unfinished event's id is dropped with it");
    data("\uFEFFdata: c\n\n");
    assertEquals(List.of("9", "9"), events.stream().map(SseEvent::id).toList());
    assertEquals("c", events.get(1).data());
  }

  @Test
  void aLineLongerThanTheLimitFails() {
    assertThrows(IllegalStateException.class, () -> data("data: " + "x".repeat(1000)));
  }

  @Test
  void dataLongerThanTheLimitFails() {
    assertThrows(IllegalStateException.class, () -> data("data: x\n".repeat(600)));
  }
}
