package dev.eddy.internal.server;

import dev.eddy.HttpException;
import dev.eddy.ServerOptions;
import dev.eddy.internal.app.AppHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;

/**
 * RequestReader turns what Netty's decoder produces on one connection into exchanges: it checks
 * each head ({@link RequestChecks}), looks up the route, applies the body limit as bytes arrive
 * (413, chunked bodies too), and collects the body, or feeds it to the handler as it arrives on a
 * streaming-body route. What it can't trust it refuses through {@link Sink#refuse}. Loop only.
 */
final class RequestReader {
  /** The most bytes of a streamed request body that wait for its reader. */
  private static final int MAX_STREAMED_BODY_QUEUE = 64 * 1024;

  /** Sink is what the connection does with what the reader finds. Loop only. */
  interface Sink {
    /** A request ready to run, in arrival order (with a streamed body: as soon as its head is read). */
    void accept(HttpExchange exchange);

    /** The request being read is refused: answer {@code status} in turn, then close. */
    void refuse(int status, String reason, boolean head);

    /** A request announced a protocol switch: nothing behind it may be decoded as HTTP. */
    void switchAnnounced();

    /** Nothing more may be read from the connection (a streamed body went wrong). */
    void stopReading();

    /** A streamed body's reader fell behind ({@code true}) or caught up ({@code false}). Any thread. */
    void bodyBackpressure(boolean paused);
  }

  private final HttpBridge bridge;
  private final ServerOptions options;
  private final Sink sink;
  private HttpExchange reading;
  private BodyBuffer body;
  private long streamedLimit;
  private long streamedBytes;

  private final InboundBytes.Flow bodyFlow = new InboundBytes.Flow() {
    @Override
    public void pause() {
      sink.bodyBackpressure(true);
    }

    @Override
    public void resume() {
      sink.bodyBackpressure(false);
    }
  };

  RequestReader(HttpBridge bridge, ServerOptions options, Sink sink) {
    this.bridge = bridge;
    this.options = options;
    this.sink = sink;
  }

  /** Whether a request has started arriving and is not complete yet. */
  boolean midRequest() {
    return reading != null;
  }

  void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      refuseHead(result.cause());
      return;
    }
    RequestChecks.Problem problem = RequestChecks.check(request, options);
    if (problem != null) {
      sink.refuse(problem.status(), problem.reason(), HttpMethod.HEAD.equals(request.method()));
      return;
    }
    String uri = request.uri();
    int q = uri.indexOf('?');
    String rawPath = RequestChecks.pathOf(q < 0 ? uri : uri.substring(0, q));
    if (rawPath == null) {
      sink.refuse(400, "Invalid request target", false);
      return;
    }
    String rawQuery = q < 0 ? null : uri.substring(q + 1);
    AppHandler.Lookup lookup = bridge.app().lookup(request.method().name(), rawPath);
    boolean streams = lookup.route().streamsBody();
    long limit = streams ? lookup.route().streamedBodyLimit() : options.maxBodyBytes();
    long length = HttpUtil.getContentLength(request, -1L);
    if (length > limit) {
      sink.refuse(413, "Request body larger than " + limit + " bytes", false);
      return;
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
    HttpExchange ex = new HttpExchange(bridge, request, rawPath, rawQuery, lookup, HttpUtil.isKeepAlive(request));
    reading = ex;
    if (streams && (length > 0 || HttpUtil.isTransferEncodingChunked(request))) {
      ex.bodyStream(new InboundBytes(MAX_STREAMED_BODY_QUEUE, bodyFlow));
      streamedLimit = limit;
      streamedBytes = 0;
      sink.accept(ex); // the handler starts now and reads the body as it arrives
    } else {
      body = length > 0 ? new BodyBuffer((int) length) : null;
    }
  }

  private void refuseHead(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      sink.refuse(414, "Request line too long", false);
    } else if (cause instanceof TooLongHttpHeaderException) {
      sink.refuse(431, "Request header fields too large", false);
    } else if (cause instanceof TooLongFrameException) {
      sink.refuse(400, "Request too large", false);
    } else {
      sink.refuse(400, "Malformed request: " + describe(cause), false);
    }
  }

  void onContent(HttpContent content) {
    HttpExchange ex = reading;
    if (ex == null) {
      return;
    }
    InboundBytes streamed = ex.streamedBody();
    if (content.decoderResult().isFailure()) {
      String reason = "Malformed body: " + describe(content.decoderResult().cause());
      drop();
      if (streamed != null) {
        // Its handler is already running and answers for it; nothing after this can be parsed.
        streamed.fail(new HttpException(400, reason));
        sink.stopReading();
      } else {
        sink.refuse(400, reason, false);
      }
      return;
    }
    if (streamed != null) {
      onStreamedContent(ex, streamed, content);
    } else {
      onBufferedContent(ex, content);
    }
  }

  private void onBufferedContent(HttpExchange ex, HttpContent content) {
    int n = content.content().readableBytes();
    if (n > 0) {
      if (body == null) {
        body = new BodyBuffer(Math.min(n, 8192));
      }
      if ((long) body.size() + n > options.maxBodyBytes()) {
        drop();
        sink.refuse(413, "Request body larger than " + options.maxBodyBytes() + " bytes", false);
        return;
      }
      body.append(content.content());
    }
    if (content instanceof LastHttpContent) {
      if (body != null) {
        ex.body(body.toByteArray());
      }
      drop();
      sink.accept(ex);
      if (ex.announcesSwitch()) {
        sink.switchAnnounced();
      }
    }
  }

  /** Feeds a streamed body; past the route's limit the reader gets 413 and reading stops. */
  private void onStreamedContent(HttpExchange ex, InboundBytes in, HttpContent content) {
    streamedBytes += content.content().readableBytes();
    if (streamedBytes > streamedLimit) {
      in.fail(new HttpException(413, "Request body larger than " + streamedLimit + " bytes"));
      drop();
      sink.stopReading(); // the rest of this connection's bytes are never parsed
      return;
    }
    in.offer(content.content());
    if (content instanceof LastHttpContent) {
      in.end();
      drop();
      if (ex.announcesSwitch()) {
        sink.switchAnnounced();
      }
    }
  }

  /**
   * Gives up the request being read (the client left, or stopped sending): a handler reading its
   * streamed body gets an {@link IOException} with {@code reason}, never a silent end.
   */
  void abandon(String reason) {
    if (reading != null && reading.streamedBody() != null) {
      reading.streamedBody().fail(new IOException(reason));
    }
    drop();
  }

  /** Forgets the request being read, if any. */
  void drop() {
    reading = null;
    body = null;
  }

  /** The decoder's reason, short and free of control characters, for a 400's text. */
  static String describe(Throwable cause) {
    String m = cause == null ? null : cause.getMessage();
    if (m == null) {
      return "invalid HTTP";
    }
    m = m.replaceAll("[\\p{Cntrl}]", " ");
    return m.length() > 120 ? m.substring(0, 120) + "..." : m;
  }
}
