package dev.eddy.client;

import dev.eddy.internal.client.StreamPublisher;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * RequestBody is what a {@link Request} sends: bytes in memory, or a stream read as it is sent.
 * A body is <em>replayable</em> when it can be sent again (bytes, and streams that come from a
 * supplier, which is asked again); {@link Retry} only repeats requests whose body is.
 */
public final class RequestBody {
  private final String contentType;
  private final long length;
  private final byte[] bytes;
  private final Supplier<? extends InputStream> stream;
  private final Flow.Publisher<ByteBuffer> publisher;

  private RequestBody(String contentType, long length, byte[] bytes, Supplier<? extends InputStream> stream,
                      Flow.Publisher<ByteBuffer> publisher) {
    this.contentType = contentType;
    this.length = length;
    this.bytes = bytes;
    this.stream = stream;
    this.publisher = publisher;
  }

  /** Bytes in memory ({@code contentType} may be null to send none). */
  public static RequestBody of(byte[] bytes, String contentType) {
    byte[] copy = Objects.requireNonNull(bytes, "bytes").clone();
    return new RequestBody(contentType, copy.length, copy, null, null);
  }

  /** Text, sent as UTF-8; add {@code ; charset=utf-8} to {@code contentType} if the server needs it. */
  public static RequestBody of(String text, String contentType) {
    byte[] utf8 = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
    return new RequestBody(contentType, utf8.length, utf8, null, null);
  }

  /**
   * A stream read while the request is sent (chunked, or with {@code length} bytes when it is not
   * -1), with backpressure: it is read only as fast as the connection takes it. The supplier is
   * asked for a new stream each time the request is sent, so the body is replayable.
   */
  public static RequestBody of(Supplier<? extends InputStream> stream, long length, String contentType) {
    Objects.requireNonNull(stream, "stream");
    checkLength(length);
    return new RequestBody(contentType, length, null, stream, null);
  }

  /**
   * A publisher of the body's bytes, honouring the connection's demand ({@code length} -1 when not
   * known: chunked). It can be subscribed to once, so the body is not replayable.
   */
  public static RequestBody of(Flow.Publisher<ByteBuffer> publisher, long length, String contentType) {
    Objects.requireNonNull(publisher, "publisher");
    checkLength(length);
    return new RequestBody(contentType, length, null, null, publisher);
  }

  private static void checkLength(long length) {
    if (length < -1) {
      throw new IllegalArgumentException("length must be -1 (unknown) or more, got " + length);
    }
  }

  /** The {@code Content-Type} sent with it, or null. */
  public String contentType() {
    return contentType;
  }

  /** Its length in bytes, or -1 when it is only known once sent. */
  public long length() {
    return length;
  }

  /** Whether it can be sent again. */
  public boolean replayable() {
    return publisher == null;
  }

  /** A copy of the bytes of a body in memory; null for a streamed body. */
  public byte[] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  /** The JDK publisher that sends this body once. */
  HttpRequest.BodyPublisher publisher() {
    if (bytes != null) {
      return HttpRequest.BodyPublishers.ofByteArray(bytes);
    }
    Flow.Publisher<ByteBuffer> p = stream != null ? new StreamPublisher(stream) : publisher;
    return length < 0 ? HttpRequest.BodyPublishers.fromPublisher(p) : HttpRequest.BodyPublishers.fromPublisher(p, length);
  }
}
