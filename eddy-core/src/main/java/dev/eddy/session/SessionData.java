package dev.eddy.session;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * SessionData is what a {@link SessionStore} keeps for one session: when it was created (for the
 * absolute timeout) and its attributes, each already encoded as JSON text by the app's
 * {@link dev.eddy.JsonCodec}. Immutable.
 *
 * <p>{@link #toBytes()} and {@link #fromBytes} give a compact binary form for stores that keep
 * bytes (a Redis store, the signed cookie): a version byte, the creation time, then each attribute
 * as length-prefixed UTF-8 name and value.
 */
public record SessionData(Instant createdAt, Map<String, String> values) {
  private static final int VERSION = 1;

  public SessionData {
    Objects.requireNonNull(createdAt, "createdAt");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
  }

  /** The binary form, readable by {@link #fromBytes}. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(createdAt.toEpochMilli());
      out.writeInt(values.size());
      for (Map.Entry<String, String> e : values.entrySet()) {
        writeText(out, e.getKey());
        writeText(out, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #toBytes()}'s output.
   *
   * @throws IllegalArgumentException if the bytes are not a whole, valid encoding
   */
  public static SessionData fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes"));
    try {
      int version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("Unknown session data version " + version);
      }
      Instant created = Instant.ofEpochMilli(in.getLong());
      int count = in.getInt();
      // Each attribute takes at least 8 bytes, so a count beyond that is a lie, not an allocation.
      if (count < 0 || count > in.remaining() / 8) {
        throw new IllegalArgumentException("Session data claims " + count + " attributes in " + in.remaining() + " bytes");
      }
      Map<String, String> values = new LinkedHashMap<>(Math.max(4, count * 2));
      for (int i = 0; i < count; i++) {
        values.put(readText(in), readText(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("Session data has " + in.remaining() + " bytes past its end");
      }
      return new SessionData(created, values);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("Session data is truncated", e);
    }
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readText(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("Session data has a text of " + length + " bytes with " + in.remaining() + " left");
    }
    ByteBuffer slice = in.slice(in.position(), length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Session data has malformed UTF-8", e);
    }
  }
}
