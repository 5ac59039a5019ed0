package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * RequestSmugglingTest sends Eddy's own request-smuggling vectors over raw sockets: messages whose
 * framing or syntax a front-end proxy might read differently than Eddy does. Each must be refused:
 * a 4xx status line, then the connection closes with nothing after it. Every vector is followed on
 * the same write by a complete, valid request for {@code /smuggled}; it must never be answered, so
 * no byte after a rejected request is ever parsed as a request of its own.
 */
class RequestSmugglingTest {
  /** A valid request that must never get an answer when it follows a rejected one. */
  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

  private static final Set<Integer> CLIENT_ERRORS = rangeSet(400, 499);

  /** A small body limit, so a body over it fits in one write. */
  private static final int BODY_LIMIT = 1024;

  /** Vector is one malformed message; {@code allowed} are the statuses that count as its refusal. */
  record Vector(String group, String name, String request, Set<Integer> allowed) {
    Vector(String group, String name, String request) {
      this(group, name, request, CLIENT_ERRORS);
    }
  }

  static List<Vector> vectors() {
    List<Vector> v = new ArrayList<>();
    String post = "POST / HTTP/1.1\r\nHost: x\r\n";

    // Two framings in one message: whichever a proxy picks, Eddy must pick neither.
    v.add(new Vector("CL+TE", "Content-Length then Transfer-Encoding",
        post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX"));
    v.add(new Vector("CL+TE", "Transfer-Encoding then Content-Length",
        post + "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nX"));
    v.add(new Vector("CL+TE", "Content-Length: 0 with chunked",
        post + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("CL+TE", "Content-Length with Transfer-Encoding: identity",
        post + "Content-Length: 5\r\nTransfer-Encoding: identity\r\n\r\nhello"));
    v.add(new Vector("CL+TE", "HTTP/1.0 with both",
        "POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));

    // Content-Length: exactly one value of digits.
    v.add(new Vector("Content-Length", "duplicate, same value",
        post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "duplicate, conflicting values",
        post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"));
    v.add(new Vector("Content-Length", "list '5,5'", post + "Content-Length: 5,5\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "list '5, 5'", post + "Content-Length: 5, 5\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "list '5, 6'", post + "Content-Length: 5, 6\r\n\r\nhello!"));
    v.add(new Vector("Content-Length", "sign '+5'", post + "Content-Length: +5\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "negative '-5'", post + "Content-Length: -5\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "hex '0x5'", post + "Content-Length: 0x5\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "trailing letter '5a'", post + "Content-Length: 5a\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "decimal '5.0'", post + "Content-Length: 5.0\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "inner space '4 2'", post + "Content-Length: 4 2\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "empty", post + "Content-Length:\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "huge, beyond a long",
        post + "Content-Length: 99999999999999999999999\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "2^64 + 5, wraps to 5 in 64 bits",
        post + "Content-Length: 18446744073709551621\r\n\r\nhello"));
    v.add(new Vector("Content-Length", "2^32 + 5, wraps to 5 in 32 bits (over the body limit)",
        post + "Content-Length: 4294967301\r\n\r\nhello"));

    // Transfer-Encoding: a single 'chunked' and nothing else.
    v.add(new Vector("Transfer-Encoding", "'chunked, gzip' (chunked not last)",
        post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'gzip' alone", post + "Transfer-Encoding: gzip\r\n\r\nhello"));
    v.add(new Vector("Transfer-Encoding", "'gzip, chunked' (Eddy decodes no other coding)",
        post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'chunked, chunked' (chunked twice)",
        post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'identity'", post + "Transfer-Encoding: identity\r\n\r\nhello"));
    v.add(new Vector("Transfer-Encoding", "two fields, chunked then gzip",
        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "two fields, chunked twice",
        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'xchunked'", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'chunkedx'", post + "Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'chunked' with a vertical tab after",
        post + "Transfer-Encoding: chunked\u000b\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'chunked' with a form feed after",
        post + "Transfer-Encoding: chunked\f\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'chunked' with a vertical tab before",
        post + "Transfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'chunked,' with an empty list element",
        post + "Transfer-Encoding: chunked,\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "'\"chunked\"' quoted", post + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "empty value", post + "Transfer-Encoding:\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("Transfer-Encoding", "in an HTTP/1.0 request",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));

    // obs-fold: a header line starting with whitespace continues the previous one in old parsers.
    v.add(new Vector("obs-fold", "space-folded value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"));
    v.add(new Vector("obs-fold", "tab-folded value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n"));
    v.add(new Vector("obs-fold", "fold hiding a Content-Length",
        post + "X-A: a\r\n Content-Length: 37\r\n\r\n"));
    v.add(new Vector("obs-fold", "fold continuing Transfer-Encoding",
        post + "Transfer-Encoding: chunked\r\n identity\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("obs-fold", "whitespace line right after the request line",
        "GET / HTTP/1.1\r\n Host: x\r\n\r\n"));

    // No Content-Length and no Transfer-Encoding means no body (RFC 9112 section 6.3), whatever else.
    v.add(new Vector("implied body", "hixie-76 WebSocket keys (Netty would read 8 body bytes)",
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: WebSocket\r\n"
            + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\nSec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n"));
    v.add(new Vector("implied body", "hixie-76 keys without Upgrade",
        "GET / HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key1: a\r\nSec-WebSocket-Key2: b\r\n\r\n"));

    // Line ends are CRLF: a bare CR or bare LF ends nothing.
    v.add(new Vector("line ends", "bare CR after the request line", "GET / HTTP/1.1\rHost: x\r\n\r\n"));
    v.add(new Vector("line ends", "bare CR between headers", "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n"));
    v.add(new Vector("line ends", "bare CR ending the header section",
        "GET / HTTP/1.1\r\nHost: x\r\n\rZGET /evil HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("line ends", "bare LF after the request line", "GET / HTTP/1.1\nHost: x\r\n\r\n"));
    v.add(new Vector("line ends", "bare LF between headers", "GET / HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n"));
    v.add(new Vector("line ends", "bare LF ending the header section", "GET / HTTP/1.1\r\nHost: x\r\n\n"));
    v.add(new Vector("line ends", "bare LF everywhere", "GET / HTTP/1.1\nHost: x\n\n"));
    v.add(new Vector("line ends", "bare LF hiding a Content-Length",
        post + "X-A: a\nContent-Length: 37\r\n\r\n"));
    v.add(new Vector("line ends", "bare LF after a chunk size",
        post + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("line ends", "bare LF after chunk data",
        post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n"));
    v.add(new Vector("line ends", "bare CR after a chunk size",
        post + "Transfer-Encoding: chunked\r\n\r\n5\rhello\r\n0\r\n\r\n"));

    // Control bytes: none in the request line, in field names or in field values.
    v.add(new Vector("control bytes", "NUL in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"));
    v.add(new Vector("control bytes", "NUL in a header name", "GET / HTTP/1.1\r\nHost: x\r\nX\0A: b\r\n\r\n"));
    v.add(new Vector("control bytes", "SOH in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n"));
    v.add(new Vector("control bytes", "ESC in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u001bb\r\n\r\n"));
    v.add(new Vector("control bytes", "DEL in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u007fb\r\n\r\n"));
    v.add(new Vector("control bytes", "vertical tab in a header value",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u000bb\r\n\r\n"));
    v.add(new Vector("control bytes", "form feed in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\fb\r\n\r\n"));
    v.add(new Vector("control bytes", "NUL in the Host value", "GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n"));
    v.add(new Vector("control bytes", "NUL in the request target", "GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "SOH in the request target", "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "DEL in the request target", "GET /a\u007fb HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "NUL in the method", "G\0ET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "NUL after the version", "GET / HTTP/1.1\0\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "tab between method and target", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "two spaces between method and target", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "vertical tab between target and version",
        "GET /\u000bHTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("control bytes", "raw 0xFF in the request target", "GET /\u00ff HTTP/1.1\r\nHost: x\r\n\r\n"));

    // Before the request line only empty lines (CRLF) may come (RFC 9112 section 2.2).
    v.add(new Vector("before the request line", "space", " GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("before the request line", "tab", "\tGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("before the request line", "NUL", "\0GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("before the request line", "SOH", "\u0001GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("before the request line", "vertical tab", "\u000bGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("before the request line", "form feed", "\fGET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    v.add(new Vector("before the request line", "DEL", "\u007fGET / HTTP/1.1\r\nHost: x\r\n\r\n"));

    // Whitespace between a field name and its colon (RFC 9112 section 5.1: MUST reject with 400).
    v.add(new Vector("space before colon", "Host", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"));
    v.add(new Vector("space before colon", "Content-Length", post + "Content-Length : 5\r\n\r\nhello"));
    v.add(new Vector("space before colon", "Transfer-Encoding", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"));
    v.add(new Vector("space before colon", "tab before colon", "GET / HTTP/1.1\r\nHost: x\r\nX-A\t: b\r\n\r\n"));

    // Chunk sizes are hex digits only.
    String chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
    v.add(new Vector("chunk size", "'g'", chunked + "g\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "'-5'", chunked + "-5\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "'+5'", chunked + "+5\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "'0x5'", chunked + "0x5\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "leading space", chunked + " 5\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "trailing space", chunked + "5 \r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "empty", chunked + "\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "'1_0'", chunked + "1_0\r\n0123456789abcdef\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "NUL after the size", chunked + "5\0\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "chunk data longer than its size", chunked + "5\r\nhelloX\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size", "last chunk missing its CRLF", chunked + "5\r\nhello\r\n0\r\nX"));
    v.add(new Vector("chunk size overflow", "2^64 + 5, wraps to 5 in 64 bits",
        chunked + "10000000000000005\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size overflow", "twenty f digits", chunked + "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n"));
    v.add(new Vector("chunk size overflow", "2^32 + 5, wraps to 5 in 32 bits (over the body limit)",
        chunked + "100000005\r\n" + "a".repeat(2 * BODY_LIMIT) + "\r\n0\r\n\r\n"));

    // A rejected request's body is a valid request: it must be swallowed by the close.
    v.add(new Vector("body after a rejection", "duplicate Content-Length whose body is a request",
        post + "Content-Length: " + SMUGGLED.length() + "\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED));
    v.add(new Vector("body after a rejection", "CL+TE whose body is a request",
        post + "Content-Length: " + SMUGGLED.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + SMUGGLED));
    v.add(new Vector("body after a rejection", "over the body limit (413), body is a request",
        post + "Content-Length: " + (BODY_LIMIT + 1) + "\r\n\r\n" + SMUGGLED));
    v.add(new Vector("body after a rejection", "chunked body over the limit (413), then a request",
        post + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(2 * BODY_LIMIT) + "\r\n"
            + "a".repeat(2 * BODY_LIMIT) + "\r\n0\r\n\r\n"));
    v.add(new Vector("body after a rejection", "HTTP/2.0 version (505), body is a request",
        "POST / HTTP/2.0\r\nHost: x\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED,
        Set.of(400, 505)));
    v.add(new Vector("body after a rejection", "no Host, body is a request",
        "POST / HTTP/1.1\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED));
    v.add(new Vector("body after a rejection", "CONNECT (501), tunnel bytes are a request",
        "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n" + SMUGGLED, Set.of(400, 405, 501)));
    return v;
  }

  @TestFactory
  Stream<DynamicTest> vectorsAreRejectedAndCloseTheConnection() {
    return vectors().stream().map(v -> DynamicTest.dynamicTest(v.group() + ": " + v.name(), () -> check(v)));
  }

  /** The control: the same server answers a clean request and the smuggled one when sent alone. */
  @Test
  void cleanRequestsAreAnswered() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawHttp raw = new RawHttp(server.port())) {
        raw.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + SMUGGLED);
        RawHttp.Response first = raw.readResponse(false);
        assertEquals(200, first.status(), raw.received());
        assertEquals("POST / 5", first.bodyText());
        RawHttp.Response second = raw.readResponse(false);
        assertEquals(200, second.status(), raw.received());
        assertEquals("GET /smuggled 0", second.bodyText());
        assertEquals(RawHttp.End.SILENT, raw.expectNothingMore(200));
      }
    });
  }

  private static void check(Vector v) throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawHttp raw = new RawHttp(server.port())) {
        raw.send(v.request() + SMUGGLED);
        try {
          RawHttp.Response r = raw.readResponse(false);
          if (r == null) {
            throw new AssertionError("connection closed without a response");
          }
          String allowed = v.allowed() == CLIENT_ERRORS ? "4xx" : v.allowed().stream().sorted().toList().toString();
          assertTrue(v.allowed().contains(r.status()), "expected a refusal (" + allowed + "), got " + r.statusLine()
              + " " + r.bodyText().trim());
          raw.expectClose();
          if (Boolean.getBoolean("corpus.verbose")) {
            System.out.println("VECTOR " + v.group() + ": " + v.name() + ": " + r.statusLine() + " " + r.bodyText().trim());
          }
        } catch (AssertionError | java.io.IOException e) {
          throw new AssertionError(v.group() + ": " + v.name() + "\nsent:\n"
              + LlhttpCorpus.Case.printable((v.request() + SMUGGLED).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
              + "\nreceived:\n" + raw.received() + "\nproblem: " + e.getMessage(), e);
        }
      }
    });
  }

  private static App app() {
    App app = new App();
    app.options(app.options().eventLoopThreads(1).maxBodyBytes(BODY_LIMIT));
    Handler echo = ctx -> ctx.text(ctx.method() + " " + ctx.path() + " " + ctx.body().length);
    for (String m : List.of("GET", "POST", "PUT")) {
      app.route(m, "/", echo);
      app.route(m, "/*", echo);
    }
    return app;
  }

  private static Set<Integer> rangeSet(int from, int to) {
    Set<Integer> s = new java.util.HashSet<>();
    for (int i = from; i <= to; i++) {
      s.add(i);
    }
    return Set.copyOf(s);
  }
}
